import { HttpStatus } from '@nestjs/common';
import { CodeOf, defineErrors, DomainError, errorCodes } from '@kaytuu/shared';

export const OutreachErrorCode = errorCodes('CHECKIN_NOT_TB_TREATMENT CHECKINS_HIDDEN CHECKIN_CASE_NOT_ASSIGNED');
export type OutreachErrorCode = CodeOf<typeof OutreachErrorCode>;

export const OutreachError = defineErrors('OutreachError', OutreachErrorCode, (fail) => ({
  // check-ins are for a health case with condition TB while the treatment goes on (not completed, case not closed)
  notTbTreatment: () =>
    fail(
      'CHECKIN_NOT_TB_TREATMENT',
      HttpStatus.UNPROCESSABLE_ENTITY,
      'Check-ins are only for a health case with condition TB in treatment (intensive or continuation phase, case not closed)',
    ),
  // check-in answers are health data: only who sees the case's health details (its assignee, the office supervisor)
  hidden: () => fail('CHECKINS_HIDDEN', HttpStatus.FORBIDDEN, 'The health details of this case, check-ins included, are for its assignee and supervisors'),
  caseNotAssigned: () =>
    fail('CHECKIN_CASE_NOT_ASSIGNED', HttpStatus.FORBIDDEN, 'Only the case’s assignee or a supervisor of its office can change its check-ins'),
}));
export type OutreachError = DomainError<OutreachErrorCode>;
