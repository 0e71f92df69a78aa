// Stable machine codes for field errors, next to the English texts of `errors`: the console translates
// `app.field_error.<CODE>` (with `fieldParams` such as {max: 100}) so no client has to read the English.
// Produced centrally: class-validator constraints by name (validation pipe), texts of domain errors by pattern
// (DomainError's constructor), explicit codes where a factory knows better (DomainError.withFieldCodes).
export type FieldCodes = Record<string, string>;
export type FieldParam = Record<string, string | number>;
export type FieldParams = Record<string, FieldParam>;
export type FieldCode = { code: string; params?: FieldParam };

// The code every field falls back to: the console's "check this value".
export const INVALID_FIELD = 'INVALID';

// A number in the English text, as a param (class-validator's default and custom texts both name their limit).
const num = (name: string) => (message: string) => {
  const m = /(\d+)/.exec(message);
  return m ? { [name]: Number(m[1]) } : undefined;
};
// `bare`: the code when the text names no number (a custom message), else INVALID
type Rule = { code: string; params?: (message: string) => FieldParam | undefined; bare?: string };

// class-validator constraint name → code. Every constraint a DTO uses must be here (test: field-codes.spec.ts walks
// the metadata storage); custom rules are named by their `name` (libs/returnees/src/dto/validators.ts,
// libs/access/src/common-passwords.ts, libs/cases/src/dto/case-details.dto.ts).
export const CONSTRAINT_CODES: Readonly<Record<string, Rule>> = {
  whitelistValidation: { code: 'NOT_ALLOWED' },
  unknownValue: { code: 'INVALID' },
  nestedValidation: { code: 'NOT_OBJECT' },
  isDefined: { code: 'REQUIRED' },
  isNotEmpty: { code: 'REQUIRED' },
  arrayNotEmpty: { code: 'REQUIRED' },
  isString: { code: 'NOT_TEXT' },
  isInt: { code: 'NOT_INTEGER' },
  isNumber: { code: 'NOT_NUMBER' },
  isBoolean: { code: 'NOT_BOOLEAN' },
  isArray: { code: 'NOT_LIST' },
  isObject: { code: 'NOT_OBJECT' },
  isIn: { code: 'NOT_ONE_OF' },
  isEnum: { code: 'NOT_ONE_OF' },
  isUuid: { code: 'NOT_ID' },
  isEmail: { code: 'NOT_EMAIL' },
  isUrl: { code: 'NOT_URL' },
  isIso8601: { code: 'NOT_DATE' },
  isISO31661Alpha2: { code: 'NOT_COUNTRY' },
  matches: { code: 'BAD_FORMAT' },
  min: { code: 'TOO_SMALL', params: num('min') },
  max: { code: 'TOO_LARGE', params: num('max') },
  minLength: { code: 'TOO_SHORT', params: num('min') },
  maxLength: { code: 'TOO_LONG', params: num('max') },
  // a list that must not be empty says so in its own words ('must list at least one …')
  arrayMinSize: { code: 'TOO_FEW', params: num('min'), bare: 'REQUIRED' },
  arrayMaxSize: { code: 'TOO_MANY', params: num('max') },
  arrayUnique: { code: 'NOT_UNIQUE' },
  // custom rules
  isDateOnly: { code: 'NOT_DATE' },
  notInFuture: { code: 'IN_FUTURE' },
  plausibleBirthDate: { code: 'AGE_OUT_OF_RANGE', params: (m) => ((r) => (r ? { min: Number(r[1]), max: Number(r[2]) } : undefined))(/(\d+)\D+(\d+)/.exec(m)) },
  onOrAfter: { code: 'TOO_EARLY' },
  isPastTimestamp: { code: 'NOT_PAST_TIME' },
  isZonedTimestamp: { code: 'NOT_ZONED_TIME' },
  isKgPhone: { code: 'NOT_KG_PHONE' },
  uniqueItems: { code: 'NOT_UNIQUE' },
  notHome: { code: 'NOT_HOME' },
  notCommonPassword: { code: 'PASSWORD_TOO_COMMON' },
  // libs/messaging/src/dto/message.dto.ts: a message template's placeholders
  templateParams: { code: 'BAD_FORMAT' },
};

// isLength says in its text which end failed
const LENGTH: Rule = { code: 'TOO_LONG', params: num('max') };
const LENGTH_SHORT: Rule = { code: 'TOO_SHORT', params: num('min') };

