import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { appConfig } from '@kaytuu/shared';

// The API's drain after SIGTERM (enableShutdownHooks in app.factory.ts). Nest runs beforeApplicationShutdown before it
// closes the HTTP server, so for SHUTDOWN_DRAIN_SECONDS the API keeps serving every request while
// /api/health/ready answers 503: the load balancer takes the replica out of rotation, and only then does the server
// stop accepting connections (requests in flight still finish: the server's close waits for them).
@Injectable()
export class ShutdownDrain implements BeforeApplicationShutdown {
  private readonly logger = new Logger('ShutdownDrain');
  private drainingSince: Date | null = null;

  constructor(@Inject(appConfig.KEY) private readonly cfg: ConfigType<typeof appConfig>) {}

  get draining(): boolean {
    return this.drainingSince !== null;
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    this.drainingSince = new Date();
    const seconds = this.cfg.shutdownDrainSeconds;
    if (seconds === 0) return;
    this.logger.log(`${signal ?? 'close'}: not ready any more; serving for ${seconds} s more before closing the HTTP server`);
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  }
}
