import { HttpStatus } from '@nestjs/common';
import { DomainError } from '../errors/domain-error';

// The storage layer's errors. They are DomainErrors, so the API's error filter answers them in the error envelope
// even when a caller does not map them (the documents API may map them to its own codes).

// More than the allowed bytes arrived: the upload was stopped at that point (the rest of the body is not read) and
// nothing is left in the store.
export class FileTooLargeError extends DomainError<'FILE_TOO_LARGE'> {
  constructor(readonly maxBytes: number) {
    super('FILE_TOO_LARGE', HttpStatus.PAYLOAD_TOO_LARGE, `The file is larger than the limit of ${maxBytes} bytes`, undefined, { maxBytes });
  }
}

// A row names an object the store does not have (lost, or removed by hand): a clear error, not a bare 500.
export class ObjectMissingError extends DomainError<'FILE_CONTENT_MISSING'> {
  constructor(readonly objectKey: string) {
    super('FILE_CONTENT_MISSING', HttpStatus.GONE, "The file's content is missing from the file store; ask an administrator to restore it from a backup");
  }
}

// The store did not answer (S3 endpoint down, disk error): the operation can be tried again later.
export class StoreUnavailableError extends DomainError<'FILE_STORE_UNAVAILABLE'> {
  constructor(detail: string, options?: { cause?: unknown }) {
    super('FILE_STORE_UNAVAILABLE', HttpStatus.SERVICE_UNAVAILABLE, `The file store is unavailable (${detail}); try again later`);
    if (options?.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}

// A stored file that does not decrypt: tampered, truncated, reordered, or opened with a wrong key.
export class FileIntegrityError extends DomainError<'FILE_INTEGRITY'> {
  constructor(detail: string) {
    super('FILE_INTEGRITY', HttpStatus.INTERNAL_SERVER_ERROR, `A stored file failed its integrity check (${detail})`);
  }
}
