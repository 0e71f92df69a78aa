import { HttpStatus } from '@nestjs/common';
import { DomainError } from '@kaytuu/shared';

export enum ImportErrorCode {
  IMPORT_FILE_REQUIRED = 'IMPORT_FILE_REQUIRED',
  IMPORT_TOO_LARGE = 'IMPORT_TOO_LARGE',
  IMPORT_NOT_MULTIPART = 'IMPORT_NOT_MULTIPART',
  IMPORT_EMPTY = 'IMPORT_EMPTY',
  IMPORT_BAD_HEADER = 'IMPORT_BAD_HEADER',
  IMPORT_BAD_ENCODING = 'IMPORT_BAD_ENCODING',
  IMPORT_NOT_TEXT = 'IMPORT_NOT_TEXT',
  IMPORT_MALFORMED_CSV = 'IMPORT_MALFORMED_CSV',
  IMPORT_WRONG_STATUS = 'IMPORT_WRONG_STATUS',
  IMPORT_HAS_PROBLEMS = 'IMPORT_HAS_PROBLEMS',
}

export class ImportError extends DomainError<ImportErrorCode> {
  static fileRequired(): ImportError {
    return new ImportError(ImportErrorCode.IMPORT_FILE_REQUIRED, HttpStatus.BAD_REQUEST, 'Attach the CSV file in the form field "file"', { file: 'is required' });
  }
  static unexpectedField(name: string): ImportError {
    return new ImportError(ImportErrorCode.IMPORT_FILE_REQUIRED, HttpStatus.BAD_REQUEST, 'The form may carry only "file" and "officeId"', { [name.slice(0, 64)]: 'is not an allowed field' });
  }
  static notMultipart(): ImportError {
    return new ImportError(ImportErrorCode.IMPORT_NOT_MULTIPART, HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'Send the file as multipart/form-data');
  }
  static tooLarge(maxBytes: number): ImportError {
    return new ImportError(ImportErrorCode.IMPORT_TOO_LARGE, HttpStatus.PAYLOAD_TOO_LARGE, `The file is larger than ${Math.floor(maxBytes / (1024 * 1024)) || maxBytes} ${maxBytes >= 1024 * 1024 ? 'MB' : 'bytes'}`, undefined, { maxBytes });
  }
  static empty(): ImportError {
    return new ImportError(ImportErrorCode.IMPORT_EMPTY, HttpStatus.BAD_REQUEST, 'The file has no returnee rows under its header line', { file: 'has no rows' });
  }
  static badHeader(p: { missing: string[]; unknown: string[]; repeated: string[] }): ImportError {
    const parts = [
      p.missing.length ? `missing columns: ${p.missing.join(', ')}` : '',
      p.unknown.length ? `unknown columns: ${p.unknown.join(', ')}` : '',
      p.repeated.length ? `repeated columns: ${p.repeated.join(', ')}` : '',
    ].filter(Boolean);
    const errors: Record<string, string> = {};
    for (const c of p.missing) errors[c] = 'column is missing';
    for (const c of p.unknown) errors[c] = 'is not a known column';
    for (const c of p.repeated) errors[c] = 'column appears twice';
    return new ImportError(ImportErrorCode.IMPORT_BAD_HEADER, HttpStatus.BAD_REQUEST, `The header line does not fit: ${parts.join('; ')}`, errors, p);
  }
  static badEncoding(): ImportError {
    return new ImportError(ImportErrorCode.IMPORT_BAD_ENCODING, HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'The file is neither UTF-8 nor Windows-1251 text; save it as CSV UTF-8 and try again');
  }
  static notText(): ImportError {
    return new ImportError(ImportErrorCode.IMPORT_NOT_TEXT, HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'The file is not a CSV text file (it looks binary, e.g. an .xlsx); save it as CSV and try again');
  }
  static malformed(line: number | null, detail: string): ImportError {
    return new ImportError(ImportErrorCode.IMPORT_MALFORMED_CSV, HttpStatus.BAD_REQUEST, `The CSV cannot be read${line ? ` at line ${line}` : ''}: ${detail}`, undefined, line ? { line } : undefined);
  }
  static wrongStatus(status: string, expected: string): ImportError {
    return new ImportError(ImportErrorCode.IMPORT_WRONG_STATUS, HttpStatus.CONFLICT, `The import is ${status}; this is possible only while it is ${expected}`, undefined, { status });
  }
  static hasProblems(invalid: number, duplicates: number): ImportError {
    return new ImportError(
      ImportErrorCode.IMPORT_HAS_PROBLEMS,
      HttpStatus.UNPROCESSABLE_ENTITY,
      `All-or-nothing import refused: ${invalid} invalid and ${duplicates} duplicate row(s); fix the file or import the valid rows only`,
      { mode: 'all_or_nothing needs a file without invalid or duplicate rows' },
      { invalid, duplicates },
    );
  }
}
