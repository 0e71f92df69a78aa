import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DirectoryService } from '@kaytuu/directory';
import { FollowUpHooks, FollowUpKind, FollowUpState } from '@kaytuu/follow-ups';
import { Clock } from '@kaytuu/shared';
import { MessagingService } from '../messaging.service';
import { appointmentSlots, AppointmentSlot, bishkekDateTime } from './outreach-rules';
import { SelfReportService } from './self-report.service';

// The follow-ups a returnee is told about ahead: a visit (they meet the caseworker) and a call (the caseworker calls).
const REMINDED: Partial<Record<FollowUpKind, Record<AppointmentSlot, string>>> = {
  visit: { evening: 'appointment_reminder.evening', soon: 'appointment_reminder.soon' },
  call: { evening: 'appointment_reminder.call_evening', soon: 'appointment_reminder.call_soon' },
};

// Follows every follow-up's life (FollowUpHooks, inside the transaction that changes it): a visit or call scheduled
// gets the returnee's two reminders in the outbox; moved, the queued ones are cancelled and written again for the new
// time (keyed by the follow-up's version); done, cancelled or missed, the queued ones are cancelled. Monitoring
// follow-ups go to the self-report.
@Injectable()
export class AppointmentReminderService implements OnModuleInit {
  constructor(
    private readonly hooks: FollowUpHooks,
    private readonly messaging: MessagingService,
    private readonly directory: DirectoryService,
    private readonly selfReports: SelfReportService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.hooks.onChanged((m, fu) => this.onFollowUpChanged(m, fu));
  }

  async onFollowUpChanged(m: EntityManager, fu: FollowUpState): Promise<void> {
    if (fu.kind.startsWith('monitoring_')) return this.selfReports.onFollowUpChanged(m, fu);
    const templates = REMINDED[fu.kind];
    if (!templates) return;
    await this.messaging.cancelPending(m, { returneeId: fu.returneeId, sourceType: 'follow_up', sourceId: fu.id });
    if (fu.status !== 'scheduled') return;
    const slots = appointmentSlots(fu.dueAt, this.clock.now());
    if (!slots.length) return;
    const place = (await this.directory.getOffice(fu.officeId, m)).name;
    const { date, time } = bishkekDateTime(fu.dueAt);
    for (const { slot, fireAt } of slots) {
      await this.messaging.enqueue(m, {
        returneeId: fu.returneeId,
        officeId: fu.officeId,
        kind: 'appointment_reminder',
        templateKey: templates[slot],
        params: { date, time, place },
        fireAt,
        // a reminder held by quiet hours or the daily cap past the appointment is not sent at all
        expiresAt: fu.dueAt,
        sourceType: 'follow_up',
        sourceId: fu.id,
        dedupeKey: `reminder:${fu.id}:v${fu.version}:${slot}`,
      });
    }
  }
}
