import { HttpStatus } from '@nestjs/common';
import { CodeOf, defineErrors, DomainError, errorCodes, FieldErrors, transitionRefused } from '@kaytuu/shared';

export const RecoveryErrorCode = errorCodes('INVALID_TRANSITION INVALID_RECOVERY_ITEM MISSING_DOCUMENTS_REASON_REQUIRED NOT_FLAGGED_NO_DOCUMENTS');
export type RecoveryErrorCode = CodeOf<typeof RecoveryErrorCode>;

export const RecoveryError = defineErrors('RecoveryError', RecoveryErrorCode, (fail) => ({
  invalidTransition: (from: string, to: string, allowed: string[]) => transitionRefused(fail, 'A recovery item', from, to, allowed),
  // well-formed but not acceptable here: dates in the wrong order, a document of another returnee or type, a case of another returnee
  invalid: (errors: FieldErrors, message: string) => fail('INVALID_RECOVERY_ITEM', HttpStatus.UNPROCESSABLE_ENTITY, message, errors),
  // a supervisor approving the closure of a pension claim whose required documents are not all present must say why
  reasonRequired: (missing: Array<{ key: string; country?: string; status: string }>) =>
    fail(
      'MISSING_DOCUMENTS_REASON_REQUIRED',
      HttpStatus.UNPROCESSABLE_ENTITY,
      `Required documents are missing or expired (${missing.map((m) => (m.country ? `${m.key} ${m.country}` : m.key)).join(', ')}); give missingDocumentsReason to close the case anyway`,
      { missingDocumentsReason: 'is required while required documents are missing' },
      { missingDocuments: missing },
    ),
  notFlagged: () =>
    fail(
      'NOT_FLAGGED_NO_DOCUMENTS',
      HttpStatus.UNPROCESSABLE_ENTITY,
      'Recovery items are proposed for a returnee flagged as having no documents (vulnerability no_documents); add items by hand otherwise',
    ),
}));
export type RecoveryError = DomainError<RecoveryErrorCode>;
