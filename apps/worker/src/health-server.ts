import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { appConfig } from '@kaytuu/shared';

// The worker's probes for Kubernetes, on WORKER_HEALTH_PORT (unset: no HTTP at all): GET /live answers 200 while the
// event loop runs; GET /ready answers 200 once every processor has started (the schema gate passed, the queues are
// consumed) and 503 from SIGTERM on, while the job in flight finishes. Nothing else is served, and no data.
@Injectable()
export class WorkerHealthServer implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('WorkerHealthServer');
  private server: Server | null = null;
  private state: 'starting' | 'ready' | 'stopping' = 'starting';

  constructor(@Inject(appConfig.KEY) private readonly cfg: ConfigType<typeof appConfig>) {}

  // the port bound (WORKER_HEALTH_PORT=0 takes a free one), null when the server is off
  get port(): number | null {
    return (this.server?.address() as AddressInfo | null)?.port ?? null;
  }

  async onApplicationBootstrap(): Promise<void> {
    const port = this.cfg.workerHealthPort;
    if (port !== undefined) {
      this.server = createServer((req, res) => {
        const path = (req.url ?? '').split('?')[0];
        const status = req.method !== 'GET' ? 405 : path === '/live' ? 200 : path === '/ready' ? (this.state === 'ready' ? 200 : 503) : 404;
        res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify({ status: status === 200 ? 'ok' : path === '/ready' ? this.state : 'error' }));
      });
      await new Promise<void>((resolve, reject) => {
        this.server!.once('error', reject);
        this.server!.listen(port, () => resolve());
      });
      this.logger.log(`Probes on port ${this.port}: /live, /ready`);
    }
  }

  // called by createWorkerApp once the context is up: Nest runs the processors' bootstrap hooks together, so only
  // the end of the whole bootstrap says that every one of them has started
  markReady(): void {
    if (this.state === 'starting') this.state = 'ready';
  }

  beforeApplicationShutdown(): void {
    this.state = 'stopping';
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
