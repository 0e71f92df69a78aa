import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Checkin, CheckinAnswer, CheckinSchedule } from '../entities/checkin.entity';

export type NewSchedule = Omit<CheckinSchedule, 'updatedAt'>;
// `sent`: its question reached the channel (message sent or delivered); one still queued, cancelled, expired or failed
// was not asked
export type CheckinRow = Checkin & { sent: boolean };
const SENT = `EXISTS (SELECT 1 FROM message mm WHERE mm.id = c.message_id AND mm.status IN ('sent', 'delivered'))`;

// All queries for check-in schedules and check-ins (tables of the messaging context).
@Injectable()
export class CheckinRepository {
  findSchedule(m: EntityManager, caseId: string): Promise<CheckinSchedule | null> {
    return m.getRepository(CheckinSchedule).findOneBy({ caseId });
  }

  async saveSchedule(m: EntityManager, s: NewSchedule, now: Date): Promise<CheckinSchedule> {
    await m.getRepository(CheckinSchedule).upsert({ ...s, updatedAt: now }, ['caseId']);
    return m.getRepository(CheckinSchedule).findOneByOrFail({ caseId: s.caseId });
  }

  findActiveSchedules(m: EntityManager): Promise<CheckinSchedule[]> {
    return m.getRepository(CheckinSchedule).find({ where: { active: true }, order: { caseId: 'ASC' } });
  }

  async deactivate(m: EntityManager, caseId: string, now: Date): Promise<void> {
    await m.getRepository(CheckinSchedule).update({ caseId }, { active: false, updatedAt: now });
  }

  // Idempotent by (case_id, due_at): the id when this call created the check-in, null when it existed.
  async insertCheckin(m: EntityManager, c: { caseId: string; returneeId: string; officeId: string; dueAt: Date }): Promise<string | null> {
    const rows = (await m.query(
      `INSERT INTO checkin (case_id, returnee_id, office_id, due_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT ON CONSTRAINT checkin_case_due_key DO NOTHING RETURNING id`,
      [c.caseId, c.returneeId, c.officeId, c.dueAt],
    )) as Array<{ id: string }>;
    return rows[0]?.id ?? null;
  }

  async setMessage(m: EntityManager, id: string, messageId: string): Promise<void> {
    await m.getRepository(Checkin).update({ id }, { messageId });
  }

  lockById(m: EntityManager, id: string): Promise<Checkin | null> {
    return m.getRepository(Checkin).createQueryBuilder('c').setLock('pessimistic_write').where('c.id = :id', { id }).getOne();
  }

  async recordAnswer(m: EntityManager, id: string, answer: CheckinAnswer, at: Date): Promise<void> {
    await m.getRepository(Checkin).update({ id }, { answer, answeredAt: at });
  }

  async markEscalated(m: EntityManager, id: string, at: Date): Promise<void> {
    await m.getRepository(Checkin).update({ id }, { escalatedAt: at });
  }

  // A case's check-ins, newest first (the escalation rules read the recent ones, the case page a page of them).
  async recentOfCase(m: EntityManager, caseId: string, limit: number): Promise<CheckinRow[]> {
    const { entities, raw } = await m
      .getRepository(Checkin)
      .createQueryBuilder('c')
      .addSelect(SENT, 'sent')
      .where('c.case_id = :caseId', { caseId })
      .orderBy('c.due_at', 'DESC')
      .limit(limit)
      .getRawAndEntities<{ sent: boolean }>();
    return entities.map((e, i) => Object.assign(e, { sent: raw[i].sent }));
  }

  // Cases with a check-in sent, unanswered and not escalated, due at `cutoff` or before (candidates for the silence rule).
  async casesWithSilenceSince(m: EntityManager, cutoff: Date): Promise<string[]> {
    const rows = (await m.query(`SELECT DISTINCT c.case_id FROM checkin c WHERE c.answer IS NULL AND c.escalated_at IS NULL AND c.due_at <= $1 AND ${SENT}`, [
      cutoff,
    ])) as Array<{ case_id: string }>;
    return rows.map((r) => r.case_id);
  }

  // Serialises the work on one case's check-ins (a reply and the sweep escalating the same case at once).
  async lockCase(m: EntityManager, caseId: string): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('checkin:' || $1::text))`, [caseId]);
  }

  // Check-ins written ahead (due after `now`) and not answered: the schedule changed, they will not be asked.
  async deleteUnaskedAfter(m: EntityManager, caseId: string, now: Date): Promise<string[]> {
    const [rows] = (await m.query(`DELETE FROM checkin WHERE case_id = $1 AND due_at > $2 AND answer IS NULL RETURNING id`, [caseId, now])) as [
      Array<{ id: string }>,
      number,
    ];
    return rows.map((r) => r.id);
  }
}
