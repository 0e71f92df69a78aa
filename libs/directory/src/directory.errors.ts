import { HttpStatus } from '@nestjs/common';
import { DomainError } from '@kaytuu/shared';

export enum DirectoryErrorCode {
  NAME_TAKEN = 'NAME_TAKEN',
  OFFICE_IN_USE = 'OFFICE_IN_USE',
}

export class DirectoryError extends DomainError<DirectoryErrorCode> {
  static nameTaken(): DirectoryError {
    return new DirectoryError(DirectoryErrorCode.NAME_TAKEN, HttpStatus.CONFLICT, 'An entry with this name already exists', { name: 'is already in use' });
  }
  static officeInUse(): DirectoryError {
    return new DirectoryError(DirectoryErrorCode.OFFICE_IN_USE, HttpStatus.CONFLICT, 'The office still has users or records and cannot be deleted');
  }
}
