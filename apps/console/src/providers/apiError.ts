// No imports on purpose: the root jest/tsc (NodeNext) check this file directly, while the console bundles it.

// The API's error envelope (libs/shared/src/errors/domain-error.ts, README "API conventions") plus the extra body fields some domain errors carry
// (see the backend's *.errors.ts: `existingCode`, `allowed`, `lockedUntil`, `currentVersion`).
export type ApiErrorBody = {
  statusCode?: number;
  error?: string;
  code?: string;
  message?: string;
  errors?: Record<string, string>;
  // a stable code per field (libs/shared/src/errors/field-codes.ts), translated as app.field_error.<CODE>
  fieldCodes?: Record<string, string>;
  // the numbers some field codes name, e.g. { name: { max: 200 } }
  fieldParams?: Record<string, Record<string, string | number>>;
  existingCode?: string;
  allowed?: string[];
  lockedUntil?: string;
  currentVersion?: number;
  // FILE_TOO_LARGE: the limit the file went over
  maxBytes?: number;
};

export type ErrorI18n = {
  translate: (key: string, options?: Record<string, unknown>) => string;
  // the console's date-time format in the current UI language (Bishkek time)
  formatDateTime: (iso: string) => string;
};

export const isApiErrorBody = (body: unknown): body is ApiErrorBody =>
  typeof body === 'object' && body !== null && !Array.isArray(body) && typeof (body as ApiErrorBody).code === 'string';

// A message with the specifics the English `message` would have named, or null when the body lacks them
// (then the generic app.errors.<CODE> is used).
function detailed(body: ApiErrorBody, i18n: ErrorI18n): string | null {
  switch (body.code) {
    case 'DUPLICATE_PIN':
      // only present when the existing record is in the caller's scope
      return typeof body.existingCode === 'string' && body.existingCode
        ? i18n.translate('app.error_details.DUPLICATE_PIN', { existingCode: body.existingCode })
        : null;
    case 'INVALID_TRANSITION': {
      const allowed = Array.isArray(body.allowed) ? body.allowed.filter((s): s is string => typeof s === 'string') : [];
      if (allowed.length === 0) return null;
      // case and referral statuses do not overlap: whichever catalog knows the status names it
      const names = allowed.map((s) => i18n.translate(`enums.case_status.${s}`, { _: i18n.translate(`enums.referral_status.${s}`, { _: s }) })).join(', ');
      return i18n.translate('app.error_details.INVALID_TRANSITION', { allowed: names });
    }
    case 'ACCOUNT_LOCKED': {
      if (typeof body.lockedUntil !== 'string' || Number.isNaN(Date.parse(body.lockedUntil))) return null;
      return i18n.translate('app.error_details.ACCOUNT_LOCKED', { time: i18n.formatDateTime(body.lockedUntil) });
    }
    case 'FILE_TOO_LARGE': {
      if (typeof body.maxBytes !== 'number' || !(body.maxBytes > 0)) return null;
      const mb = body.maxBytes >= 1_048_576;
      const n = Math.round((body.maxBytes / (mb ? 1_048_576 : 1024)) * 10) / 10;
      return i18n.translate('app.error_details.FILE_TOO_LARGE', { size: `${n} ${i18n.translate(mb ? 'app.documents.units.MB' : 'app.documents.units.KB')}` });
    }
    default:
      return null;
  }
}

// The notification text for an API error in the current UI language, chosen by the stable `code`
// (the API's `message` is English). Null for a body without a code or with a code the catalogs do not
// know yet: the caller then shows the API's own message rather than nothing.
export function apiErrorMessage(body: unknown, i18n: ErrorI18n): string | null {
  if (!isApiErrorBody(body) || !/^[A-Z][A-Z0-9_]*$/.test(body.code ?? '')) return null;
  const specific = detailed(body, i18n);
  if (specific) return specific;
  const key = `app.errors.${body.code}`;
  // an unknown key comes back unchanged from polyglot; `_` keeps it from warning about the miss
  const text = i18n.translate(key, { _: key });
  return text === key ? null : text;
}