export function constraintFieldCode(constraint: string, message: string): FieldCode {
  const rule = constraint === 'isLength' ? (/longer/.test(message) && !/shorter/.test(message) ? LENGTH_SHORT : LENGTH) : CONSTRAINT_CODES[constraint];
  if (!rule) return { code: INVALID_FIELD };
  return withParams(rule, message);
}

// The field texts domain errors and services write (`{ dueAt: 'must be in the future' }`), by their start.
const MESSAGE_CODES: ReadonlyArray<[RegExp, Rule]> = [
  [/^is too common/, { code: 'PASSWORD_TOO_COMMON' }],
  [/^is required/, { code: 'REQUIRED' }],
  [/^must be empty/, { code: 'MUST_BE_EMPTY' }],
  [/^must not be in the future/, { code: 'IN_FUTURE' }],
  [/^must be in the future/, { code: 'NOT_IN_FUTURE' }],
  [/^must be after/, { code: 'TOO_EARLY' }],
  [/^must not be after/, { code: 'TOO_LATE' }],
  [/^does not exist/, { code: 'NOT_FOUND' }],
  [/^is already (in use|registered)/, { code: 'TAKEN' }],
  [/^must be an active caseworker or supervisor/, { code: 'ASSIGNEE_NOT_ELIGIBLE' }],
  [/^must be your own office/, { code: 'NOT_YOUR_OFFICE' }],
  [/^(is not a calendar date|must be an ISO)/, { code: 'NOT_DATE' }],
  [/^must be (a UUID|an id)/, { code: 'NOT_ID' }],
  [/^must be (one of|one or more of)/, { code: 'NOT_ONE_OF' }],
  [/^(is not an allowed|is not a known|is not a question)/, { code: 'NOT_ALLOWED' }],
  [/^must not contain NUL/, { code: 'BAD_CHARACTERS' }],
  [/^is nested too deeply/, { code: 'TOO_DEEP', params: num('max') }],
  [/^must list at most/, { code: 'TOO_MANY', params: num('max') }],
  [/^(cannot change while|only goes with status)/, { code: 'NOT_NOW' }],
  [/^must be an object/, { code: 'NOT_OBJECT' }],
];

export function messageFieldCode(message: string): FieldCode | null {
  const hit = MESSAGE_CODES.find(([re]) => re.test(message));
  return hit ? withParams(hit[1], message) : null;
}

function withParams(rule: Rule, message: string): FieldCode {
  const params = rule.params?.(message);
  // a code whose text needs its number is sent only with it
  if (rule.params && !params) return { code: rule.bare ?? INVALID_FIELD };
  return params ? { code: rule.code, params } : { code: rule.code };
}

// Error codes that only say "check the highlighted fields": their fields need a code of their own (by text, else
// INVALID). Every other code names one problem (EMAIL_TAKEN, DUE_IN_PAST…) and is its fields' code too.
export const GENERIC_ERROR_CODES: ReadonlySet<string> = new Set([
  'VALIDATION_FAILED',
  'UNPROCESSABLE',
  'INVALID_CASE',
  'INVALID_CONSENT',
  'INVALID_FOLLOW_UP',
  'INVALID_REFERRAL',
]);

export type FieldCodeMaps = { fieldCodes: FieldCodes; fieldParams: FieldParams };

// Built with Object.fromEntries, like `errors`, so a field named by the client (`__proto__`, `constructor`) becomes an
// own key of both maps instead of reaching an object's prototype.
export function fieldCodeMaps(entries: Iterable<[string, FieldCode]>): FieldCodeMaps {
  const list = [...entries];
  return {
    fieldCodes: Object.fromEntries(list.map(([field, fc]) => [field, fc.code])),
    fieldParams: Object.fromEntries(list.flatMap(([field, fc]) => (fc.params ? [[field, fc.params]] : []))),
  };
}

// Every field code the API sends besides the codes of errors that name one problem (the console's i18n test checks
// each has app.field_error.<CODE> in every language).
export const FIELD_CODES: readonly string[] = [
  ...new Set([INVALID_FIELD, ...Object.values(CONSTRAINT_CODES).map((r) => r.code), ...MESSAGE_CODES.map(([, r]) => r.code), LENGTH.code, LENGTH_SHORT.code]),
].sort();
