import { HttpStatus } from '@nestjs/common';
import { CodeOf, defineErrors, DomainError, errorCodes } from '@kaytuu/shared';

export const MessagingErrorCode = errorCodes('HEALTH_WORDS_IN_SMS UNKNOWN_TEMPLATE INVALID_MESSAGE NOT_REACHABLE');
export type MessagingErrorCode = CodeOf<typeof MessagingErrorCode>;

export const MessagingError = defineErrors('MessagingError', MessagingErrorCode, (fail) => ({
  // an SMS may be read by someone else: no disease, medicine or treatment in its text
  healthWordsInSms: (field: 'text' | 'templateKey') =>
    fail('HEALTH_WORDS_IN_SMS', HttpStatus.UNPROCESSABLE_ENTITY, 'An SMS must not carry health words; use Telegram with health consent, or neutral words', {
      [field]: 'must not carry health words in an SMS',
    }),
  unknownTemplate: (key: string) =>
    fail('UNKNOWN_TEMPLATE', HttpStatus.UNPROCESSABLE_ENTITY, `Unknown template ${key}`, { templateKey: 'is not a known template' }),
  invalid: (field: string, problem: string) => fail('INVALID_MESSAGE', HttpStatus.UNPROCESSABLE_ENTITY, `${field} ${problem}`, { [field]: problem }),
  // no consent to be contacted on the channel, opted out, or no phone / linked Telegram
  notReachable: (reason: string) => fail('NOT_REACHABLE', HttpStatus.CONFLICT, `The returnee cannot be reached: ${reason}`, undefined, { reason }),
}));
export type MessagingError = DomainError<MessagingErrorCode>;
