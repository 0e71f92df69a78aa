import { DefaultJobOptions, Queue, QueueOptions, Worker, WorkerOptions, Processor, createPostgresBackend } from 'bullmq';
import type { AppConfig } from '../config/app.config';

// The one place that chooses the queue backend: Redis when REDIS_URL is set (production, docker-compose),
// otherwise BullMQ's PostgreSQL backend in its own schema of the app's database (the embedded default).
export type QueueBackendKind = 'redis' | 'postgres';
export const BULLMQ_PG_SCHEMA = 'bullmq';

export type QueueBackendSettings = { kind: QueueBackendKind; url: string; prefix: string; schema: string };

// The one place for retry/backoff and retention: every queue made by createQueue starts from these (a job may override).
// Exponential backoff 5 s, 10 s, 20 s, 40 s; completed jobs are kept a little for /api/health and debugging.
export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 5000 },
  removeOnComplete: { count: 100 },
  removeOnFail: { count: 1000 },
};

export function queueBackendSettings(cfg: Pick<AppConfig, 'redisUrl' | 'databaseUrl' | 'queuePrefix'>): QueueBackendSettings {
  return cfg.redisUrl
    ? { kind: 'redis', url: cfg.redisUrl, prefix: cfg.queuePrefix, schema: BULLMQ_PG_SCHEMA }
    : { kind: 'postgres', url: cfg.databaseUrl, prefix: cfg.queuePrefix, schema: BULLMQ_PG_SCHEMA };
}

function redisConnection(url: string) {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    maxRetriesPerRequest: null,
  };
}

function postgresConnection(s: QueueBackendSettings) {
  return { connectionString: s.url, schema: s.schema, migrate: true, max: 4 };
}

export function createQueue<T = unknown>(name: string, s: QueueBackendSettings, queueOpts: Omit<QueueOptions, 'connection'> = {}): Queue<T> {
  const opts = { ...queueOpts, defaultJobOptions: { ...DEFAULT_JOB_OPTIONS, ...queueOpts.defaultJobOptions } };
  if (s.kind === 'redis') return new Queue<T>(name, { ...opts, prefix: s.prefix, connection: redisConnection(s.url) });
  return new Queue<T>(name, { ...opts, prefix: s.prefix, connection: postgresConnection(s) } as never, createPostgresBackend as never) as unknown as Queue<T>;
}

export function createWorker<T = unknown, R = unknown>(
  name: string,
  processor: Processor<T, R>,
  s: QueueBackendSettings,
  opts: Omit<WorkerOptions, 'connection'> = {},
): Worker<T, R> {
  if (s.kind === 'redis') return new Worker<T, R>(name, processor, { ...opts, prefix: s.prefix, connection: redisConnection(s.url) });
  return new Worker<T, R>(
    name,
    processor,
    { ...opts, prefix: s.prefix, connection: postgresConnection(s) } as never,
    createPostgresBackend as never,
  ) as unknown as Worker<T, R>;
}
