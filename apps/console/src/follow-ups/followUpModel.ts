// No imports on purpose: the root jest/tsc (NodeNext) check this file directly, while the console bundles it.
// Pure date rules and payload shaping for follow-ups. Staff plan in Bishkek wall time (UTC+6 all year, no DST),
// whatever the browser's own time zone is.

export const FOLLOW_UP_KINDS = ['call', 'visit', 'check_in', 'monitoring_1m', 'monitoring_3m', 'monitoring_6m', 'monitoring_12m'] as const;
// what staff schedule by hand; monitoring_* come from case closure
export const SCHEDULABLE_KINDS = ['call', 'visit', 'check_in'] as const;
export const FOLLOW_UP_STATUSES = ['scheduled', 'done', 'missed', 'cancelled'] as const;

export type FollowUpKind = (typeof FOLLOW_UP_KINDS)[number];
export type SchedulableKind = (typeof SCHEDULABLE_KINDS)[number];
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

export type FollowUp = {
  id: string;
  caseId: string;
  caseCode: string;
  returneeId: string;
  returneeName: string | null;
  officeId: string;
  assigneeId: string;
  kind: FollowUpKind;
  status: FollowUpStatus;
  dueAt: string;
  notes: string | null;
  // set when the system proposed it: a TB plan or the call ahead of a legal-aid deadline
  source?: 'tb_intensive' | 'tb_continuation' | 'legal_deadline' | null;
  outcome: string | null;
  doneAt: string | null;
  missedAt: string | null;
  cancelledAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  overdue: boolean;
};

export const PRESETS = ['3d', '1w', '2w', 'custom'] as const;
export type Preset = (typeof PRESETS)[number];
const PRESET_DAYS: Record<Exclude<Preset, 'custom'>, number> = { '3d': 3, '1w': 7, '2w': 14 };

const OFFSET_MS = 6 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
// presets land in the office's working morning, so the at-due reminder never fires at night
export const PRESET_HOUR = 10;

const pad = (n: number): string => String(n).padStart(2, '0');

// Midnight (Bishkek) of the day `now` falls on, as a UTC instant.
export function bishkekStartOfDay(now: Date): Date {
  const local = now.getTime() + OFFSET_MS;
  return new Date(local - (((local % DAY_MS) + DAY_MS) % DAY_MS) - OFFSET_MS);
}

// 0 = Sunday … 6 = Saturday, on the Bishkek calendar.
export const bishkekWeekday = (at: Date): number => new Date(at.getTime() + OFFSET_MS).getUTCDay();

// A preset's due moment: N calendar days ahead at 10:00 Bishkek; a Saturday or Sunday moves to the Monday,
// because home visits and calls are office work.
export function dueAtFromPreset(preset: Exclude<Preset, 'custom'>, now: Date = new Date()): Date {
  let due = new Date(bishkekStartOfDay(now).getTime() + PRESET_DAYS[preset] * DAY_MS + PRESET_HOUR * 60 * 60 * 1000);
  const weekday = bishkekWeekday(due);
  if (weekday === 6) due = new Date(due.getTime() + 2 * DAY_MS);
  if (weekday === 0) due = new Date(due.getTime() + DAY_MS);
  return due;
}

// `<input type="datetime-local">` value ("2026-05-12T10:00") read as Bishkek wall time; null when unreadable.
export function bishkekLocalToIso(value: string | null | undefined): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec((value ?? '').trim());
  if (!m) return null;
  const at = new Date(`${m[1]}T${m[2]}:${m[3]}:${m[4] ?? '00'}+06:00`);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

// The reverse, to prefill the custom input.
export function isoToBishkekLocal(iso: string | Date): string {
  const at = new Date(new Date(iso).getTime() + OFFSET_MS);
  return `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}T${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}`;
}

export type DueChoice = { preset: Preset; custom: string };

// The chosen due moment as ISO, or an error key for the dialog (the API re-checks "in the future").
export function resolveDueAt(choice: DueChoice, now: Date = new Date()): { dueAt: string } | { error: string } {
  if (choice.preset !== 'custom') return { dueAt: dueAtFromPreset(choice.preset, now).toISOString() };
  const iso = bishkekLocalToIso(choice.custom);
  if (!iso) return { error: 'app.follow_ups.validation.due_required' };
  if (Date.parse(iso) <= now.getTime()) return { error: 'app.follow_ups.validation.due_future' };
  return { dueAt: iso };
}

