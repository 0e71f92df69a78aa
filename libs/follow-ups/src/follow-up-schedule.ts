import { FollowUpKind } from './follow-up.entity';
import { ReminderKind } from './reminder.entity';

// Kyrgyzstan has kept UTC+6 all year since 2005 (no DST), so a fixed offset is exact for "today" and "09:00 local".
const BISHKEK_OFFSET_MS = 6 * 3_600_000;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

export type PlannedReminder = { kind: ReminderKind; fireAt: Date };

// One reminder per offset whose fire time is still ahead; the at-due one always, even when the due time is close
// (or the offsets omit 0), so every follow-up reminds its assignee at least once.
export function planReminders(dueAt: Date, now: Date, offsetsMinutes: readonly number[]): PlannedReminder[] {
  const out: PlannedReminder[] = [];
  for (const offset of [...new Set(offsetsMinutes)].filter((o) => o > 0).sort((a, b) => b - a)) {
    const fireAt = new Date(dueAt.getTime() - offset * MINUTE_MS);
    if (fireAt.getTime() > now.getTime()) out.push({ kind: 'before_due', fireAt });
  }
  out.push({ kind: 'at_due', fireAt: new Date(dueAt.getTime()) });
  return out;
}

export const MONITORING_MONTHS: ReadonlyArray<readonly [FollowUpKind, number]> = [
  ['monitoring_1m', 1],
  ['monitoring_3m', 3],
  ['monitoring_6m', 6],
  ['monitoring_12m', 12],
];
const MONITORING_LOCAL_HOUR = 9;

// Calendar months after the closure day (in Bishkek), at 09:00 local time; a day the month lacks falls back to its
// last day (closed 31 January → 28/29 February), as people count months.
export function monitoringSchedule(closedAt: Date): Array<{ kind: FollowUpKind; dueAt: Date }> {
  const local = new Date(closedAt.getTime() + BISHKEK_OFFSET_MS);
  const [y, mo, d] = [local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()];
  return MONITORING_MONTHS.map(([kind, months]) => {
    const lastDay = new Date(Date.UTC(y, mo + months + 1, 0)).getUTCDate();
    const localNine = Date.UTC(y, mo + months, Math.min(d, lastDay), MONITORING_LOCAL_HOUR);
    return { kind, dueAt: new Date(localNine - BISHKEK_OFFSET_MS) };
  });
}

export type SummaryBounds = { startOfTomorrow: Date; startOfNextWeek: Date };

// "today" and "this week" (Monday to Sunday) as seen in Bishkek, as UTC instants.
export function bishkekSummaryBounds(now: Date): SummaryBounds {
  const local = now.getTime() + BISHKEK_OFFSET_MS;
  const localMidnight = Math.floor(local / DAY_MS) * DAY_MS;
  const weekday = (new Date(localMidnight).getUTCDay() + 6) % 7; // Monday = 0
  return {
    startOfTomorrow: new Date(localMidnight + DAY_MS - BISHKEK_OFFSET_MS),
    startOfNextWeek: new Date(localMidnight + (7 - weekday) * DAY_MS - BISHKEK_OFFSET_MS),
  };
}
