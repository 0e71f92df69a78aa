import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { CheckinService, TelegramLinkService } from '@kaytuu/messaging';
import { Clock } from '@kaytuu/shared';
import { IntervalLoop } from './interval-loop';

export const CHECKINS_EVERY_MS = 60_000;
export type CheckinsProcessorOptions = { everyMs?: number };
export const CHECKINS_PROCESSOR_OPTIONS = Symbol('CHECKINS_PROCESSOR_OPTIONS');

// The TB check-in sweep, every CHECKINS_EVERY_MS: writes the check-ins due within the next day for every active
// schedule (each with its question in the message outbox, which the messages relay sends at its time) and escalates
// three days of silence; and, being the messaging context's periodic sweep, deletes the Telegram link codes expired
// more than a day ago (TelegramLinkService.deleteExpiredCodes). Idempotent (one check-in per case and time, one
// escalation per silence, a delete), so several workers or a sweep repeated after a crash write and notify once.
@Injectable()
export class CheckinsProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('CheckinsProcessor');
  private readonly loop: IntervalLoop;
  private readonly everyMs: number;

  constructor(
    private readonly checkins: CheckinService,
    private readonly links: TelegramLinkService,
    private readonly clock: Clock,
    @Optional() @Inject(CHECKINS_PROCESSOR_OPTIONS) opts: CheckinsProcessorOptions | null,
  ) {
    this.everyMs = opts?.everyMs ?? CHECKINS_EVERY_MS;
    this.loop = new IntervalLoop(
      this.everyMs,
      async () => void (await this.sweepOnce()),
      (err) => this.logger.warn(`check-in sweep failed, retrying on the next tick: ${err instanceof Error ? err.message : 'unknown error'}`),
    );
  }

  onApplicationBootstrap(): void {
    this.loop.start();
    this.logger.log(`Writing TB check-ins and escalating silences every ${this.everyMs / 1000} s`);
  }

  async sweepOnce(): Promise<{ written: number; escalated: number; linkCodesDeleted: number }> {
    const now = this.clock.now();
    const r = await this.checkins.sweep(now);
    if (r.written) this.logger.log(`${r.written} check-in(s) written`);
    if (r.escalated) this.logger.log(`${r.escalated} silent check-in run(s) escalated`);
    const linkCodesDeleted = await this.links.deleteExpiredCodes(now);
    if (linkCodesDeleted) this.logger.log(`${linkCodesDeleted} expired Telegram link code(s) deleted`);
    return { ...r, linkCodesDeleted };
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }
}
