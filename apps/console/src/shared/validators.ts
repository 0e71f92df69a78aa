import { type Validator } from 'react-admin';

// Field checks the console runs before the API does; the API stays authoritative.
const todayIso = (): string => new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Bishkek' });

export const pin: Validator = (value: unknown) => (value == null || value === '' || /^\d{14}$/.test(String(value)) ? undefined : 'app.validation.pin');

// +996 XXX XXX XXX or local 0XXX XXX XXX, spaces/dashes allowed
export const phone: Validator = (value: unknown) => {
  if (value == null || value === '') return undefined;
  const digits = String(value).replace(/[\s\-()]/g, '');
  return /^(\+996\d{9}|0\d{9})$/.test(digits) ? undefined : 'app.validation.phone';
};

export const notInFuture: Validator = (value: unknown) => {
  if (value == null || value === '') return undefined;
  return String(value).slice(0, 10) > todayIso() ? 'app.validation.future_date' : undefined;
};

export const nonNegative: Validator = (value: unknown) => (value == null || value === '' || Number(value) >= 0 ? undefined : 'app.validation.non_negative');

export const episodesRequired: Validator = (value: unknown) => (Array.isArray(value) && value.length > 0 ? undefined : 'app.validation.episodes_required');

type Episode = { departedOn?: string | null };
export const returnedAfterDeparted: Validator = (value: unknown, values: unknown, props?: unknown) => {
  if (value == null || value === '') return undefined;
  const departed = episodeAt(values, sourceOf(props))?.departedOn;
  return departed && String(value) < departed ? 'app.validation.returned_before_departed' : undefined;
};

// react-admin passes the full path of an input inside an ArrayInput as finalSource
const sourceOf = (props: unknown): string => {
  const p = props as { finalSource?: string; source?: string } | undefined;
  return p?.finalSource ?? p?.source ?? '';
};

// source looks like "episodes.2.returnedOn"
function episodeAt(values: unknown, source: string): Episode | undefined {
  const m = /^episodes\.(\d+)\./.exec(source);
  const list = (values as { episodes?: Episode[] } | undefined)?.episodes;
  return m && list ? list[Number(m[1])] : undefined;
}

type Period = { from?: string | null };
export const periodEndAfterStart: Validator = (value: unknown, values: unknown, props?: unknown) => {
  if (value == null || value === '') return undefined;
  const m = /periods\.(\d+)\.to$/.exec(sourceOf(props));
  const periods = (values as { details?: { periods?: Period[] } } | undefined)?.details?.periods;
  const from = m && periods ? periods[Number(m[1])]?.from : undefined;
  return from && String(value) < from ? 'app.validation.period_inverted' : undefined;
};
