import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { Clock } from '@kaytuu/shared';
import { FollowUpService } from '@kaytuu/follow-ups';
import { ReferralService } from '@kaytuu/referrals';
import { IntervalLoop } from './interval-loop';

export const ESCALATION_EVERY_MS = 60_000;
export type EscalationProcessorOptions = { everyMs?: number };
export const ESCALATION_PROCESSOR_OPTIONS = Symbol('ESCALATION_PROCESSOR_OPTIONS');

// The escalation sweeps, every ESCALATION_EVERY_MS: follow-ups left undone ESCALATION_HOURS after due become missed,
// and referrals unanswered past respondBy go to the office supervisors. Both are set-wise and idempotent, so several
// workers sweeping at once, or a sweep repeated after a crash, notify each person once.
@Injectable()
export class EscalationProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('EscalationProcessor');
  private readonly loop: IntervalLoop;
  private readonly everyMs: number;

  constructor(
    private readonly followUps: FollowUpService,
    private readonly referrals: ReferralService,
    private readonly clock: Clock,
    @Optional() @Inject(ESCALATION_PROCESSOR_OPTIONS) opts: EscalationProcessorOptions | null,
  ) {
    this.everyMs = opts?.everyMs ?? ESCALATION_EVERY_MS;
    this.loop = new IntervalLoop(
      this.everyMs,
      async () => void (await this.escalateOnce()),
      (err) => this.logger.warn(`escalation failed, retrying on the next tick: ${err instanceof Error ? err.message : 'unknown error'}`),
    );
  }

  onApplicationBootstrap(): void {
    this.loop.start();
    this.logger.log(`Escalating overdue follow-ups and unanswered referrals every ${this.everyMs / 1000} s`);
  }

  isRunning(): boolean {
    return this.loop.isRunning();
  }

  async escalateOnce(): Promise<{ missed: number; referrals: number }> {
    const now = this.clock.now();
    const missed = await this.followUps.escalateOverdue(now);
    const referrals = await this.referrals.escalateUnanswered(now);
    if (missed) this.logger.log(`${missed} follow-up(s) marked missed`);
    if (referrals) this.logger.log(`${referrals} unanswered referral(s) escalated`);
    return { missed, referrals };
  }

  // Waits for a sweep in progress: its transaction commits before the database pool closes.
  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }
}