export type Range = { from: string; to: string };
export type MyTasksRanges = { now: string; today: Range; thisWeek: Range | null; later: { from: string } };

// My-tasks sections never overlap: overdue is before now; today is the rest of today; this week is from
// tomorrow to the end of Sunday (Bishkek, ISO weeks start on Monday; null on a Sunday); later is everything after
// (from next Monday, open-ended, so a visit in a week or a month is never out of sight). `to` is inclusive
// (one millisecond before the next boundary) so it reads the same whether the API's dueTo is < or <=.
export function myTasksRanges(now: Date = new Date()): MyTasksRanges {
  const start = bishkekStartOfDay(now).getTime();
  const tomorrow = start + DAY_MS;
  const daysToMonday = (8 - bishkekWeekday(now)) % 7 || 7;
  const nextMonday = start + daysToMonday * DAY_MS;
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    now: now.toISOString(),
    today: { from: now.toISOString(), to: iso(tomorrow - 1) },
    thisWeek: nextMonday > tomorrow ? { from: iso(tomorrow), to: iso(nextMonday - 1) } : null,
    later: { from: iso(nextMonday) },
  };
}

export type MyTasksSection = { id: string; title: string; empty: string; tone: 'error' | 'primary' | 'default'; filter: Record<string, unknown> };

// The "My tasks" sections and the follow-ups list filter behind each: my scheduled ones, overdue (the API's own
// rule), then due in the rest of today, then later this week when the week has days left, then everything later
// (paged like the others).
export function myTasksSections(ranges: MyTasksRanges): MyTasksSection[] {
  const base = { mine: true, status: 'scheduled' };
  const due = (r: Range) => ({ ...base, dueFrom: r.from, dueTo: r.to });
  const sections: MyTasksSection[] = [
    { id: 'overdue', title: 'app.my_tasks.overdue', empty: 'app.my_tasks.empty_overdue', tone: 'error', filter: { ...base, overdue: true } },
    { id: 'today', title: 'app.my_tasks.today', empty: 'app.my_tasks.empty_today', tone: 'primary', filter: due(ranges.today) },
  ];
  if (ranges.thisWeek) {
    sections.push({ id: 'this-week', title: 'app.my_tasks.this_week', empty: 'app.my_tasks.empty_this_week', tone: 'default', filter: due(ranges.thisWeek) });
  }
  sections.push({
    id: 'later',
    title: 'app.my_tasks.later',
    empty: 'app.my_tasks.empty_later',
    tone: 'default',
    filter: { ...base, dueFrom: ranges.later.from },
  });
  return sections;
}

// Same rule as the API's `overdue`: scheduled and the due moment has passed.
export function isFollowUpOverdue(f: Pick<FollowUp, 'dueAt' | 'status'> | null | undefined, now: Date = new Date()): boolean {
  if (!f?.dueAt || f.status !== 'scheduled') return false;
  const due = Date.parse(f.dueAt);
  return !Number.isNaN(due) && due < now.getTime();
}

const text = (v: string | null | undefined): string | null => {
  const s = (v ?? '').trim();
  return s === '' ? null : s;
};

export const toScheduleCreate = (caseId: string, kind: SchedulableKind, dueAt: string, notes: string) => ({
  caseId,
  kind,
  dueAt,
  ...(text(notes) ? { notes: text(notes) } : {}),
});

// Updates carry the version the user saw: a stale one comes back 409 STALE_VERSION. Empty texts are left
// out rather than sent as null, so marking done never wipes the notes written when scheduling.
export const toDoneUpdate = (f: Pick<FollowUp, 'version'>, notes: string, outcome: string) => ({
  version: f.version,
  status: 'done' as const,
  ...(text(notes) ? { notes: text(notes) } : {}),
  ...(text(outcome) ? { outcome: text(outcome) } : {}),
});
export const toRescheduleUpdate = (f: Pick<FollowUp, 'version'>, dueAt: string) => ({ version: f.version, dueAt });
export const toCancelUpdate = (f: Pick<FollowUp, 'version'>) => ({ version: f.version, status: 'cancelled' as const });

// The dashboard's "next seven days": my scheduled follow-ups due from now until the end of the seventh Bishkek day
// after today (inclusive), so a visit set "in a week" shows on the first page.
export function nextSevenDaysFilter(now: Date = new Date()): Record<string, unknown> {
  const end = bishkekStartOfDay(now).getTime() + 8 * DAY_MS - 1;
  return { mine: true, status: 'scheduled', dueFrom: now.toISOString(), dueTo: new Date(end).toISOString() };
}
