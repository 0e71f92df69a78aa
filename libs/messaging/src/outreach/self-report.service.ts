import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DirectoryService } from '@kaytuu/directory';
import { FollowUpService, FollowUpState } from '@kaytuu/follow-ups';
import { ReintegrationService, SHORT_FORM_ORDER } from '@kaytuu/reintegration';
import { Clock } from '@kaytuu/shared';
import { MessagingService, Reply } from '../messaging.service';
import { MonitoringSelfReport } from './monitoring-self-report.entity';
import { MonitoringSelfReportRepository } from './monitoring-self-report.repository';
import { parseOptionNumber } from './outreach-rules';

const DAY_MS = 86_400_000;
// the questions wait this long for the returnee; after that the caseworker's follow-up goes on as before
const OPEN_DAYS = 14;
export const START_TEMPLATE = 'monitoring.start';
// the first question opens with a greeting, unless it is asked again
export const questionTemplate = (i: number, again = false): string => (i === 0 && !again ? START_TEMPLATE : `monitoring.q.${SHORT_FORM_ORDER[i].id}`);
const indexOfTemplate = (key: string | null): number => {
  if (key === START_TEMPLATE) return 0;
  return SHORT_FORM_ORDER.findIndex((q) => key === `monitoring.q.${q.id}`);
};
type Occasion = MonitoringSelfReport['occasion'];
const OCCASIONS: readonly string[] = ['monitoring_1m', 'monitoring_3m', 'monitoring_6m', 'monitoring_12m'];

// Self-reported monitoring (issue 18): at a 1/3/6/12-month monitoring follow-up the returnee gets the short form of the
// reintegration survey, one question at a time (Telegram buttons or an SMS number). The complete answers are recorded
// as a self-reported survey; the caseworker's follow-up is then done when no answer is below the line, else kept open
// with a note saying which answers need them.
@Injectable()
export class SelfReportService implements OnModuleInit {
  constructor(
    private readonly messaging: MessagingService,
    private readonly reports: MonitoringSelfReportRepository,
    private readonly reintegration: ReintegrationService,
    private readonly followUps: FollowUpService,
    private readonly directory: DirectoryService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.messaging.registerReplyHandler('monitoring', (m, reply) => this.onReply(m, reply));
  }

  // A monitoring follow-up scheduled or moved: its first unanswered question waits in the outbox for the due time;
  // ended: the queued question is cancelled.
  async onFollowUpChanged(m: EntityManager, fu: FollowUpState): Promise<void> {
    if (!OCCASIONS.includes(fu.kind)) return;
    await this.messaging.cancelPending(m, { returneeId: fu.returneeId, sourceType: 'monitoring', sourceId: fu.id });
    if (fu.status !== 'scheduled') return;
    const report = await this.reports.ensure(m, {
      followUpId: fu.id,
      returneeId: fu.returneeId,
      officeId: fu.officeId,
      caseId: fu.caseId,
      occasion: fu.kind as Occasion,
    });
    if (report.completedAt) return;
    await this.ask(m, report, report.nextQuestion, { fireAt: fu.dueAt, dedupeKey: `monitoring:${fu.id}:v${fu.version}:q${report.nextQuestion}` });
  }

  // An answer to the question last sent: recorded when it names an option of that question (else the question is
  // asked once more), then the next question, or — after the last — the score and the follow-up.
  async onReply(m: EntityManager, reply: Reply): Promise<void> {
    const { sourceType, sourceId, templateKey } = reply.awaiting;
    if (sourceType !== 'monitoring' || !sourceId) return;
    const index = indexOfTemplate(templateKey);
    const report = await this.reports.lock(m, sourceId);
    if (!report || report.completedAt || index !== report.nextQuestion) return;
    const link = (await this.followUps.planLinksByIds([sourceId], m)).get(sourceId);
    if (!link || link.status !== 'scheduled') return;
    const question = SHORT_FORM_ORDER[index];
    const n = parseOptionNumber(reply.callbackData ?? reply.text, question.options.length);
    if (!n) {
      await this.ask(m, report, index, { dedupeKey: `monitoring:${sourceId}:q${index}:again`, again: true, inReplyTo: reply.inboundId });
      return;
    }
    const answers = { ...report.answers, [question.id]: question.options[n - 1].id };
    const next = index + 1;
    if (next < SHORT_FORM_ORDER.length) {
      await this.reports.saveAnswer(m, sourceId, answers, next);
      await this.ask(m, report, next, { dedupeKey: `monitoring:${sourceId}:q${next}`, inReplyTo: reply.inboundId });
      return;
    }
    const score = await this.reintegration.recordSelfReported(m, {
      returneeId: report.returneeId,
      caseId: report.caseId,
      followUpId: sourceId,
      occasion: report.occasion,
      answers,
    });
    await this.reports.complete(m, sourceId, answers, next, score.id, this.clock.now());
    const note = score.concerns.length
      ? `Самоотчёт (короткая анкета): нужны внимание и встреча — ${score.concerns.map((id) => SHORT_FORM_ORDER.find((q) => q.id === id)?.text.ru ?? id).join(' ')}`
      : 'Самоотчёт (короткая анкета): все ответы в норме';
    await this.followUps.recordSelfReport(m, sourceId, { done: score.concerns.length === 0, note, scoreId: score.id });
    await this.messaging.enqueue(m, {
      returneeId: report.returneeId,
      officeId: report.officeId,
      kind: 'system',
      templateKey: 'monitoring.thanks',
      channel: reply.channel,
      sourceType: 'monitoring',
      sourceId,
      dedupeKey: `monitoring:${sourceId}:thanks`,
      inReplyTo: reply.inboundId,
    });
  }

  private async ask(
    m: EntityManager,
    r: MonitoringSelfReport,
    index: number,
    o: { fireAt?: Date; dedupeKey: string; again?: boolean; inReplyTo?: string },
  ): Promise<void> {
    const fireAt = o.fireAt ?? this.clock.now();
    const place = (await this.directory.getOffice(r.officeId, m)).name;
    await this.messaging.enqueue(m, {
      returneeId: r.returneeId,
      officeId: r.officeId,
      // asked again: an answer to what the returnee just wrote (uncapped 'system'); the reply still goes to the
      // question asked first, the last 'monitoring' message
      kind: o.again ? 'system' : 'monitoring',
      templateKey: questionTemplate(index, o.again),
      params: { place },
      fireAt,
      expiresAt: new Date(fireAt.getTime() + OPEN_DAYS * DAY_MS),
      sourceType: 'monitoring',
      sourceId: r.followUpId,
      dedupeKey: o.dedupeKey,
      inReplyTo: o.inReplyTo,
    });
  }
}
