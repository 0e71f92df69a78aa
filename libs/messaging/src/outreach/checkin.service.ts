import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { UserService } from '@kaytuu/access';
import { AuditService } from '@kaytuu/audit';
import { CaseForFollowUp, CaseQueryService, canEditCase } from '@kaytuu/cases';
import { FollowUpService } from '@kaytuu/follow-ups';
import { NewNotification, NotificationService } from '@kaytuu/notifications';
import { Actor, Clock, CommonError, DomainError, SYSTEM_ACTOR } from '@kaytuu/shared';
import { Checkin, CheckinSchedule } from '../entities/checkin.entity';
import { MessagingService, Reply } from '../messaging.service';
import { CheckinRepository, CheckinRow } from './checkin.repository';
import { CheckinListDto, CheckinScheduleDto, PutCheckinScheduleDto, toCheckinDto, toScheduleDto } from './dto/checkin.dto';
import { OutreachError } from './outreach.errors';
import {
  adherenceOf,
  answerEscalation,
  CheckinFact,
  checkinTimes,
  EscalationReason,
  nextCallDueAt,
  parseCheckinAnswer,
  silenceEscalation,
  SILENCE_DAYS,
} from './outreach-rules';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
// check-ins are written up to a day ahead (their message waits in the outbox), and a worker that was down catches up
// the last few hours only (never a burst of old questions)
const AHEAD_MS = DAY_MS;
const CATCH_UP_MS = 6 * HOUR_MS;
// an unanswered question is not worth answering the next day
const ANSWER_WINDOW_MS = 20 * HOUR_MS;
const HISTORY = 60;
const LIST_LIMIT = 400;

// Russian fallbacks (the console renders kind + data through its own i18n); no health words: notes and bodies are
// not sealed like case details.
const CALL_NOTE: Record<EscalationReason, string> = {
  side_effects: 'Позвонить: ответ на вопрос о приёме требует внимания (см. отметки на деле)',
  two_no: 'Позвонить: два ответа «нет» подряд на вопрос о приёме (см. отметки на деле)',
  no_answer: `Позвонить: нет ответа на вопросы о приёме ${SILENCE_DAYS} дня (см. отметки на деле)`,
};

const bishkekToday = (now: Date) => new Date(now.getTime() + 6 * HOUR_MS).toISOString().slice(0, 10);
const isNotFound = (err: unknown) => err instanceof DomainError && err.status === 404;

// A health case with condition TB whose treatment goes on (no stage yet counts as the intensive start).
export function inTbTreatment(c: Pick<CaseForFollowUp, 'type' | 'status' | 'details'>): boolean {
  const d = c.details;
  return c.type === 'health_referral' && c.status !== 'closed' && d?.condition === 'tb' && d.tbTreatmentStage !== 'completed';
}

const factOf = (c: CheckinRow): CheckinFact => ({ id: c.id, dueAt: c.dueAt, sent: c.sent, answer: c.answer, escalatedAt: c.escalatedAt });

