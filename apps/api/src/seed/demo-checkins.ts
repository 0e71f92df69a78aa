import type { DataSource } from 'typeorm';
import { type CheckinService, type MessagingService, PutCheckinScheduleDto } from '@kaytuu/messaging';
import type { Actor } from '@kaytuu/shared';

// TB treatment check-ins in the demo (issue 18): the first TB cases in treatment of returnees reachable by SMS get a
// daily 09:00 schedule (set through CheckinService, as the case page does) and three weeks of history: each past
// question written through MessagingService (sealed, the neutral SMS text), recorded as sent at its time, and answered
// mostly "yes", with a couple of "no" and one unanswered day, so the case page shows an adherence below 100 %.
export type DemoCheckinDeps = {
  ds: DataSource;
  checkins: CheckinService;
  messaging: MessagingService;
  valid: <T extends object>(cls: new () => T, data: Record<string, unknown>) => Promise<T>;
};

const HOUR_MS = 3_600_000;
const DAYS = 21;
// days ago → answer ('' for no answer)
const ANSWERS: Record<number, string> = { 17: 'no', 9: '', 4: 'no' };

const localNineDaysAgo = (daysAgo: number): Date => {
  const localMidnight = Math.floor((Date.now() + 6 * HOUR_MS) / (24 * HOUR_MS)) * 24 * HOUR_MS;
  return new Date(localMidnight - daysAgo * 24 * HOUR_MS + 9 * HOUR_MS - 6 * HOUR_MS);
};

export async function seedCheckins(deps: DemoCheckinDeps, cases: Array<{ caseId: string; actor: Actor }>): Promise<number> {
  let written = 0;
  for (const c of cases) {
    const startsOn = new Date(localNineDaysAgo(DAYS).getTime() + 6 * HOUR_MS).toISOString().slice(0, 10);
    await deps.checkins.putSchedule(c.actor, c.caseId, await deps.valid(PutCheckinScheduleDto, { frequency: 'daily', localTime: '09:00', startsOn }));
    await deps.ds.transaction(async (m) => {
      const [cs] = (await m.query(`SELECT returnee_id, office_id FROM checkin_schedule WHERE case_id = $1`, [c.caseId])) as Array<{
        returnee_id: string;
        office_id: string;
      }>;
      for (let d = DAYS; d >= 1; d--) {
        const dueAt = localNineDaysAgo(d);
        const [ck] = (await m.query(`INSERT INTO checkin (case_id, returnee_id, office_id, due_at) VALUES ($1, $2, $3, $4) RETURNING id`, [
          c.caseId,
          cs.returnee_id,
          cs.office_id,
          dueAt,
        ])) as Array<{ id: string }>;
        const messageId = await deps.messaging.enqueue(m, {
          returneeId: cs.returnee_id,
          officeId: cs.office_id,
          kind: 'tb_checkin',
          templateKey: 'tb_checkin.ask',
          fireAt: dueAt,
          sourceType: 'checkin',
          sourceId: ck.id,
          dedupeKey: `checkin:${ck.id}`,
          health: true,
        });
        if (!messageId) continue;
        // the demo's past: the question went out at its time
        await m.query(`UPDATE message SET status = 'sent', fire_at = $2, sent_at = $2, segments = 2, encoding = 'ucs2' WHERE id = $1`, [messageId, dueAt]);
        const answer = ANSWERS[d] ?? 'yes';
        await m.query(`UPDATE checkin SET message_id = $2, answer = $3, answered_at = $4 WHERE id = $1`, [
          ck.id,
          messageId,
          answer || null,
          answer ? new Date(dueAt.getTime() + 25 * 60_000) : null,
        ]);
        written++;
      }
    });
  }
  return written;
}
