import { Queue, QueueOptions, Worker, WorkerOptions, Processor, createPostgresBackend } from 'bullmq';
import type { AppConfig } from '../config/app.config';

// The one place that chooses the queue backend: Redis when REDIS_URL is set (production, docker-compose),
// otherwise BullMQ's PostgreSQL backend in its own schema of the app's database (the embedded default).
export type QueueBackendKind = 'redis' | 'postgres';
export const BULLMQ_PG_SCHEMA = 'bullmq';

export type QueueBackendSettings = { kind: QueueBackendKind; url: string; prefix: string; schema: string };

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

export function createQueue<T = unknown>(name: string, s: QueueBackendSettings, opts: Omit<QueueOptions, 'connection'> = {}): Queue<T> {
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
  return new Worker<T, R>(name, processor, { ...opts, prefix: s.prefix, connection: postgresConnection(s) } as never, createPostgresBackend as never) as unknown as Worker<T, R>;
}
