import { IMPORT_MODES as API_MODES, IMPORT_STATUSES as API_STATUSES } from '../../libs/imports/src/import.repository';
import {
  confirmableRows,
  confirmBlocker,
  duplicateText,
  formatBytes,
  IMPORT_MODES,
  IMPORT_STATUSES,
  isCsvFileName,
  isRunning,
  parseMode,
  progressPercent,
  errorReportName,
  rowErrorText,
  uploadErrorDetails,
  type ImportCounts,
} from '../../apps/console/src/imports/importModel';

const counts = (over: Partial<ImportCounts> = {}): ImportCounts => ({ rows: 50, valid: 45, invalid: 2, duplicates: 3, imported: 0, ...over });
const catalog: Record<string, string> = { 'app.errors.INVALID_PIN': 'ПИН указан неверно' };

describe('importModel', () => {
  it('should know exactly the statuses and modes the API has when compared with libs/imports', () => {
    expect([...IMPORT_STATUSES].sort()).toEqual([...API_STATUSES].sort());
    expect([...IMPORT_MODES].sort()).toEqual([...API_MODES].sort());
  });

  it('should poll only while a job works on the import', () => {
    expect(IMPORT_STATUSES.filter(isRunning)).toEqual(['validating', 'importing']);
  });

  it('should give a bounded percentage and none when the total is unknown', () => {
    expect(progressPercent({ processed: 250, total: 1000 })).toBe(25);
    expect(progressPercent({ processed: 1200, total: 1000 })).toBe(100);
    expect(progressPercent({ processed: 0, total: 0 })).toBeNull();
  });

  it('should import the valid rows in valid_rows mode and refuse all_or_nothing when any row has a problem', () => {
    expect(confirmableRows(counts(), 'valid_rows')).toBe(45);
    expect(confirmBlocker(counts(), 'valid_rows')).toBeNull();
    expect(confirmableRows(counts(), 'all_or_nothing')).toBe(0);
    expect(confirmBlocker(counts(), 'all_or_nothing')).toBe('app.imports.all_or_nothing_blocked');
    expect(confirmBlocker(counts({ invalid: 0, duplicates: 0 }), 'all_or_nothing')).toBeNull();
    expect(confirmableRows(counts({ valid: 50, invalid: 0, duplicates: 0 }), 'all_or_nothing')).toBe(50);
  });

  it('should block Confirm when no row is valid whatever the mode', () => {
    expect(confirmBlocker(counts({ valid: 0, invalid: 50, duplicates: 0 }), 'valid_rows')).toBe('app.imports.nothing_valid');
  });

  it('should fall back to valid_rows when the mode in the address is missing or unknown', () => {
    expect(parseMode('all_or_nothing')).toBe('all_or_nothing');
    expect(parseMode(null)).toBe('valid_rows');
    expect(parseMode('everything')).toBe('valid_rows');
  });

  it('should take .csv files by name whatever their case', () => {
    expect(isCsvFileName('returnees.CSV')).toBe(true);
    expect(isCsvFileName('returnees.xlsx')).toBe(false);
    expect(isCsvFileName('csv')).toBe(false);
  });

  it('should say a row error in the user language by its field code, else by a message that is a code, else as "check" with the API text', () => {
    const ru: Record<string, string> = {
      ...catalog,
      'app.field_error.TOO_LONG': 'Слишком длинно: максимальная длина — %{max}.',
      'app.field_error.INVALID': 'Проверьте это значение.',
      'app.imports.row_length': 'число значений в строке (%{values}) не совпадает с числом столбцов в заголовке (%{columns})',
    };
    const tr = (key: string, options?: Record<string, unknown>) =>
      (ru[key] ?? (typeof options?._ === 'string' ? options._ : key)).replace(/%\{(\w+)\}/g, (m, k: string) =>
        options && k in options ? String(options[k]) : m,
      );
    const row = {
      errors: {
        district: 'district must be shorter than or equal to 100 characters',
        row: 'the line has 3 values but the header has 5 columns',
        pin: 'INVALID_PIN',
        x: 'weird',
      },
      fieldCodes: { district: 'TOO_LONG', row: 'ROW_LENGTH', x: 'NOT_A_KNOWN_CODE' },
      fieldParams: { district: { max: 100 }, row: { values: 3, columns: 5 } },
    };
    expect(rowErrorText(row, 'district', tr)).toBe('Слишком длинно: максимальная длина — 100.');
    expect(rowErrorText(row, 'row', tr)).toBe('число значений в строке (3) не совпадает с числом столбцов в заголовке (5)');
    expect(rowErrorText(row, 'pin', tr)).toBe('ПИН указан неверно');
    // an unknown code and an English text: the user still reads what to do in their language
    expect(rowErrorText(row, 'x', tr)).toBe('Проверьте это значение. (weird)');
    // a row stored before codes existed
    expect(rowErrorText({ errors: { birthDate: 'birthDate must be a valid ISO 8601 date string' } }, 'birthDate', tr)).toBe(
      'Проверьте это значение. (birthDate must be a valid ISO 8601 date string)',
    );
  });

  it('should describe each kind of duplicate and name the existing record only when the API does', () => {
    expect(duplicateText({ id: null, code: null, kind: 'file', line: 7 })).toEqual({ key: 'app.imports.duplicate.file', options: { line: 7 } });
    expect(duplicateText({ id: 'r-1', code: 'KT-2026-000001', kind: 'pin' })).toEqual({
      key: 'app.imports.duplicate.pin',
      options: { code: 'KT-2026-000001' },
    });
    expect(duplicateText({ id: null, code: null, kind: 'pin' }).key).toBe('app.imports.duplicate.pin_elsewhere');
    expect(duplicateText({ id: 'r-2', code: 'KT-2026-000002', kind: 'name_birth_date' }).key).toBe('app.imports.duplicate.name_birth_date');
  });

  it('should name the missing, unknown and repeated columns when the header is refused', () => {
    const body = { code: 'IMPORT_BAD_HEADER', missing: ['sex', 'birthDate'], unknown: ['Фамилия'], repeated: [] };
    expect(uploadErrorDetails(body)).toEqual([
      { key: 'app.imports.header.missing', options: { columns: 'sex, birthDate' } },
      { key: 'app.imports.header.unknown', options: { columns: 'Фамилия' } },
    ]);
  });

  it('should state the size limit when the file is too large and add nothing for other errors', () => {
    expect(uploadErrorDetails({ code: 'IMPORT_TOO_LARGE', maxBytes: 50 * 1024 * 1024 })).toEqual([
      { key: 'app.imports.too_large_limit', options: { size: '50 MB' } },
    ]);
    expect(uploadErrorDetails({ code: 'IMPORT_BAD_ENCODING' })).toEqual([]);
    expect(uploadErrorDetails(null)).toEqual([]);
    expect(formatBytes(2048)).toBe('2 KB');
  });

  it('should name the error report after the import when the API suggests no name', () => {
    expect(errorReportName('returnees.csv')).toBe('returnees-errors.csv');
    expect(errorReportName('Returnees.CSV')).toBe('Returnees-errors.csv');
  });
});
