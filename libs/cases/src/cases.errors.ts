import { HttpStatus } from '@nestjs/common';
import { DomainError, FieldErrors } from '@kaytuu/shared';
import { CaseStatus } from './case-workflow';

export enum CasesErrorCode {
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  CASE_NOT_ASSIGNED = 'CASE_NOT_ASSIGNED',
  ASSIGNMENT_FORBIDDEN = 'ASSIGNMENT_FORBIDDEN',
  CASE_CLOSED = 'CASE_CLOSED',
  INVALID_CASE = 'INVALID_CASE',
}

export class CasesError extends DomainError<CasesErrorCode> {
  static invalidTransition(from: CaseStatus, to: CaseStatus, allowed: CaseStatus[]): CasesError {
    const hint = allowed.length ? `allowed now: ${allowed.join(', ')}` : 'no status change is open to you now';
    return new CasesError(CasesErrorCode.INVALID_TRANSITION, HttpStatus.CONFLICT, `A case cannot move from ${from} to ${to}; ${hint}`, { status: hint }, { allowed });
  }
  static notAssigned(): CasesError {
    return new CasesError(CasesErrorCode.CASE_NOT_ASSIGNED, HttpStatus.FORBIDDEN, 'This case is assigned to another caseworker; ask your supervisor to reassign it');
  }
  static assignmentForbidden(): CasesError {
    return new CasesError(CasesErrorCode.ASSIGNMENT_FORBIDDEN, HttpStatus.FORBIDDEN, 'Only a supervisor may assign a case to someone else', {
      assigneeId: 'you may only take the case yourself or leave it unassigned',
    });
  }
  static closed(): CasesError {
    return new CasesError(CasesErrorCode.CASE_CLOSED, HttpStatus.CONFLICT, 'The case is closed; a supervisor must reopen it before it can be changed');
  }
  static closedMany(codes: string[]): CasesError {
    return new CasesError(CasesErrorCode.CASE_CLOSED, HttpStatus.CONFLICT, `Closed cases cannot be reassigned: ${codes.join(', ')}`, undefined, { closed: codes });
  }
  // Well-formed but semantically wrong input (assignee from another office, overlapping pension periods, …).
  static invalid(errors: FieldErrors, message: string): CasesError {
    return new CasesError(CasesErrorCode.INVALID_CASE, HttpStatus.UNPROCESSABLE_ENTITY, message, errors);
  }
}
