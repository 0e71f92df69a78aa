import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Public } from '@kaytuu/access';
import { ReminderService } from '@kaytuu/follow-ups';
import { MessagingService } from '@kaytuu/messaging';
import { Clock, Queues } from '@kaytuu/shared';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly queues: Queues,
    private readonly reminders: ReminderService,
    private readonly clock: Clock,
    private readonly messaging: MessagingService,
  ) {}

  // 200 when the database and the queue backend both answer, 503 otherwise; no personal data here.
  // queue.reminders is the reminders queue's depth; oldestPendingReminderAgeSeconds says how late the oldest
  // undelivered reminder is (0 when none is late, null when the database does not answer), so a stuck worker shows;
  // failedReminders counts reminders whose delivery failed for good (retried by the worker's relay, up to a cap).
  // channels: SMS (SMPP bind) and Telegram as the worker holding them last reported (off when not configured).
  @Public()
  @Get()
  async health(@Res({ passthrough: true }) res: { status(n: number): void }) {
    const [db, queue, oldestPendingReminderAgeSeconds, failedReminders] = await Promise.all([
      this.ds.query('SELECT 1').then(
        () => ({ ok: true }),
        (e: unknown) => ({ ok: false, error: e instanceof Error ? e.message : 'unreachable' }),
      ),
      this.queues.health(),
      this.reminders.oldestPendingAgeSeconds(this.clock.now()).catch(() => null),
      this.reminders.countFailed().catch(() => null),
    ]);
    const ok = db.ok && queue.ok;
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    const { workerChannels, ...queueHealth } = queue;
    const channels = this.messaging.channelsHealth(workerChannels);
    return { status: ok ? 'ok' : 'error', db, queue: queueHealth, oldestPendingReminderAgeSeconds, failedReminders, channels };
  }
}
