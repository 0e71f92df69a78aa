import { HttpStatus } from '@nestjs/common';
import { CodeOf, defineErrors, DomainError, errorCodes } from '@kaytuu/shared';

export const ImportErrorCode = errorCodes(
  'IMPORT_FILE_REQUIRED IMPORT_TOO_LARGE IMPORT_NOT_MULTIPART IMPORT_EMPTY IMPORT_BAD_HEADER IMPORT_BAD_ENCODING IMPORT_NOT_TEXT IMPORT_MALFORMED_CSV IMPORT_WRONG_STATUS IMPORT_HAS_PROBLEMS',
);
export type ImportErrorCode = CodeOf<typeof ImportErrorCode>;

export const ImportError = defineErrors('ImportError', ImportErrorCode, (fail) => ({
  fileRequired: () => fail('IMPORT_FILE_REQUIRED', HttpStatus.BAD_REQUEST, 'Attach the CSV file in the form field "file"', { file: 'is required' }),
  unexpectedField: (name: string) =>
    fail('IMPORT_FILE_REQUIRED', HttpStatus.BAD_REQUEST, 'The form may carry only "file" and "officeId"', { [name.slice(0, 64)]: 'is not an allowed field' }),
  notMultipart: () => fail('IMPORT_NOT_MULTIPART', HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'Send the file as multipart/form-data'),
  tooLarge: (maxBytes: number) =>
    fail(
      'IMPORT_TOO_LARGE',
      HttpStatus.PAYLOAD_TOO_LARGE,
      `The file is larger than ${Math.floor(maxBytes / (1024 * 1024)) || maxBytes} ${maxBytes >= 1024 * 1024 ? 'MB' : 'bytes'}`,
      undefined,
      { maxBytes },
    ),
  empty: () => fail('IMPORT_EMPTY', HttpStatus.BAD_REQUEST, 'The file has no returnee rows under its header line', { file: 'has no rows' }),
  badHeader: (p: { missing: string[]; unknown: string[]; repeated: string[] }) => {
    const parts = [
      p.missing.length ? `missing columns: ${p.missing.join(', ')}` : '',
      p.unknown.length ? `unknown columns: ${p.unknown.join(', ')}` : '',
      p.repeated.length ? `repeated columns: ${p.repeated.join(', ')}` : '',
    ].filter(Boolean);
    const errors: Record<string, string> = {};
    for (const c of p.missing) errors[c] = 'column is missing';
    for (const c of p.unknown) errors[c] = 'is not a known column';
    for (const c of p.repeated) errors[c] = 'column appears twice';
    return fail('IMPORT_BAD_HEADER', HttpStatus.BAD_REQUEST, `The header line does not fit: ${parts.join('; ')}`, errors, p);
  },
  badEncoding: () =>
    fail('IMPORT_BAD_ENCODING', HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'The file is neither UTF-8 nor Windows-1251 text; save it as CSV UTF-8 and try again'),
  notText: () =>
    fail(
      'IMPORT_NOT_TEXT',
      HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      'The file is not a CSV text file (it looks binary, e.g. an .xlsx); save it as CSV and try again',
    ),
  malformed: (line: number | null, detail: string) =>
    fail(
      'IMPORT_MALFORMED_CSV',
      HttpStatus.BAD_REQUEST,
      `The CSV cannot be read${line ? ` at line ${line}` : ''}: ${detail}`,
      undefined,
      line ? { line } : undefined,
    ),
  wrongStatus: (status: string, expected: string) =>
    fail('IMPORT_WRONG_STATUS', HttpStatus.CONFLICT, `The import is ${status}; this is possible only while it is ${expected}`, undefined, { status }),
  hasProblems: (invalid: number, duplicates: number) =>
    fail(
      'IMPORT_HAS_PROBLEMS',
      HttpStatus.UNPROCESSABLE_ENTITY,
      `All-or-nothing import refused: ${invalid} invalid and ${duplicates} duplicate row(s); fix the file or import the valid rows only`,
      { mode: 'all_or_nothing needs a file without invalid or duplicate rows' },
      { invalid, duplicates },
    ),
}));
export type ImportError = DomainError<ImportErrorCode>;
