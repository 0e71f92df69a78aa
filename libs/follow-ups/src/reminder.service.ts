import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { appConfig, Clock, DomainError, SYSTEM_ACTOR } from '@kaytuu/shared';
import { CaseService } from '@kaytuu/cases';
import { MailService, NotificationService } from '@kaytuu/notifications';
import { UserService } from '@kaytuu/access';
import { followUpNotification, followUpReminderMail } from './follow-up-notification';
import { FollowUpRepository } from './follow-up.repository';
import { ClaimedReminder, ReminderRepository } from './reminder.repository';

export type DeliveryResult = 'sent' | 'already_sent' | 'superseded' | 'not_found';

// The outbox side of reminders, driven by the worker: the relay claims due rows and queues them (jobId = reminder id),
// the job calls deliver. Delivery is idempotent twice over: the locked status check, and the notification dedupe key.
@Injectable()
export class ReminderService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly reminders: ReminderRepository,
    private readonly followUps: FollowUpRepository,
    private readonly cases: CaseService,
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

  // Read-only, for /api/health: how late the oldest undelivered reminder is, in whole seconds (0 when none is late).
  oldestPendingAgeSeconds(now: Date): Promise<number> {
    return this.reminders.oldestOverdueAgeSeconds(now);
  }

  deliver(reminderId: string): Promise<DeliveryResult> {
    return this.ds.transaction(async (m) => {
      const r = await this.reminders.lockForDelivery(m, reminderId);
      if (!r) return 'not_found';
      if (r.status === 'sent') return 'already_sent';
      if (r.status === 'superseded') return 'superseded';
      const fu = await this.followUps.findForDelivery(m, r.followUpId);
      if (!fu || fu.status !== 'scheduled') {
        await this.reminders.markSuperseded(m, r.id);
        return 'superseded';
      }
      // webhook reminders are never written (webhooks serve organisations); failing loudly beats a silent "sent"
      if (r.channel === 'webhook') throw new Error('reminder channel webhook is not supported');
      const c = await this.cases.requireCaseForFollowUp(SYSTEM_ACTOR, fu.caseId, m).catch(notFoundAsNull);
      if (!c) {
        // the case was deleted: nobody should be reminded about it
        await this.reminders.markSuperseded(m, r.id);
        return 'superseded';
      }
      const kind = r.kind === 'at_due' ? 'follow_up_due' : 'follow_up_due_soon';
      if (r.channel === 'email') {
        // sent while the row is locked and before it is marked sent: a crash in between resends with the same Message-ID
        const contact = await this.users.contactOf(r.userId, m);
        if (!contact || !this.mail.isEnabled()) {
          await this.reminders.markSuperseded(m, r.id);
          return 'superseded';
        }
        await this.mail.send({ to: contact.email, ...followUpReminderMail(contact.locale, kind, fu, c.code, this.cfg.publicUrl), messageId: `reminder-${r.id}` });
        await this.reminders.markSent(m, r.id, this.clock.now());
        return 'sent';
      }
      await this.notifications.notify(followUpNotification(r.userId, kind, fu, { code: c.code, returneeName: c.returneeName }, `reminder:${r.id}`), m);
      await this.reminders.markSent(m, r.id, this.clock.now());
      return 'sent';
    });
  }
}

// Only "no such case" means there is nothing to remind about; any other error (database down) must fail the job.
export function notFoundAsNull(err: unknown): null {
  if (err instanceof DomainError && err.status === 404) return null;
  throw err;
}