// Codes whose message only says "check the highlighted fields": the field texts have to say what is wrong.
// Every other code names one problem, and its translated message is what goes under the field it names.
const GENERIC_FIELD_CODES = new Set([
  'VALIDATION_FAILED',
  'UNPROCESSABLE',
  'INVALID_CASE',
  'INVALID_CONSENT',
  'INVALID_FOLLOW_UP',
  'INVALID_REFERRAL',
  'INVALID_PLAN',
  'INVALID_DOCUMENT',
  'INVALID_RECOVERY_ITEM',
]);

export const isGenericFieldCode = (code: string | undefined): boolean => GENERIC_FIELD_CODES.has(code ?? '');

// The text for one field's code in the UI language, or null when the catalogs do not know the code.
function fieldCodeText(body: ApiErrorBody, field: string, i18n: ErrorI18n): string | null {
  const code = body.fieldCodes?.[field];
  if (typeof code !== 'string' || !/^[A-Z][A-Z0-9_]*$/.test(code)) return null;
  const raw = body.fieldParams?.[field];
  const params = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw : {};
  const key = `app.field_error.${code}`;
  const text = i18n.translate(key, { ...params, _: key });
  // a param the body lacks would show as %{max}: then the code's text is not usable
  return text === key || /%\{\w+\}/.test(text) ? null : text;
}

// The texts to show under the inputs for the body's `errors` (field → English text from the API), in the UI language:
// - a code that names one problem (REFERRAL_ALREADY_OPEN, DUE_IN_PAST, EMAIL_TAKEN…): its translated message, unless
//   the field's own code has a text of its own;
// - a generic validation code: the form's own message for that field (`fieldMessages`, a catalog key) when it has one,
//   else the text of the field's code (`fieldCodes`: REQUIRED, TOO_LONG with {max}, PASSWORD_TOO_COMMON…), else a
//   translated "check this value";
// - no code the catalogs know: the field code's text, else the API's text, the only one there is.
// Non-string entries (react-admin's `root`) are skipped.
export function apiFieldErrors(body: unknown, i18n: ErrorI18n, fieldMessages: Record<string, string> = {}): Record<string, string> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return {};
  const b = body as ApiErrorBody;
  const errors = b.errors;
  if (typeof errors !== 'object' || errors === null || Array.isArray(errors)) return {};
  const translated = apiErrorMessage(body, i18n);
  const generic = isGenericFieldCode(b.code);
  const out: Record<string, string> = {};
  for (const [field, text] of Object.entries(errors)) {
    if (typeof text !== 'string') continue;
    const own = fieldCodeText(b, field, i18n);
    if (translated === null) out[field] = own ?? text;
    else if (!generic) out[field] = own ?? translated;
    else if (fieldMessages[field]) out[field] = i18n.translate(fieldMessages[field], { _: fieldMessages[field] });
    else out[field] = own ?? i18n.translate('app.field_error.INVALID');
  }
  return out;
}

// What a failed call means for the user: the notification text (translated by code, else the error's own message,
// else the generic "server communication error"), the HTTP status and code when known, and the field texts.
// Duck-typed on react-admin's HttpError (message, status, body) so this module keeps no imports.
export type ApiErrorInfo = { message: string; status: number | null; code: string | null; fields: Record<string, string> };

export function describeApiError(error: unknown, i18n: ErrorI18n, fieldMessages: Record<string, string> = {}): ApiErrorInfo {
  const e = (typeof error === 'object' && error !== null ? error : {}) as { message?: unknown; status?: unknown; body?: unknown };
  const own = typeof e.message === 'string' && e.message.trim() !== '' ? e.message : null;
  const message = apiErrorMessage(e.body, i18n) ?? own ?? i18n.translate('ra.notification.http_error');
  return {
    message,
    status: typeof e.status === 'number' ? e.status : null,
    code: isApiErrorBody(e.body) ? (e.body.code ?? null) : null,
    fields: apiFieldErrors(e.body, i18n, fieldMessages),
  };
}
