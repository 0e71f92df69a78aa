import { FieldCode, FieldCodeMaps, fieldCodeMaps, INVALID_FIELD, messageFieldCode } from '@kaytuu/shared';
import { ROW_LENGTH } from './import-columns';
import type { ProblemRow } from './import.repository';

// Texts of rows checked before the codes were stored (import_row.error_codes null), by their start: the DTO's own
// texts the API-wide list (field-codes.ts) does not know.
const OLD_TEXTS: ReadonlyArray<[RegExp, string, ...string[]]> = [
  [/^each must be one of/, 'NOT_ONE_OF'],
  [/^(should|must) not be empty/, 'REQUIRED'],
  [/^must be a date/, 'NOT_DATE'],
  [/^must be a string/, 'NOT_TEXT'],
  [/^must be an integer/, 'NOT_INTEGER'],
  [/^must be a boolean/, 'NOT_BOOLEAN'],
  [/^must be shorter than or equal to (\d+)/, 'TOO_LONG', 'max'],
  [/^must be longer than or equal to (\d+)/, 'TOO_SHORT', 'min'],
  [/^must not be greater than (\d+)/, 'TOO_LARGE', 'max'],
  [/^must not be less than (\d+)/, 'TOO_SMALL', 'min'],
  [/^must give an age between (\d+) and (\d+)/, 'AGE_OUT_OF_RANGE', 'min', 'max'],
  [/^must not be before/, 'TOO_EARLY'],
  [/^must be a Kyrgyz phone/, 'NOT_KG_PHONE'],
  [/^must not repeat/, 'NOT_UNIQUE'],
  [/^must be the foreign country/, 'NOT_HOME'],
  [/ISO 3166/, 'NOT_COUNTRY'],
  [/^(must be 14 digits|must contain only)/, 'BAD_FORMAT'],
];
const OLD_ROW_LENGTH = /^has (\d+) values; the header has (\d+)/;

// A field's problem as a code: as stored with the row, else read from the English text of a row stored before codes
// were (null when the text says nothing known).
export function problemCode(r: Pick<ProblemRow, 'errorCodes'>, field: string, text: string): FieldCode | null {
  const stored = r.errorCodes?.[field];
  if (stored) return stored;
  const row = field === 'row' ? OLD_ROW_LENGTH.exec(text) : null;
  if (row) return { code: ROW_LENGTH, params: { values: Number(row[1]), columns: Number(row[2]) } };
  const known = messageFieldCode(text);
  if (known) return known;
  for (const [re, code, ...names] of OLD_TEXTS) {
    const m = re.exec(text);
    if (m) return names.length ? { code, params: Object.fromEntries(names.map((name, i) => [name, Number(m[i + 1])])) } : { code };
  }
  return null;
}

// Every field of a row as a code (INVALID when none is known), as the API's error envelope carries them.
export function rowFieldCodes(r: Pick<ProblemRow, 'errors' | 'errorCodes'>): FieldCodeMaps {
  return fieldCodeMaps(Object.entries(r.errors ?? {}).map(([k, v]): [string, FieldCode] => [k, problemCode(r, k, v) ?? { code: INVALID_FIELD }]));
}
