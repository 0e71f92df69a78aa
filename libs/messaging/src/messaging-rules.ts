import templates from './templates.json';
import type { MessageLanguage } from './entities/message.entity';

// The rules every message follows, as plain functions (unit-tested in messaging-rules.spec.ts): language, templates,
// quiet hours in Asia/Bishkek, health words, and the STOP/START keywords.

type Variant = Record<MessageLanguage, string>;
export type TemplateDef = Variant & { health: boolean; smsSafe?: Variant };
export const TEMPLATES = templates as Record<string, TemplateDef>;
export const TEMPLATE_KEYS = Object.keys(TEMPLATES);

// Asia/Bishkek is UTC+6 all year (no daylight saving since 2005).
export const BISHKEK_OFFSET_MS = 6 * 3600 * 1000;
export const QUIET_FROM_HOUR = 21;
export const QUIET_UNTIL_HOUR = 9;
const DAY_MS = 24 * 3600 * 1000;

// The returnee's first spoken language that messages are written in (ky or ru), else Russian.
export function pickLanguage(languages: readonly string[] | null | undefined): MessageLanguage {
  const hit = (languages ?? []).find((l) => l === 'ky' || l === 'ru');
  return (hit as MessageLanguage | undefined) ?? 'ru';
}

export class TemplateError extends Error {
  constructor(
    readonly code: 'UNKNOWN_TEMPLATE' | 'MISSING_PARAM' | 'NO_SMS_VARIANT',
    message: string,
  ) {
    super(message);
  }
}

// The text of a template in a language. `neutral`: the smsSafe variant (no health words) — required for a health
// template on a channel that may be read by others.
export function renderTemplate(key: string, lang: MessageLanguage, params: Record<string, string> = {}, neutral = false): string {
  const t = TEMPLATES[key];
  if (!t) throw new TemplateError('UNKNOWN_TEMPLATE', `unknown template ${key}`);
  let source: Variant = t;
  if (neutral && t.health) {
    if (!t.smsSafe) throw new TemplateError('NO_SMS_VARIANT', `template ${key} has no smsSafe variant`);
    source = t.smsSafe;
  }
  return source[lang].replace(/\{([a-zA-Z_]+)\}/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined) throw new TemplateError('MISSING_PARAM', `template ${key} needs {${name}}`);
    return v;
  });
}

// Words an SMS must never carry (it may be read by someone else on the phone): diseases, medicines, treatment.
const HEALTH_STEMS = ['туберкул', 'кургак учук', 'вич', 'спид', 'лекарств', 'лечени', 'лечит', 'дары', 'диагноз', 'болезн', 'здоровь', 'ден соолу', 'ооруу'];
const HEALTH_WORDS_EN = /\b(tb|tuberculosis|hiv|aids|medicine|medication|treatment|diagnosis|disease|health)\b/i;

// each stem at the start of a word ("дары…" is medicine, "туугандарым" is not)
const HEALTH_STEMS_RE = new RegExp(`(?<!\\p{L})(${HEALTH_STEMS.join('|')})`, 'iu');

export function containsHealthWords(text: string): boolean {
  return HEALTH_WORDS_EN.test(text) || HEALTH_STEMS_RE.test(text.toLocaleLowerCase('ru'));
}

export type Keyword = 'stop' | 'start';
const STOP_WORDS = new Set(['STOP', 'СТОП', 'ТОКТОТ']);
const START_WORDS = new Set(['START', 'СТАРТ', 'БАШТОО']);

// STOP / СТОП / ТОКТОТ and START / СТАРТ / БАШТОО, in any case, alone in the message (a Telegram "/stop" too).
export function parseKeyword(text: string | null | undefined): Keyword | null {
  const word = (text ?? '')
    .trim()
    .replace(/^\//, '')
    .replace(/[.!]+$/, '')
    .toLocaleUpperCase('ru');
  if (STOP_WORDS.has(word)) return 'stop';
  if (START_WORDS.has(word)) return 'start';
  return null;
}

// The local (Asia/Bishkek) hour of an instant.
export function bishkekHour(at: Date): number {
  return new Date(at.getTime() + BISHKEK_OFFSET_MS).getUTCHours();
}

// Start (UTC instant) of the Asia/Bishkek day holding `at`.
export function bishkekDayStart(at: Date): Date {
  const local = at.getTime() + BISHKEK_OFFSET_MS;
  return new Date(local - (local % DAY_MS) - BISHKEK_OFFSET_MS);
}

export function isQuietHour(at: Date): boolean {
  const h = bishkekHour(at);
  return h >= QUIET_FROM_HOUR || h < QUIET_UNTIL_HOUR;
}

// 09:00 Asia/Bishkek of the day holding `at`.
export function morningOf(at: Date): Date {
  return new Date(bishkekDayStart(at).getTime() + QUIET_UNTIL_HOUR * 3600 * 1000);
}

// When a message meant for `at` may go: `at` itself outside quiet hours, else the next 09:00 Asia/Bishkek (held, never
// dropped).
export function afterQuietHours(at: Date): Date {
  if (!isQuietHour(at)) return at;
  const morning = morningOf(at);
  return bishkekHour(at) < QUIET_UNTIL_HOUR ? morning : new Date(morning.getTime() + DAY_MS);
}

// 09:00 Asia/Bishkek of the next day (a message over the daily cap moves there).
export function nextMorning(at: Date): Date {
  return new Date(morningOf(at).getTime() + DAY_MS);
}
