import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { appConfig, Clock } from '@kaytuu/shared';
import { CaseQueryService } from '@kaytuu/cases';
import { DirectoryService } from '@kaytuu/directory';
import { MailService, WebhookService } from '@kaytuu/notifications';
import { ReferralMessageChannel } from './referral-message.entity';
import { ReferralMessageRepository } from './referral-message.repository';
import { ReferralRepository } from './referral.repository';

export type MessageDeliveryResult = 'sent' | 'already_sent' | 'superseded' | 'not_found';

const CASE_TYPE_RU: Record<string, string> = {
  health_referral: 'медицинская помощь',
  legal_aid: 'юридическая помощь',
  job_placement: 'трудоустройство',
  pension_claim: 'пенсия',
};

// Messages to a partner organisation about its referrals, through the outbox: an email to its contact address and a
// signed webhook (organisations that set a URL and a secret). Neither carries the returnee's personal data: the
// organisation's staff read the shared fields in the console, where consent is checked at every read.
@Injectable()
export class ReferralMessageService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly messages: ReferralMessageRepository,
    private readonly referrals: ReferralRepository,
    private readonly cases: CaseQueryService,
    private readonly directory: DirectoryService,
    private readonly mail: MailService,
    private readonly webhooks: WebhookService,
    private readonly clock: Clock,
    @Inject(appConfig.KEY) private readonly cfg: ConfigType<typeof appConfig>,
  ) {}

  // Called inside the referral's transaction: which channels the organisation is reachable on.
  async writeSent(m: EntityManager, referralId: string, org: { webhookUrl: string | null; webhookSecret: string | null }): Promise<void> {
    const channels: ReferralMessageChannel[] = [];
    if (this.mail.isEnabled()) channels.push('email');
    if (org.webhookUrl && org.webhookSecret) channels.push('webhook');
    await this.messages.insert(m, referralId, 'referral.sent', channels);
  }

  claimPending(limit: number): Promise<string[]> {
    return this.messages.claimPending(this.clock.now(), limit);
  }

  // Ids to hand back to the queue (lost jobs, failed ones under the cap), marked enqueued again.
  async claimForRetry(retryAfterMs: number, maxAttempts: number, limit: number): Promise<string[]> {
    const now = this.clock.now();
    const ids = await this.messages.findToRetry(new Date(now.getTime() - retryAfterMs), maxAttempts, limit);
    await this.messages.markRequeued(ids, now);
    return ids;
  }

  markFailed(id: string, error: string, attempts: number): Promise<void> {
    return this.messages.markFailed(id, error, attempts);
  }

  // Idempotent: the row is locked and checked; the email's Message-ID and the webhook's delivery id are the message
  // id, so a resend after a crash between sending and marking can be recognised by the receiver.
  deliver(id: string): Promise<MessageDeliveryResult> {
    return this.ds.transaction(async (m) => {
      const msg = await this.messages.lockForDelivery(m, id);
      if (!msg) return 'not_found';
      if (msg.status === 'sent') return 'already_sent';
      if (msg.status === 'superseded') return 'superseded';
      const referral = await this.referrals.findOneInScope({ kind: 'all' }, msg.referralId, m);
      const org = referral && (await this.directory.organizationForReferral(referral.organizationId, m));
      // a referral already withdrawn needs no announcement any more
      if (!referral || !org || referral.status === 'cancelled') {
        await this.messages.mark(m, id, 'superseded', this.clock.now());
        return 'superseded';
      }
      const view = (await this.cases.referralViewsByIds([referral.caseId], m)).get(referral.caseId);
      const link = `${this.cfg.publicUrl}/#/referrals/${referral.id}/show`;
      const respondBy = referral.respondBy.toISOString();
      if (msg.channel === 'email') {
        if (!this.mail.isEnabled()) {
          await this.messages.mark(m, id, 'superseded', this.clock.now());
          return 'superseded';
        }
        const due = new Intl.DateTimeFormat('ru-RU', { timeZone: 'Asia/Bishkek', dateStyle: 'short', timeStyle: 'short' }).format(referral.respondBy);
        await this.mail.send({
          to: org.contactEmail,
          subject: `Новое направление: дело ${view?.code ?? ''} (${CASE_TYPE_RU[view?.type ?? ''] ?? ''})`,
          text: `В «${org.name}» направлен клиент по делу ${view?.code ?? ''}. Просим ответить до ${due} (время Бишкека).\nОткрыть направление: ${link}`,
          messageId: `referral-message-${id}`,
        });
      } else {
        if (!org.webhookUrl || !org.webhookSecret) {
          await this.messages.mark(m, id, 'superseded', this.clock.now());
          return 'superseded';
        }
        await this.webhooks.post(org.webhookUrl, org.webhookSecret, {
          id,
          type: msg.event,
          occurredAt: referral.sentAt.toISOString(),
          data: { referralId: referral.id, caseCode: view?.code ?? null, caseType: view?.type ?? null, reason: referral.reason, respondBy, link },
        });
      }
      await this.messages.mark(m, id, 'sent', this.clock.now());
      return 'sent';
    });
  }
}
