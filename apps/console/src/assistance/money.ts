// Money in the API is a whole number of minor units (tyiyn, cents) in a programme's currency; the console shows and
// takes it in major units. No floating point between the two: the typed text is split at its decimal sign and the
// digits are joined, so "19.99" is 1999, never 1998.9999.
export const CURRENCIES = ['KGS', 'USD', 'EUR'] as const;
export type Currency = (typeof CURRENCIES)[number];
// every currency the API takes has 100 minor units (tyiyn, cents)
export const MINOR_DIGITS: Record<Currency, number> = { KGS: 2, USD: 2, EUR: 2 };
const digitsOf = (currency: string): number => MINOR_DIGITS[currency as Currency] ?? 2;

// Amounts are written as in Kyrgyzstan in Kyrgyz and Russian (ru-KG: "1 234,56 сом", where ru-RU would print "KGS"),
// in English as in en-GB.
export const moneyLocale = (locale: string): string => (locale === 'en' ? 'en-GB' : 'ru-KG');

// 123456 KGS → "1 234,56 сом" (ky, ru), "KGS 1,234.56" (en); whole amounts without ",00".
export function formatMoney(minor: number | null | undefined, currency: string, locale: string): string {
  if (minor == null || !Number.isFinite(minor)) return '';
  const digits = digitsOf(currency);
  const whole = minor % 10 ** digits === 0;
  return new Intl.NumberFormat(moneyLocale(locale), {
    style: 'currency',
    currency,
    minimumFractionDigits: whole ? 0 : digits,
    maximumFractionDigits: digits,
  }).format(minor / 10 ** digits);
}

export type ParsedMoney = { minor: number; problem?: undefined } | { minor?: undefined; problem: string };

// The typed amount in major units → minor units. Spaces (thin, no-break) group thousands; a comma or a point is the
// decimal sign; at most as many decimals as the currency has. Problems are catalog keys.
export function parseMoney(text: string | null | undefined, currency: string): ParsedMoney | null {
  const s = String(text ?? '').replace(/[\s\u00a0\u202f']/g, '');
  if (s === '') return null;
  if (s.startsWith('-')) return { problem: 'app.assistance.money.positive' };
  const m = /^(\d*)(?:[.,](\d*))?$/.exec(s);
  if (!m || (m[1] === '' && !m[2])) return { problem: 'app.assistance.money.not_a_number' };
  const digits = digitsOf(currency);
  const fraction = m[2] ?? '';
  if (fraction.length > digits) return { problem: 'app.assistance.money.too_many_decimals' };
  const joined = `${m[1]}${fraction.padEnd(digits, '0')}`.replace(/^0+(?=\d)/, '');
  if (joined.length > 15 && BigInt(joined) > BigInt(Number.MAX_SAFE_INTEGER)) return { problem: 'app.assistance.money.too_large' };
  const minor = Number(joined);
  if (minor <= 0) return { problem: 'app.assistance.money.positive' };
  return { minor };
}

// Minor units → the text an input starts from ("1234.5"), the inverse of parseMoney; empty for no amount.
export function moneyInputText(minor: number | null | undefined, currency: string): string {
  if (minor == null || !Number.isFinite(minor)) return '';
  const digits = digitsOf(currency);
  const s = String(Math.trunc(Math.abs(minor))).padStart(digits + 1, '0');
  const whole = s.slice(0, s.length - digits);
  const fraction = s.slice(s.length - digits).replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

// a share of a whole in percent, for bars: 0 when there is no whole, never above 100
export const percentOf = (part: number, whole: number): number => (whole > 0 ? Math.min(100, Math.max(0, (part / whole) * 100)) : 0);