// TB treatment check-ins (issue 18): the schedule set on the case, the check-ins the worker writes from it (each with
// its question in the outbox), the answers the returnee gives, and the escalation to the caseworker.
@Injectable()
export class CheckinService implements OnModuleInit {
  private readonly logger = new Logger('CheckinService');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: CheckinRepository,
    private readonly cases: CaseQueryService,
    private readonly messaging: MessagingService,
    private readonly followUps: FollowUpService,
    private readonly notifications: NotificationService,
    private readonly users: UserService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.messaging.registerReplyHandler('tb_checkin', (m, reply) => this.onReply(m, reply));
  }

  async getSchedule(actor: Actor, caseId: string): Promise<CheckinScheduleDto> {
    return this.ds.transaction(async (m) => {
      await this.readableCase(actor, caseId, m);
      const s = await this.repo.findSchedule(m, caseId);
      if (!s) throw CommonError.notFound('Check-in schedule');
      await this.audit.record(actor, { action: 'read', entity: 'checkin_schedule', entityId: caseId, diff: null }, m);
      return toScheduleDto(s);
    });
  }

  // Sets (or replaces) the schedule. Check-ins already written ahead under the old one and not yet asked go, with their
  // queued questions; the next one under the new schedule is written at once.
  async putSchedule(actor: Actor, caseId: string, dto: PutCheckinScheduleDto): Promise<CheckinScheduleDto> {
    const now = this.clock.now();
    return this.ds.transaction(async (m) => {
      const c = await this.readableCase(actor, caseId, m);
      if (!canEditCase(c, actor)) throw OutreachError.caseNotAssigned();
      if (!inTbTreatment(c)) throw OutreachError.notTbTreatment();
      await this.repo.lockCase(m, caseId);
      const before = await this.repo.findSchedule(m, caseId);
      const saved = await this.repo.saveSchedule(
        m,
        {
          caseId,
          returneeId: c.returneeId,
          officeId: c.officeId,
          frequency: dto.frequency,
          weekday: dto.frequency === 'weekly' ? (dto.weekday ?? null) : null,
          localTime: dto.localTime,
          channel: dto.channel ?? null,
          active: dto.active ?? true,
          startsOn: dto.startsOn ?? before?.startsOn ?? bishkekToday(now),
          createdBy: before?.createdBy ?? actor.userId,
        },
        now,
      );
      await this.dropUnasked(m, saved, now);
      if (saved.active) await this.writeDue(m, saved, now);
      const diff = {
        frequency: saved.frequency,
        weekday: saved.weekday,
        localTime: saved.localTime,
        channel: saved.channel,
        active: saved.active,
        startsOn: saved.startsOn,
      };
      await this.audit.record(actor, { action: before ? 'update' : 'create', entity: 'checkin_schedule', entityId: caseId, diff }, m);
      return toScheduleDto(saved);
    });
  }

  async listCheckins(actor: Actor, caseId: string): Promise<CheckinListDto> {
    return this.ds.transaction(async (m) => {
      await this.readableCase(actor, caseId, m);
      const rows = await this.repo.recentOfCase(m, caseId, LIST_LIMIT);
      await this.audit.record(actor, { action: 'read', entity: 'checkin', entityId: null, diff: { caseId, total: rows.length } }, m);
      return { adherence: adherenceOf(rows.map(factOf), this.clock.now()), checkins: rows.map(toCheckinDto) };
    });
  }

  // The worker's sweep: the check-ins due within the next day for every active schedule (idempotent by case and time),
  // schedules of cases no longer in TB treatment switched off, and silences of SILENCE_DAYS escalated.
  async sweep(now: Date = this.clock.now()): Promise<{ written: number; escalated: number }> {
    let written = 0;
    for (const s of await this.repo.findActiveSchedules(this.ds.manager)) {
      try {
        written += await this.ds.transaction(async (m) => {
          await this.repo.lockCase(m, s.caseId);
          const fresh = await this.repo.findSchedule(m, s.caseId);
          if (!fresh?.active) return 0;
          const c = await this.cases.requireCaseForFollowUp(SYSTEM_ACTOR, s.caseId, m).catch((err: unknown) => {
            if (isNotFound(err)) return null;
            throw err;
          });
          if (!c || !inTbTreatment(c)) {
            await this.repo.deactivate(m, s.caseId, now);
            await this.dropUnasked(m, fresh, now);
            return 0;
          }
          return this.writeDue(m, fresh, now);
        });
      } catch (err) {
        // one case's trouble must not stop the others' check-ins
        this.logger.warn(`check-ins of a case not written: ${err instanceof Error ? err.message : 'unknown error'}`);
      }
    }
    let escalated = 0;
    for (const caseId of await this.repo.casesWithSilenceSince(this.ds.manager, new Date(now.getTime() - SILENCE_DAYS * DAY_MS))) {
      escalated += await this.ds.transaction(async (m) => {
        await this.repo.lockCase(m, caseId);
        const recent = await this.repo.recentOfCase(m, caseId, HISTORY);
        const hit = silenceEscalation(recent.map(factOf), now);
        const ck = hit && recent.find((c) => c.id === hit.id);
        if (!ck) return 0;
        await this.escalate(m, ck, 'no_answer', now);
        return 1;
      });
    }
    return { written, escalated };
  }

  // An answer to a check-in question (registered with MessagingService for 'tb_checkin'): the first answer counts.
  async onReply(m: EntityManager, reply: Reply): Promise<void> {
    if (reply.awaiting.sourceType !== 'checkin' || !reply.awaiting.sourceId) return;
    const answer = parseCheckinAnswer(reply.callbackData ?? reply.text);
    if (!answer) return;
    const found = await this.repo.lockById(m, reply.awaiting.sourceId);
    if (!found) return;
    await this.repo.lockCase(m, found.caseId);
    const ck = await this.repo.lockById(m, found.id);
    if (!ck || ck.answer) return;
    await this.repo.recordAnswer(m, ck.id, answer, reply.at);
    // the answer itself is health data: the audit row says that it came, not what it was
    await this.audit.record(null, { action: 'update', entity: 'checkin', entityId: ck.id, diff: { caseId: ck.caseId, answered: true, by: 'returnee' } }, m);
    const recent = await this.repo.recentOfCase(m, ck.caseId, HISTORY);
    const facts = recent.map((c) => (c.id === ck.id ? { ...factOf(c), answer } : factOf(c)));
    const reason = answerEscalation(facts, ck.id);
    if (reason) await this.escalate(m, ck, reason, this.clock.now());
    await this.messaging.enqueue(m, {
      returneeId: ck.returneeId,
      officeId: ck.officeId,
      kind: 'system',
      templateKey: 'tb_checkin.thanks',
      channel: reply.channel,
      sourceType: 'checkin',
      sourceId: ck.id,
      dedupeKey: `checkin:${ck.id}:thanks`,
      inReplyTo: reply.inboundId,
    });
  }

  private async writeDue(m: EntityManager, s: CheckinSchedule, now: Date): Promise<number> {
    const from = new Date(Math.max(s.updatedAt.getTime(), now.getTime() - CATCH_UP_MS));
    let n = 0;
    for (const dueAt of checkinTimes(s, from, new Date(now.getTime() + AHEAD_MS))) {
      const id = await this.repo.insertCheckin(m, { caseId: s.caseId, returneeId: s.returneeId, officeId: s.officeId, dueAt });
      if (!id) continue;
      n++;
      const messageId = await this.messaging.enqueue(m, {
        returneeId: s.returneeId,
        officeId: s.officeId,
        kind: 'tb_checkin',
        templateKey: 'tb_checkin.ask',
        channel: s.channel ?? undefined,
        fireAt: dueAt,
        expiresAt: new Date(dueAt.getTime() + ANSWER_WINDOW_MS),
        sourceType: 'checkin',
        sourceId: id,
        dedupeKey: `checkin:${id}`,
        health: true,
      });
      if (messageId) await this.repo.setMessage(m, id, messageId);
    }
    return n;
  }

  // Check-ins written ahead and not asked yet: removed with their queued questions (schedule changed or stopped).
  private async dropUnasked(m: EntityManager, s: CheckinSchedule, now: Date): Promise<void> {
    for (const id of await this.repo.deleteUnaskedAfter(m, s.caseId, now)) {
      await this.messaging.cancelPending(m, { returneeId: s.returneeId, sourceType: 'checkin', sourceId: id });
    }
  }

  // The caseworker hears of it once: the check-in is marked, the assignee (else the office's supervisors) notified,
  // and a call follow-up scheduled on the case.
  private async escalate(m: EntityManager, ck: Checkin, reason: EscalationReason, now: Date): Promise<void> {
    await this.repo.markEscalated(m, ck.id, now);
    const c = await this.cases.requireCaseForFollowUp(SYSTEM_ACTOR, ck.caseId, m);
    const schedule = await this.repo.findSchedule(m, ck.caseId);
    const recipients = c.assigneeId ? [c.assigneeId] : await this.users.activeSupervisorIds(c.officeId);
    const fallback = recipients[0] ?? schedule?.createdBy ?? null;
    const fu = fallback
      ? await this.followUps.scheduleForCase(m, ck.caseId, { kind: 'call', dueAt: nextCallDueAt(now), notes: CALL_NOTE[reason], fallbackAssigneeId: fallback })
      : null;
    const notes: NewNotification[] = recipients.map((userId) => ({
      userId,
      kind: 'tb_checkin_concern',
      title: `Вопросы о приёме: нужен звонок по делу ${c.code}`,
      body: c.returneeName ?? '',
      link: `#/cases/${c.id}/show`,
      data: { caseId: c.id, caseCode: c.code, returneeName: c.returneeName, reason, checkinId: ck.id, followUpId: fu?.id ?? null },
      dedupeKey: `checkin:${ck.id}:${userId}`,
    }));
    await this.notifications.notifyMany(notes, m);
  }

  // The case in the caller's scope (404 outside it), and its health details visible to them (else 403).
  private async readableCase(actor: Actor, caseId: string, m: EntityManager): Promise<CaseForFollowUp> {
    const c = await this.cases.requireCaseForFollowUp(actor, caseId, m);
    if (c.type === 'health_referral' && c.details === null) throw OutreachError.hidden();
    return c;
  }
}
