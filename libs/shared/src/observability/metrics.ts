import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Global, Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { appConfig } from '../config/app.config';
import { QUEUE_NAMES, Queues } from '../queue/queues.service';

// How long a scrape may spend on the database and on the queue backend; a slower source reports
// kaytuu_metrics_source_up 0 and leaves its gauges empty instead of holding the scrape.
export const SCRAPE_QUERY_TIMEOUT_MS = 2000;
const QUEUE_STATES = ['waiting', 'delayed', 'active', 'failed'] as const;
// every outbox and the channels its rows may take (migrations: reminder, referral_message, message)
const OUTBOXES: Record<string, string[]> = { reminder: ['in_app', 'email', 'webhook'], referral_message: ['email', 'webhook'], message: ['sms', 'telegram'] };

type DbSnapshot = {
  outbox: { outbox: string; channel: string; backlog: number; oldest: number }[];
  audit: { unsealed: number; lag: number };
  remindersFailed: { channel: string; n: number }[];
  accountsLocked: number;
};
type QueueSnapshot = Record<string, { counts: Record<string, number>; lateness: number }>;

// The Prometheus registry of one process (API or worker). Counters and the HTTP histogram are fed as things happen;
// every gauge that needs the database or the queues is read when Prometheus scrapes, never on a request's path.
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly loginFailures: Counter<'reason'>;
  readonly lockouts: Counter;
  // the gauges of one scrape share one read of each source
  private db: Promise<DbSnapshot | null> | null = null;
  private queues: Promise<QueueSnapshot | null> | null = null;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly queueAccess: Queues,
  ) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'kaytuu_http_request_duration_seconds',
      help: 'API requests by route template (never the raw path) and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.loginFailures = new Counter({ name: 'kaytuu_login_failures_total', help: 'Refused logins by reason', labelNames: ['reason'], registers });
    this.lockouts = new Counter({ name: 'kaytuu_account_lockouts_total', help: 'Accounts locked by repeated failed logins', registers });
    // inside collect() `this` is the gauge: the snapshots are reached through these
    const dbSnapshot = () => this.dbSnapshot();
    const queueSnapshot = () => this.queueSnapshot();
    const pool = () => (this.ds.isInitialized ? (this.ds.driver as unknown as { master?: PgPool }).master : undefined);
    new Gauge({
      name: 'kaytuu_db_pool_connections',
      help: 'Connections of the database pool by state (in_use, idle) and its maximum (max)',
      labelNames: ['state'],
      registers,
      collect() {
        const p = pool();
        if (!p) return;
        this.set({ state: 'in_use' }, p.totalCount - p.idleCount);
        this.set({ state: 'idle' }, p.idleCount);
        this.set({ state: 'max' }, p.options?.max ?? 10);
      },
    });
    new Gauge({
      name: 'kaytuu_db_pool_waiting',
      help: 'Queries waiting for a connection of the database pool',
      registers,
      collect() {
        const p = pool();
        if (p) this.set(p.waitingCount);
      },
    });
    new Gauge({
      name: 'kaytuu_metrics_source_up',
      help: 'Whether this scrape read the source (database, queues) in time',
      labelNames: ['source'],
      registers,
      async collect() {
        const [db, queues] = await Promise.all([dbSnapshot(), queueSnapshot()]);
        this.set({ source: 'database' }, db ? 1 : 0);
        this.set({ source: 'queues' }, queues ? 1 : 0);
      },
    });
    const dbGauge = <L extends string>(name: string, help: string, labelNames: L[], fill: (g: Gauge<L>, s: DbSnapshot) => void) =>
      new Gauge<L>({
        name,
        help,
        labelNames,
        registers,
        async collect() {
          this.reset();
          const s = await dbSnapshot();
          if (s) fill(this, s);
        },
      });
    dbGauge('kaytuu_outbox_backlog', 'Outbox rows due and not yet sent, by outbox table and channel', ['outbox', 'channel'], (g, s) => {
      for (const [outbox, channels] of Object.entries(OUTBOXES)) for (const channel of channels) g.set({ outbox, channel }, 0);
      for (const r of s.outbox) g.set({ outbox: r.outbox, channel: r.channel }, r.backlog);
    });
    dbGauge('kaytuu_outbox_oldest_pending_age_seconds', 'How long the oldest due unsent outbox row has been due', ['outbox', 'channel'], (g, s) => {
      for (const [outbox, channels] of Object.entries(OUTBOXES)) for (const channel of channels) g.set({ outbox, channel }, 0);
      for (const r of s.outbox) g.set({ outbox: r.outbox, channel: r.channel }, r.oldest);
    });
    dbGauge('kaytuu_audit_unsealed_rows', 'Audit rows not yet sealed into the hash chain', [], (g, s) => g.set(s.audit.unsealed));
    dbGauge('kaytuu_audit_sealing_lag_seconds', 'Age of the oldest audit row not yet sealed (0: all sealed)', [], (g, s) => g.set(s.audit.lag));
    dbGauge('kaytuu_reminders_failed', 'Reminders whose delivery failed (awaiting a retry or given up), by channel', ['channel'], (g, s) => {
      for (const channel of OUTBOXES.reminder) g.set({ channel }, 0);
      for (const r of s.remindersFailed) g.set({ channel: r.channel }, r.n);
    });
    dbGauge('kaytuu_accounts_locked', 'Accounts locked now by repeated failed logins', [], (g, s) => g.set(s.accountsLocked));
    const queueGauge = (name: string, help: string, labelNames: ('queue' | 'state')[], fill: (g: Gauge<'queue' | 'state'>, s: QueueSnapshot) => void) =>
      new Gauge<'queue' | 'state'>({
        name,
        help,
        labelNames,
        registers,
        async collect() {
          this.reset();
          const s = await queueSnapshot();
          if (s) fill(this, s);
        },
      });
    queueGauge('kaytuu_queue_jobs', 'Jobs per queue and state (waiting, delayed, active, failed)', ['queue', 'state'], (g, s) => {
      for (const [queue, q] of Object.entries(s)) for (const state of QUEUE_STATES) g.set({ queue, state }, q.counts[state] ?? 0);
    });
    queueGauge('kaytuu_queue_lateness_seconds', 'How long the oldest waiting job of a queue has been due (0: none waiting)', ['queue'], (g, s) => {
      for (const [queue, q] of Object.entries(s)) g.set({ queue }, q.lateness);
    });
  }

  // Express middleware: times every request and labels it with the route template Express matched
  // ('/api/returnees/:id'), never the path itself; anything no route matched (static files, 404s) is 'unmatched'.
  httpMiddleware(): RequestHandler {
    return (req: Request, res: Response, next: NextFunction) => {
      const end = this.httpDuration.startTimer();
      res.once('finish', () => {
        const route = (req.route as { path?: unknown } | undefined)?.path;
        end({ method: req.method, route: typeof route === 'string' ? route : 'unmatched', status: String(res.statusCode) });
      });
      next();
    };
  }

  // What Prometheus's scrape reads: the sources are read afresh, once for all their gauges.
  async scrape(): Promise<string> {
    this.db = null;
    this.queues = null;
    return this.registry.metrics();
  }

  private dbSnapshot(): Promise<DbSnapshot | null> {
    this.db ??= withTimeout(this.readDb(), SCRAPE_QUERY_TIMEOUT_MS + 500).catch(() => null);
    return this.db;
  }

  private queueSnapshot(): Promise<QueueSnapshot | null> {
    this.queues ??= withTimeout(this.readQueues(), SCRAPE_QUERY_TIMEOUT_MS).catch(() => null);
    return this.queues;
  }

  // One short read-only transaction; each statement uses a partial index of open rows (or a small table).
  private async readDb(): Promise<DbSnapshot> {
    return this.ds.transaction('READ COMMITTED', async (m) => {
      await m.query(`SET LOCAL statement_timeout = ${SCRAPE_QUERY_TIMEOUT_MS}`);
      const outbox: { outbox: string; channel: string; backlog: number; oldest: number }[] = await m.query(
        `SELECT 'reminder' AS outbox, channel, count(*)::int AS backlog, extract(epoch FROM now() - min(fire_at))::float8 AS oldest
           FROM reminder WHERE status IN ('pending','enqueued') AND fire_at <= now() GROUP BY channel
         UNION ALL
         SELECT 'referral_message', channel, count(*)::int, extract(epoch FROM now() - min(created_at))::float8
           FROM referral_message WHERE status IN ('pending','enqueued') GROUP BY channel
         UNION ALL
         SELECT 'message', channel, count(*)::int, extract(epoch FROM now() - min(fire_at))::float8
           FROM message WHERE status IN ('queued','sending') AND direction = 'out' AND fire_at <= now() GROUP BY channel`,
      );
      const [audit]: { unsealed: number; lag: number }[] = await m.query(
        `SELECT count(*)::int AS unsealed, coalesce(extract(epoch FROM now() - min(at)), 0)::float8 AS lag FROM audit_log WHERE seq IS NULL`,
      );
      const remindersFailed: { channel: string; n: number }[] = await m.query(
        `SELECT channel, count(*)::int AS n FROM reminder WHERE status = 'failed' GROUP BY channel`,
      );
      const [locked]: { n: number }[] = await m.query(`SELECT count(*)::int AS n FROM app_user WHERE locked_until > now()`);
      return { outbox, audit: { unsealed: audit.unsealed, lag: Math.max(0, audit.lag) }, remindersFailed, accountsLocked: locked.n };
    });
  }

  private async readQueues(): Promise<QueueSnapshot> {
    const now = Date.now();
    const entries = await Promise.all(
      Object.values(QUEUE_NAMES).map(async (name) => {
        const q = this.queueAccess.get(name);
        const [counts, oldest] = await Promise.all([q.getJobCounts(...QUEUE_STATES), q.getJobs(['waiting'], 0, 0, true)]);
        const job = oldest[0];
        const lateness = job ? Math.max(0, (now - job.timestamp - (job.delay ?? 0)) / 1000) : 0;
        return [name, { counts, lateness }] as const;
      }),
    );
    return Object.fromEntries(entries);
  }
}

