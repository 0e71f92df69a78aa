import { HttpStatus } from '@nestjs/common';
import { CodeOf, defineErrors, DomainError, errorCodes, FieldErrors, transitionRefused } from '@kaytuu/shared';
import { CaseStatus } from './case-workflow';

export const CasesErrorCode = errorCodes('INVALID_TRANSITION CASE_NOT_ASSIGNED ASSIGNMENT_FORBIDDEN CASE_CLOSED INVALID_CASE');
export type CasesErrorCode = CodeOf<typeof CasesErrorCode>;

export const CasesError = defineErrors('CasesError', CasesErrorCode, (fail) => ({
  invalidTransition: (from: CaseStatus, to: CaseStatus, allowed: CaseStatus[]) => transitionRefused(fail, 'A case', from, to, allowed),
  notAssigned: () => fail('CASE_NOT_ASSIGNED', HttpStatus.FORBIDDEN, 'This case is assigned to another caseworker; ask your supervisor to reassign it'),
  assignmentForbidden: () =>
    fail('ASSIGNMENT_FORBIDDEN', HttpStatus.FORBIDDEN, 'Only a supervisor may assign a case to someone else', {
      assigneeId: 'you may only take the case yourself or leave it unassigned',
    }),
  closed: () => fail('CASE_CLOSED', HttpStatus.CONFLICT, 'The case is closed; a supervisor must reopen it before it can be changed'),
  closedMany: (codes: string[]) =>
    fail('CASE_CLOSED', HttpStatus.CONFLICT, `Closed cases cannot be reassigned: ${codes.join(', ')}`, undefined, { closed: codes }),
  // Well-formed but semantically wrong input (assignee from another office, overlapping pension periods, …).
  invalid: (errors: FieldErrors, message: string) => fail('INVALID_CASE', HttpStatus.UNPROCESSABLE_ENTITY, message, errors),
}));
export type CasesError = DomainError<CasesErrorCode>;
