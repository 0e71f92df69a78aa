import { HttpStatus } from '@nestjs/common';
import { CodeOf, defineErrors, DomainError, errorCodes, FieldErrors } from '@kaytuu/shared';

export const PlansErrorCode = errorCodes('PLAN_EXISTS PLAN_NOT_EDITABLE PLAN_INVALID_TRANSITION PLAN_OWN_APPROVAL PLAN_NOT_CURRENT INVALID_PLAN');
export type PlansErrorCode = CodeOf<typeof PlansErrorCode>;

export const PlansError = defineErrors('PlansError', PlansErrorCode, (fail) => ({
  // one active plan per returnee: a new one starts when the previous is completed or closed
  exists: (planId: string) =>
    fail('PLAN_EXISTS', HttpStatus.CONFLICT, 'This returnee already has an active plan; revise it, or complete or close it first', undefined, { planId }),
  notEditable: (status: string) =>
    fail(
      'PLAN_NOT_EDITABLE',
      HttpStatus.CONFLICT,
      `A plan can be changed only while it is a draft or returned (this version is ${status}); revise it instead`,
      {
        status: `cannot change while ${status}`,
      },
    ),
  transition: (from: string, action: string, allowedFrom: readonly string[]) =>
    fail('PLAN_INVALID_TRANSITION', HttpStatus.CONFLICT, `A ${from} plan cannot be ${action}; only a plan that is ${allowedFrom.join(' or ')}`, undefined, {
      status: from,
      allowedFrom,
    }),
  notCurrent: () => fail('PLAN_NOT_CURRENT', HttpStatus.CONFLICT, 'This is an earlier version of the plan; work on the newest version'),
  ownApproval: () => fail('PLAN_OWN_APPROVAL', HttpStatus.FORBIDDEN, 'A plan is approved by a supervisor other than its author'),
  // well-formed but not acceptable here: a linked record of another returnee or office, an unknown owner
  invalid: (errors: FieldErrors, message: string) => fail('INVALID_PLAN', HttpStatus.UNPROCESSABLE_ENTITY, message, errors),
}));
export type PlansError = DomainError<PlansErrorCode>;