type PgPool = { totalCount: number; idleCount: number; waitingCount: number; options?: { max?: number } };

// GET /metrics in Prometheus's text format on METRICS_PORT (unset: nothing served), a port of its own that the
// Service and Ingress never expose; nothing else is served there.
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('MetricsServer');
  private server: Server | null = null;

  constructor(
    @Inject(appConfig.KEY) private readonly cfg: ConfigType<typeof appConfig>,
    private readonly metrics: Metrics,
  ) {}

  // the port bound (METRICS_PORT=0 takes a free one), null when off
  get port(): number | null {
    return (this.server?.address() as AddressInfo | null)?.port ?? null;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.cfg.metricsPort === undefined) return;
    const server = createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0];
      if (path !== '/metrics') return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      if (req.method !== 'GET') return void res.writeHead(405, { 'content-type': 'text/plain', allow: 'GET' }).end('method not allowed\n');
      this.metrics.scrape().then(
        (text) => res.writeHead(200, { 'content-type': this.metrics.registry.contentType, 'cache-control': 'no-store' }).end(text),
        (err: unknown) => {
          this.logger.warn(`metrics collection failed: ${err instanceof Error ? err.message : 'unknown error'}`);
          res.writeHead(500, { 'content-type': 'text/plain' }).end('collection failed\n');
        },
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.cfg.metricsPort, () => resolve());
    });
    this.server = server;
    this.logger.log(`Metrics on port ${this.port}: /metrics`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Prometheus keeps its connection open between scrapes
    server.closeIdleConnections();
    await closed;
  }
}

@Global()
@Module({ providers: [Metrics, MetricsServer], exports: [Metrics, MetricsServer] })
export class MetricsModule {}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms)))]).finally(() =>
    clearTimeout(timer),
  );
}
