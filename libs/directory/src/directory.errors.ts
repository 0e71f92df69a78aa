import { HttpStatus } from '@nestjs/common';
import { CodeOf, defineErrors, DomainError, errorCodes } from '@kaytuu/shared';

export const DirectoryErrorCode = errorCodes('NAME_TAKEN OFFICE_IN_USE');
export type DirectoryErrorCode = CodeOf<typeof DirectoryErrorCode>;

export const DirectoryError = defineErrors('DirectoryError', DirectoryErrorCode, (fail) => ({
  nameTaken: () => fail('NAME_TAKEN', HttpStatus.CONFLICT, 'An entry with this name already exists', { name: 'is already in use' }),
  officeInUse: () => fail('OFFICE_IN_USE', HttpStatus.CONFLICT, 'The office still has users or records and cannot be deleted'),
}));
export type DirectoryError = DomainError<DirectoryErrorCode>;
