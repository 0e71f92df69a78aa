import type { CheckinAnswer, CheckinFrequency } from '../entities/checkin.entity';

// The rules of what messages are for (issue 18) as plain functions, unit-tested in outreach-rules.spec.ts: when an
// appointment reminder goes, when a TB check-in is due, what an answer means and when answers reach the caseworker.
// Asia/Bishkek is UTC+6 all year (no daylight saving since 2005).
const OFFSET_MS = 6 * 3_600_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export type AppointmentSlot = 'evening' | 'soon';
export const EVENING_LOCAL_HOUR = 18;
export const SOON_HOURS_BEFORE = 2;

// The evening before (18:00 Bishkek of the day before the appointment's local day) and two hours before; a slot whose
// time has passed (or would not come before the appointment) is left out.
export function appointmentSlots(dueAt: Date, now: Date): Array<{ slot: AppointmentSlot; fireAt: Date }> {
  const localDay = Math.floor((dueAt.getTime() + OFFSET_MS) / DAY_MS) * DAY_MS;
  const evening = new Date(localDay - DAY_MS + EVENING_LOCAL_HOUR * HOUR_MS - OFFSET_MS);
  const soon = new Date(dueAt.getTime() - SOON_HOURS_BEFORE * HOUR_MS);
  return [
    { slot: 'evening' as const, fireAt: evening },
    { slot: 'soon' as const, fireAt: soon },
  ].filter((s) => s.fireAt.getTime() > now.getTime() && s.fireAt.getTime() < dueAt.getTime());
}

// "25.12" and "14:30", as read in Bishkek (numbers only: the same in every language).
export function bishkekDateTime(at: Date): { date: string; time: string } {
  const iso = new Date(at.getTime() + OFFSET_MS).toISOString();
  return { date: `${iso.slice(8, 10)}.${iso.slice(5, 7)}`, time: iso.slice(11, 16) };
}

export type ScheduleRule = { frequency: CheckinFrequency; weekday: number | null; localTime: string; startsOn: string };

// The check-in times of a schedule in (from, to]: every day, or every week on `weekday` (1 = Monday … 7 = Sunday), at
// localTime in Bishkek, never before startsOn.
export function checkinTimes(rule: ScheduleRule, from: Date, to: Date): Date[] {
  const [hh, mm] = rule.localTime.split(':').map(Number);
  const [y, mo, d] = rule.startsOn.split('-').map(Number);
  const firstDay = Date.UTC(y, mo - 1, d);
  const out: Date[] = [];
  let day = Math.max(firstDay, Math.floor((from.getTime() + OFFSET_MS) / DAY_MS) * DAY_MS);
  for (; day <= to.getTime() + OFFSET_MS; day += DAY_MS) {
    const isoWeekday = ((new Date(day).getUTCDay() + 6) % 7) + 1;
    if (rule.frequency === 'weekly' && isoWeekday !== rule.weekday) continue;
    const at = new Date(day + hh * HOUR_MS + mm * 60_000 - OFFSET_MS);
    if (at.getTime() > from.getTime() && at.getTime() <= to.getTime()) out.push(at);
  }
  return out;
}

// What the returnee answered: the digit of an SMS or a Telegram button (1 yes, 2 no, 3 side effects), or a word.
const WORDS: Record<string, CheckinAnswer> = {
  '1': 'yes',
  '2': 'no',
  '3': 'side_effects',
  yes: 'yes',
  да: 'yes',
  ооба: 'yes',
  no: 'no',
  нет: 'no',
  жок: 'no',
};
export function parseCheckinAnswer(raw: string | null | undefined): CheckinAnswer | null {
  const word = (raw ?? '')
    .trim()
    .toLocaleLowerCase('ru')
    .replace(/[.!)]+$/, '');
  return WORDS[word] ?? null;
}

// The number of an option (1-based) an answer names, or null.
export function parseOptionNumber(raw: string | null | undefined, options: number): number | null {
  const m = /^\s*(\d{1,2})\s*[.)]?\s*$/.exec(raw ?? '');
  if (!m) return null;
  const n = Number(m[1]);
  return n >= 1 && n <= options ? n : null;
}

export type CheckinFact = { id: string; dueAt: Date; sent: boolean; answer: CheckinAnswer | null; escalatedAt: Date | null };
export type EscalationReason = 'side_effects' | 'two_no' | 'no_answer';
export const SILENCE_DAYS = 3;

// After an answer (`history` newest first, the answered check-in among them): side effects reach the caseworker at
// once; a "no" when the check-in before it was also a "no", once per run of "no" answers.
export function answerEscalation(history: CheckinFact[], answeredId: string): EscalationReason | null {
  const i = history.findIndex((c) => c.id === answeredId);
  const answered = history[i];
  if (!answered || answered.escalatedAt) return null;
  if (answered.answer === 'side_effects') return 'side_effects';
  if (answered.answer !== 'no') return null;
  const run: CheckinFact[] = [];
  for (const c of history.slice(i)) {
    if (!c.sent) continue;
    if (c.answer !== 'no') break;
    run.push(c);
  }
  if (run.length < 2 || run.some((c) => c.escalatedAt)) return null;
  return 'two_no';
}

// No answer for SILENCE_DAYS: the check-ins sent since the last answer, the oldest of them asked SILENCE_DAYS ago or
// more, none of them escalated yet → the oldest one escalates (once per silence).
export function silenceEscalation(history: CheckinFact[], now: Date): CheckinFact | null {
  const silent: CheckinFact[] = [];
  for (const c of history) {
    if (c.answer) break;
    if (c.sent && c.dueAt.getTime() <= now.getTime()) silent.push(c);
  }
  if (!silent.length || silent.some((c) => c.escalatedAt)) return null;
  const oldest = silent[silent.length - 1];
  return now.getTime() - oldest.dueAt.getTime() >= SILENCE_DAYS * DAY_MS ? oldest : null;
}

// Adherence: the share of the check-ins asked (sent and due by now) answered "yes"; an unanswered one counts as not taken.
export type Adherence = { asked: number; yes: number; no: number; sideEffects: number; unanswered: number; share: number | null };
export function adherenceOf(checkins: Array<Pick<CheckinFact, 'sent' | 'answer' | 'dueAt'>>, now: Date): Adherence {
  const asked = checkins.filter((c) => c.sent && c.dueAt.getTime() <= now.getTime());
  const count = (a: CheckinAnswer | null) => asked.filter((c) => c.answer === a).length;
  const yes = count('yes');
  return {
    asked: asked.length,
    yes,
    no: count('no'),
    sideEffects: count('side_effects'),
    unanswered: count(null),
    share: asked.length ? Math.round((yes / asked.length) * 1000) / 1000 : null,
  };
}

// The next 10:00 Bishkek at least two hours ahead: when the caseworker's call about a check-in is due.
export function nextCallDueAt(now: Date): Date {
  const localDay = Math.floor((now.getTime() + OFFSET_MS) / DAY_MS) * DAY_MS;
  let at = localDay + 10 * HOUR_MS - OFFSET_MS;
  while (at < now.getTime() + 2 * HOUR_MS) at += DAY_MS;
  return new Date(at);
}
