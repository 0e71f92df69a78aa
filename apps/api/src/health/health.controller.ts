import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Public } from '@kaytuu/access';
import { ReminderService } from '@kaytuu/follow-ups';
import { MessagingService } from '@kaytuu/messaging';
import { Clock, QUEUE_NAMES, Queues } from '@kaytuu/shared';
import { ShutdownDrain } from './shutdown-drain';

type Check = { ok: boolean; error?: string };
const PROBE_TIMEOUT_MS = 3000;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly queues: Queues,
    private readonly reminders: ReminderService,
    private readonly clock: Clock,
    private readonly messaging: MessagingService,
    private readonly drain: ShutdownDrain,
  ) {}

  // Liveness: the process answers (its event loop runs). Checks nothing else, so a database or Redis outage never
  // gets a healthy API restarted.
  @Public()
  @Get('live')
  live() {
    return { status: 'ok' };
  }

  // Readiness: this replica should get traffic. 200 when the database answers, every migration this build knows is
  // applied and the queue backend answers; 503 otherwise, and from SIGTERM on (draining, see ShutdownDrain).
  @Public()
  @Get('ready')
  async ready(@Res({ passthrough: true }) res: { status(n: number): void }) {
    const [db, migrations, queue] = await Promise.all([
      probe(() => this.ds.query('SELECT 1')),
      probe(async () => {
        const applied = new Set((await this.ds.query<{ name: string }[]>(`SELECT name FROM typeorm_migrations`)).map((r) => r.name));
        const missing = this.ds.migrations.filter((m) => !applied.has(m.name ?? m.constructor.name)).length;
        if (missing) throw new Error(`${missing} migration(s) not applied`);
      }),
      probe(() => this.queues.get(QUEUE_NAMES.system).getJobCounts('waiting')),
    ]);
    const draining = this.drain.draining;
    const ok = db.ok && migrations.ok && queue.ok && !draining;
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ok ? 'ok' : draining ? 'draining' : 'error', db, migrations, queue: { backend: this.queues.settings.kind, ...queue } };
  }

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

// One readiness check: ok, or the reason it failed (a connection error names host and port, never a password); a
// dependency that hangs fails after PROBE_TIMEOUT_MS instead of holding the probe.
async function probe(fn: () => Promise<unknown>): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
  });
  try {
    await Promise.race([fn(), timeout]);
    return { ok: true };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : 'unreachable' };
  } finally {
    clearTimeout(timer);
  }
}
