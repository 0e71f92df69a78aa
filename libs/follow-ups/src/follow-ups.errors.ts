import { HttpStatus } from '@nestjs/common';
import { CodeOf, defineErrors, DomainError, errorCodes, FieldErrors } from '@kaytuu/shared';
import { FollowUpStatus } from './follow-up.entity';

export const FollowUpsErrorCode = errorCodes(
  'FOLLOW_UP_CLOSED FOLLOW_UP_NOT_ASSIGNED CASE_NOT_ASSIGNED INVALID_FOLLOW_UP DUE_IN_PAST PLAN_ALREADY_APPLIED PLAN_NOT_APPLICABLE',
);
export type FollowUpsErrorCode = CodeOf<typeof FollowUpsErrorCode>;

export const FollowUpsError = defineErrors('FollowUpsError', FollowUpsErrorCode, (fail) => ({
  closed: (status: FollowUpStatus) =>
    fail('FOLLOW_UP_CLOSED', HttpStatus.CONFLICT, `The follow-up is ${status}; only scheduled follow-ups can change`, undefined, { status }),
  notAssigned: () => fail('FOLLOW_UP_NOT_ASSIGNED', HttpStatus.FORBIDDEN, 'This follow-up belongs to another caseworker and is not on your case'),
  caseNotAssigned: () => fail('CASE_NOT_ASSIGNED', HttpStatus.FORBIDDEN, 'This case is assigned to another caseworker; ask your supervisor'),
  // A client mistake like any bad field (400 with errors.dueAt), with its own code so the console can say it plainly.
  dueInPast: () => fail('DUE_IN_PAST', HttpStatus.BAD_REQUEST, 'The follow-up must be due in the future', { dueAt: 'must be in the future' }),
  // Scheduling a plan twice would double every contact; the follow-ups it made can be moved or cancelled one by one.
  planAlreadyApplied: (plan: string) =>
    fail('PLAN_ALREADY_APPLIED', HttpStatus.CONFLICT, `The ${plan} plan is already scheduled on this case`, undefined, { plan }),
  planNotApplicable: (plan: string, fits: string | null) =>
    fail('PLAN_NOT_APPLICABLE', HttpStatus.UNPROCESSABLE_ENTITY, `The ${plan} plan does not fit this case now`, {
      plan: fits ? `this case fits the ${fits} plan` : 'no follow-up plan fits this case',
    }),
  // Well-formed but not acceptable here (an assignee from another office, …), like cases' INVALID_CASE.
  invalid: (errors: FieldErrors, message: string) => fail('INVALID_FOLLOW_UP', HttpStatus.UNPROCESSABLE_ENTITY, message, errors),
}));
export type FollowUpsError = DomainError<FollowUpsErrorCode>;
