import { HttpStatus } from '@nestjs/common';
import { CodeOf, defineErrors, DomainError, errorCodes, FieldErrors } from '@kaytuu/shared';

export const DocumentsErrorCode = errorCodes(
  'DOCUMENT_NOT_MULTIPART DOCUMENT_FILE_REQUIRED DOCUMENT_UNEXPECTED_PART DOCUMENT_MALFORMED_UPLOAD EMPTY_FILE FILE_TOO_LARGE QUOTA_EXCEEDED ' +
    'UNSUPPORTED_FILE_TYPE IMAGE_TOO_LARGE INVALID_IMAGE DUPLICATE_DOCUMENT INVALID_DOCUMENT DOCUMENT_DELETED DOCUMENT_NOT_DELETED ' +
    'DOCUMENT_PURGED RETENTION_NOT_OVER FILE_UNAVAILABLE LINK_INVALID LINK_EXPIRED',
);
export type DocumentsErrorCode = CodeOf<typeof DocumentsErrorCode>;

export const DocumentsError = defineErrors('DocumentsError', DocumentsErrorCode, (fail) => ({
  notMultipart: () => fail('DOCUMENT_NOT_MULTIPART', HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'Send the file as multipart/form-data'),
  fileRequired: () => fail('DOCUMENT_FILE_REQUIRED', HttpStatus.BAD_REQUEST, 'The form has no "file" part', { file: 'is required' }),
  unexpectedPart: (name: string) =>
    fail('DOCUMENT_UNEXPECTED_PART', HttpStatus.BAD_REQUEST, `The form has a part this upload does not take: "${name.slice(0, 60)}"`, {
      [name.slice(0, 60) || 'part']: 'is not expected',
    }),
  malformed: (detail: string) => fail('DOCUMENT_MALFORMED_UPLOAD', HttpStatus.BAD_REQUEST, `The upload could not be read: ${detail}`),
  empty: () => fail('EMPTY_FILE', HttpStatus.BAD_REQUEST, 'The file is empty', { file: 'is empty' }),
  tooLarge: (maxBytes: number) =>
    fail('FILE_TOO_LARGE', HttpStatus.PAYLOAD_TOO_LARGE, `The file is larger than the limit of ${maxBytes} bytes`, { file: 'is too large' }, { maxBytes }),
  quotaExceeded: (quotaBytes: number, usedBytes: number) =>
    fail(
      'QUOTA_EXCEEDED',
      HttpStatus.PAYLOAD_TOO_LARGE,
      `The returnee's documents would exceed their storage limit of ${quotaBytes} bytes (${usedBytes} used)`,
      { file: 'exceeds the returnee’s storage limit' },
      { quotaBytes, usedBytes },
    ),
  unsupportedType: (detected: string | null) =>
    fail(
      'UNSUPPORTED_FILE_TYPE',
      HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      `The file's content is not one of the accepted types (PDF, JPEG, PNG, WebP, HEIC, DOCX, XLSX)${detected ? `; it looks like ${detected}` : ''}`,
      { file: 'is not an accepted file type' },
      { detected },
    ),
  imageTooLarge: () =>
    fail('IMAGE_TOO_LARGE', HttpStatus.UNPROCESSABLE_ENTITY, 'The image has too many pixels to be processed safely', { file: 'has too many pixels' }),
  invalidImage: () => fail('INVALID_IMAGE', HttpStatus.UNPROCESSABLE_ENTITY, 'The image cannot be read', { file: 'is not a readable image' }),
  duplicate: (documentId: string) =>
    fail('DUPLICATE_DOCUMENT', HttpStatus.CONFLICT, 'The same file is already one of this returnee’s documents', { file: 'is already stored' }, { documentId }),
  // well-formed but not acceptable here: a case, referral or plan of another returnee
  invalid: (errors: FieldErrors, message: string) => fail('INVALID_DOCUMENT', HttpStatus.UNPROCESSABLE_ENTITY, message, errors),
  deleted: () => fail('DOCUMENT_DELETED', HttpStatus.CONFLICT, 'The document has been deleted'),
  notDeleted: () => fail('DOCUMENT_NOT_DELETED', HttpStatus.CONFLICT, 'Only a deleted document can be purged'),
  purged: () => fail('DOCUMENT_PURGED', HttpStatus.GONE, 'The document has been purged; its files no longer exist'),
  retentionNotOver: (until: string) =>
    fail('RETENTION_NOT_OVER', HttpStatus.CONFLICT, `A deleted document can be purged after its retention period, from ${until}`, undefined, { until }),
  fileUnavailable: (status: 502 | 503, reason: 'missing' | 'store_unavailable') =>
    fail(
      'FILE_UNAVAILABLE',
      status,
      reason === 'missing'
        ? "The document's file is missing from the file store; ask an administrator to restore it from a backup"
        : 'The file store is unavailable; try again later',
      undefined,
      { reason },
    ),
  linkInvalid: () => fail('LINK_INVALID', HttpStatus.FORBIDDEN, 'This download link is not valid'),
  linkExpired: () => fail('LINK_EXPIRED', HttpStatus.GONE, 'This download link has expired; open the document again'),
}));
export type DocumentsError = DomainError<DocumentsErrorCode>;
