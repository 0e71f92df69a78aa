import { FieldCode, FieldCodes, FieldParams, INVALID_FIELD } from '@kaytuu/shared';

// The CSV columns of a returnee import and how a line's cells become the body POST /api/returnees takes. Pure functions.
// One line is one returnee with one migration episode (the latest); more episodes are added later in the console.

type Kind = 'text' | 'int' | 'list' | 'bool' | 'date' | 'country';
type ColumnSpec = { required: boolean; kind: Kind };

const col = (kind: Kind, required = false): ColumnSpec => ({ required, kind });

export const IMPORT_COLUMNS = {
  pin: col('text'),
  lastName: col('text', true),
  firstName: col('text', true),
  patronymic: col('text'),
  sex: col('text', true),
  birthDate: col('date', true),
  phone: col('text'),
  oblast: col('text', true),
  district: col('text', true),
  address: col('text'),
  householdSize: col('int'),
  dependents: col('int'),
  languages: col('list'),
  education: col('text'),
  skills: col('list'),
  disability: col('text'),
  vulnerabilities: col('list'),
  country: col('country', true),
  city: col('text'),
  departedOn: col('date', true),
  returnedOn: col('date'),
  sector: col('text', true),
  employmentFormal: col('bool'),
  returnReason: col('text', true),
  entryBanActive: col('bool'),
  entryBanUntil: col('date'),
  entryBanAuthority: col('text'),
} as const satisfies Record<string, ColumnSpec>;

export type ImportColumn = keyof typeof IMPORT_COLUMNS;
export const COLUMN_NAMES = Object.keys(IMPORT_COLUMNS) as ImportColumn[];
export const REQUIRED_COLUMNS = COLUMN_NAMES.filter((c) => IMPORT_COLUMNS[c].required);
const EPISODE_COLUMNS = new Set<ImportColumn>(['country', 'city', 'departedOn', 'returnedOn', 'sector', 'employmentFormal', 'returnReason']);

// "last_name", "Last Name" and "lastName" all name the same column.
const fold = (h: string) =>
  h
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\s_.-]+/g, '');
const BY_FOLDED = new Map(COLUMN_NAMES.map((c) => [fold(c), c]));

// Which known column each header cell names (index order), or the problems of the header line.
export type HeaderCheck = { ok: true; columns: ImportColumn[] } | { ok: false; missing: string[]; unknown: string[]; repeated: string[] };

export function checkHeader(header: string[]): HeaderCheck {
  const columns: ImportColumn[] = [];
  const unknown: string[] = [];
  const repeated: string[] = [];
  for (const cell of header) {
    const c = BY_FOLDED.get(fold(cell));
    if (!c) unknown.push(cell.trim().slice(0, 64));
    else if (columns.includes(c)) repeated.push(c);
    else columns.push(c);
  }
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length || unknown.length || repeated.length) return { ok: false, missing, unknown, repeated };
  return { ok: true, columns };
}

const TRUE = new Set(['true', 'yes', 'y', '1', 'да', 'ооба']);
const FALSE = new Set(['false', 'no', 'n', '0', 'нет', 'жок']);
const DMY = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/;

// A cell as the API would receive it: empty → absent; numbers and booleans parsed when they look like one (anything
// else is passed on as text so the DTO reports it); lists split on | ; or ,; dates also as DD.MM.YYYY.
function cellValue(kind: Kind, raw: string): unknown {
  const v = raw.trim();
  if (v === '') return undefined;
  switch (kind) {
    case 'int':
      return /^-?\d{1,9}$/.test(v) ? Number(v) : v;
    case 'bool':
      return TRUE.has(v.toLowerCase()) ? true : FALSE.has(v.toLowerCase()) ? false : v;
    case 'list':
      return v
        .split(/[|;,]/)
        .map((x) => x.trim())
        .filter((x) => x.length > 0);
    case 'date': {
      const m = DMY.exec(v);
      return m ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` : v;
    }
    case 'country':
      return v.toUpperCase();
    default:
      return raw;
  }
}

// The create body for one line; the office is chosen once for the whole import, so it is never part of a line.
export function lineToBody(columns: ImportColumn[], cells: string[]): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const episode: Record<string, unknown> = {};
  const ban: Record<string, unknown> = {};
  columns.forEach((c, i) => {
    const value = cellValue(IMPORT_COLUMNS[c].kind, cells[i] ?? '');
    if (value === undefined) return;
    if (EPISODE_COLUMNS.has(c)) episode[c] = value;
    else if (c === 'entryBanActive') ban.active = value;
    else if (c === 'entryBanUntil') ban.until = value;
    else if (c === 'entryBanAuthority') ban.authority = value;
    else body[c] = value;
  });
  // a ban with an end date or an authority is an active ban unless the line says otherwise
  if (Object.keys(ban).length > 0) episode.entryBan = { active: ban.active ?? true, ...ban };
  body.episodes = [episode];
  return body;
}

// The DTO's error keys, back in the file's column names: "episodes[0].entryBan.until" → "entryBanUntil".
export function errorColumn(key: string): string {
  const m = /^episodes\[0\]\.(.+)$/.exec(key);
  if (!m) return key;
  const rest = m[1];
  if (rest.startsWith('entryBan.')) return `entryBan${rest.charAt(9).toUpperCase()}${rest.slice(10)}`;
  if (rest === 'entryBan') return 'entryBanActive';
  return rest;
}

// The code of a line whose cell count differs from the header's (params: values, columns); the problem is the line's,
// under the key `row`.
export const ROW_LENGTH = 'ROW_LENGTH';

// A refused line's problems under the column names (the first per column), each with its code and params (of the DTO
// key its text came from), so the error report can say the problem in the reader's language.
export function columnProblems(
  errors: Record<string, string>,
  codes: FieldCodes,
  params: FieldParams,
): { errors: Record<string, string>; errorCodes: Record<string, FieldCode> } {
  const texts: Record<string, string> = {};
  const errorCodes: Record<string, FieldCode> = {};
  for (const [k, v] of Object.entries(errors)) {
    const column = errorColumn(k);
    if (Object.hasOwn(texts, column)) continue;
    texts[column] = v;
    errorCodes[column] = { code: codes[k] ?? INVALID_FIELD, ...(params[k] ? { params: params[k] } : {}) };
  }
  return { errors: texts, errorCodes };
}
