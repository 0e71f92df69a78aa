// No imports on purpose: the root jest/tsc (NodeNext) check this file directly, while the console bundles it.

// The API's error envelope (libs/shared/src/errors/domain-error.ts, README "API conventions") plus the extra body fields some domain errors carry
// (see the backend's *.errors.ts: `existingCode`, `allowed`, `lockedUntil`, `currentVersion`).
export type ApiErrorBody = {
  statusCode?: number;
  error?: string;
  code?: string;
  message?: string;
  errors?: Record<string, string>;
  existingCode?: string;
  allowed?: string[];
  lockedUntil?: string;
  currentVersion?: number;
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
