import { HttpStatus } from '@nestjs/common';
import { CodeOf, defineErrors, DomainError, errorCodes, FieldErrors, transitionRefused } from '@kaytuu/shared';

export const AssistanceErrorCode = errorCodes(
  'INVALID_TRANSITION INVALID_PROGRAMME INVALID_ASSISTANCE PROGRAMME_CLOSED CURRENCY_MISMATCH TYPE_NOT_FUNDED NOT_ELIGIBLE BUDGET_EXCEEDED OWN_APPROVAL SECOND_APPROVAL_REQUIRED FIRST_APPROVAL_REQUIRED DISBURSEMENT_EXCEEDS_APPROVED ALREADY_APPROVED MATCHING_NOT_OFFERED REVERSAL_EXCEEDS_DISBURSED SURVIVAL_CHECK_EXISTS THREE_MONTH_CHECK_REQUIRED BUSINESS_CLOSED NOTHING_TO_RELEASE',
);
export type AssistanceErrorCode = CodeOf<typeof AssistanceErrorCode>;

export const AssistanceError = defineErrors('AssistanceError', AssistanceErrorCode, (fail) => ({
  invalidTransition: (from: string, to: string, allowed: string[]) => transitionRefused(fail, 'An assistance item', from, to, allowed),
  // well-formed but not acceptable: dates in the wrong order, a line for a type not offered, a budget below what is used
  invalidProgramme: (errors: FieldErrors, message: string) => fail('INVALID_PROGRAMME', HttpStatus.UNPROCESSABLE_ENTITY, message, errors),
  invalid: (errors: FieldErrors, message: string) => fail('INVALID_ASSISTANCE', HttpStatus.UNPROCESSABLE_ENTITY, message, errors),
  programmeClosed: (why: string) =>
    fail('PROGRAMME_CLOSED', HttpStatus.UNPROCESSABLE_ENTITY, `The programme is closed: ${why}`, { programmeId: `the programme is closed (${why})` }),
  currencyMismatch: (expected: string) =>
    fail('CURRENCY_MISMATCH', HttpStatus.UNPROCESSABLE_ENTITY, `The programme pays in ${expected}`, {
      currency: `must be ${expected}, the programme's currency`,
    }),
  typeNotFunded: (type: string) =>
    fail('TYPE_NOT_FUNDED', HttpStatus.UNPROCESSABLE_ENTITY, `The programme does not fund ${type}`, { type: `the programme has no budget line for ${type}` }),
  notEligible: (rule: string, why: string) =>
    fail(
      'NOT_ELIGIBLE',
      HttpStatus.UNPROCESSABLE_ENTITY,
      `The returnee is not eligible: rule ${rule} (${why})`,
      { returneeId: `fails rule ${rule}: ${why}` },
      { rule },
    ),
  budgetExceeded: (available: number, amount: number) =>
    fail(
      'BUDGET_EXCEEDED',
      HttpStatus.CONFLICT,
      `The budget line has ${available} minor units available; ${amount} cannot be committed`,
      { amountMinor: `exceeds the ${available} available on the budget line` },
      { availableMinor: available },
    ),
  ownApproval: () => fail('OWN_APPROVAL', HttpStatus.FORBIDDEN, 'The proposer of an item cannot approve it'),
  secondApprovalRequired: () =>
    fail('SECOND_APPROVAL_REQUIRED', HttpStatus.CONFLICT, 'The amount is above the approval threshold: the second approval is an admin’s, by someone else'),
  firstApprovalRequired: () => fail('FIRST_APPROVAL_REQUIRED', HttpStatus.CONFLICT, 'The office supervisor approves first; an admin gives the second approval'),
  disbursementExceeds: (approved: number) =>
    fail('DISBURSEMENT_EXCEEDS_APPROVED', HttpStatus.UNPROCESSABLE_ENTITY, `At most the ${approved} approved can be disbursed`, {
      amountMinor: `must not exceed the approved ${approved}`,
    }),
  trancheExceeds: (remaining: number, approved: number) =>
    fail(
      'DISBURSEMENT_EXCEEDS_APPROVED',
      HttpStatus.UNPROCESSABLE_ENTITY,
      `A tranche may be at most the ${remaining} still committed of the ${approved} approved`,
      {
        amountMinor: `must not exceed the ${remaining} left of the approved ${approved}`,
      },
    ),
  alreadyApproved: (by: 'supervisor' | 'admin') =>
    fail('ALREADY_APPROVED', HttpStatus.CONFLICT, `The ${by}'s approval of this application is already recorded`),
  matchingNotOffered: (why: string) =>
    fail('MATCHING_NOT_OFFERED', HttpStatus.UNPROCESSABLE_ENTITY, `The programme offers no 1+1 matching: ${why}`, { programmeId: why }),
  reversalExceeds: (net: number) =>
    fail('REVERSAL_EXCEEDS_DISBURSED', HttpStatus.UNPROCESSABLE_ENTITY, `At most the ${net} disbursed and not yet reversed can be reversed`, {
      amountMinor: `must not exceed the ${net} disbursed and not yet reversed`,
    }),
  survivalCheckExists: (milestone: string) =>
    fail('SURVIVAL_CHECK_EXISTS', HttpStatus.CONFLICT, `The ${milestone} survival check is already recorded`, {
      milestone: `the ${milestone} check is already recorded`,
    }),
  // a 1+1 grant's tranches after the first wait for the business's 3-month check
  threeMonthCheckRequired: () =>
    fail('THREE_MONTH_CHECK_REQUIRED', HttpStatus.CONFLICT, 'The next tranche follows the 3-month check of the business', {
      amountMinor: 'the 3-month check is not recorded yet',
    }),
  businessClosed: () =>
    fail('BUSINESS_CLOSED', HttpStatus.UNPROCESSABLE_ENTITY, 'The business closed at the 3-month check: release the rest of the grant instead', {
      amountMinor: 'the business closed at the 3-month check',
    }),
  nothingToRelease: () => fail('NOTHING_TO_RELEASE', HttpStatus.UNPROCESSABLE_ENTITY, 'Nothing is left committed on this item'),
}));
export type AssistanceError = DomainError<AssistanceErrorCode>;
