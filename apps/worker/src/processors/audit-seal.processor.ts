import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AuditService } from '@kaytuu/audit';
import { IntervalLoop } from './interval-loop';

export const AUDIT_SEAL_EVERY_MS = 2000;

// Seals new audit rows into the hash chain every AUDIT_SEAL_EVERY_MS (audit_seal() in the database). Audited requests
// only INSERT, so they never wait on the chain; several workers serialise on the chain head, which is harmless.
@Injectable()
export class AuditSealProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AuditSealProcessor');
  private readonly loop: IntervalLoop;

  constructor(private readonly audit: AuditService) {
    this.loop = new IntervalLoop(
      AUDIT_SEAL_EVERY_MS,
      async () => void (await this.sealOnce()),
      (err) => this.logger.warn(`audit sealing failed, retrying on the next tick: ${err instanceof Error ? err.message : 'unknown error'}`),
    );
  }

  onApplicationBootstrap(): void {
    this.loop.start();
    this.logger.log(`Sealing the audit log every ${AUDIT_SEAL_EVERY_MS / 1000} s`);
  }

  isRunning(): boolean {
    return this.loop.isRunning();
  }

  async sealOnce(): Promise<number> {
    const sealed = await this.audit.seal();
    if (sealed) this.logger.debug(`sealed ${sealed} audit row(s)`);
    return sealed;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }
}
