import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { appConfig, Clock } from '@kaytuu/shared';
import { CaseQueryService } from '@kaytuu/cases';
import { MailService, NewNotification, NotificationService } from '@kaytuu/notifications';
import { UserService } from '@kaytuu/access';
import { followUpNotification, followUpReminderMail } from './follow-up-notification';
import { FollowUpForDelivery, FollowUpRepository } from './follow-up.repository';
import { ClaimedReminder, ReminderForDelivery, ReminderRepository } from './reminder.repository';

export type DeliveryResult = 'sent' | 'already_sent' | 'superseded' | 'not_found';

// The outbox side of reminders, driven by the worker: the relay claims due rows and queues them (jobId = reminder id),
// the job calls deliver. Delivery is idempotent twice over: the locked status check, and the notification dedupe key.
@Injectable()
export class ReminderService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly reminders: ReminderRepository,
    private readonly followUps: FollowUpRepository,
    private readonly cases: CaseQueryService,
    private readonly notifications: NotificationService,
    private readonly clock: Clock,
    private readonly users: UserService,
    private readonly mail: MailService,
    @Inject(appConfig.KEY) private readonly cfg: ConfigType<typeof appConfig>,
  ) {}

  claimDueForRelay(now: Date, horizonMs: number, limit: number): Promise<ClaimedReminder[]> {
    return this.reminders.claimDue(now, new Date(now.getTime() + horizonMs), limit);
  }

  // Enqueued long ago but still not sent: the job may be gone (Redis flushed); re-adding the same jobId is harmless.
  findStaleEnqueued(now: Date, graceMs: number, limit: number): Promise<ClaimedReminder[]> {
    return this.reminders.findStaleEnqueued(new Date(now.getTime() - graceMs), limit);
  }

  findEnqueuedAfter(afterId: string | null, limit: number): Promise<ClaimedReminder[]> {
    return this.reminders.findEnqueuedAfter(afterId, limit);
  }

  // Read-only, for /api/health: how late the oldest undelivered reminder is, in whole seconds (0 when none is late).
  oldestPendingAgeSeconds(now: Date): Promise<number> {
    return this.reminders.oldestOverdueAgeSeconds(now);
  }

  async deliver(reminderId: string): Promise<DeliveryResult> {
    const [result] = await this.deliverMany([reminderId]);
    if (result instanceof Error) throw result;
    return result;
  }

  // Delivers a batch in one transaction: the rows locked in id order, their follow-ups and case labels read set-wise,
  // one multi-row notification insert (dedupe key per reminder), one update each for sent and superseded rows.
  // Returns one result per id, in order; an Error for a row that cannot be delivered as written (its job fails alone).
  // Any database error fails the whole batch, and every job in it is retried.
  deliverMany(ids: string[]): Promise<Array<DeliveryResult | Error>> {
    return this.ds.transaction(async (m) => {
      const rows = await this.reminders.lockManyForDelivery(m, [...new Set(ids)]);
      const byId = new Map(rows.map((r) => [r.id, r]));
      const open = rows.filter((r) => r.status !== 'sent' && r.status !== 'superseded');
      const followUps = new Map((await this.followUps.findManyForDelivery(m, [...new Set(open.map((r) => r.followUpId))])).map((fu) => [fu.id, fu]));
      const live = open.filter((r) => followUps.get(r.followUpId)?.status === 'scheduled');
      const labels = await this.cases.labelsByIds(
        live.map((r) => followUps.get(r.followUpId)!.caseId),
        m,
      );

      const outcome = new Map<string, DeliveryResult | Error>();
      const sent: string[] = [];
      const superseded: string[] = [];
      const notes: NewNotification[] = [];
      for (const r of open) {
        const fu = followUps.get(r.followUpId);
        const label = fu && labels.get(fu.caseId);
        // the follow-up is done, cancelled, missed or gone, or its case was deleted: nobody should be reminded
        if (!fu || fu.status !== 'scheduled' || !label) {
          superseded.push(r.id);
          outcome.set(r.id, 'superseded');
        } else if (r.channel === 'webhook') {
          // never written (webhooks serve organisations); failing loudly beats a silent "sent"
          outcome.set(r.id, new UnsupportedReminderChannel(r.channel));
        } else if (r.channel === 'email') {
          outcome.set(r.id, await this.sendMail(m, r, fu, label.code));
          (outcome.get(r.id) === 'sent' ? sent : superseded).push(r.id);
        } else {
          notes.push(followUpNotification(r.userId, reminderNotificationKind(r), fu, label, `reminder:${r.id}`));
          sent.push(r.id);
          outcome.set(r.id, 'sent');
        }
      }
      await this.notifications.notifyMany(notes, m);
      await this.reminders.markSent(m, sent, this.clock.now());
      await this.reminders.markSuperseded(m, superseded);
      return ids.map((id) => {
        const r = byId.get(id);
        if (!r) return 'not_found';
        if (r.status === 'sent') return 'already_sent';
        if (r.status === 'superseded') return 'superseded';
        return outcome.get(id)!;
      });
    });
  }

  // Sent while the row is locked and before it is marked sent: a crash in between resends with the same Message-ID.
  private async sendMail(m: EntityManager, r: ReminderForDelivery, fu: FollowUpForDelivery, code: string): Promise<'sent' | 'superseded'> {
    const contact = await this.users.contactOf(r.userId, m);
    if (!contact || !this.mail.isEnabled()) return 'superseded';
    await this.mail.send({
      to: contact.email,
      ...followUpReminderMail(contact.locale, reminderNotificationKind(r), fu, code, this.cfg.publicUrl),
      messageId: `reminder-${r.id}`,
    });
    return 'sent';
  }

  // The job failed for good: record it on the row (the error's message only: no personal data is put in errors).
  markFailed(reminderId: string, error: string, attempts: number): Promise<boolean> {
    return this.reminders.markFailed(reminderId, error.slice(0, 500), attempts);
  }

  // Failed rows due for another round of attempts (at most maxAttempts in all), handed back to the queue by the relay.
  claimFailedForRetry(now: Date, retryAfterMs: number, maxAttempts: number, limit: number): Promise<ClaimedReminder[]> {
    return this.reminders.claimFailedForRetry(now, new Date(now.getTime() - retryAfterMs), maxAttempts, limit);
  }

  countFailed(): Promise<number> {
    return this.reminders.countFailed();
  }
}

export class UnsupportedReminderChannel extends Error {
  constructor(channel: string) {
    super(`reminder channel ${channel} is not supported`);
  }
}

function reminderNotificationKind(r: Pick<ReminderForDelivery, 'kind'>): 'follow_up_due' | 'follow_up_due_soon' {
  return r.kind === 'at_due' ? 'follow_up_due' : 'follow_up_due_soon';
}
