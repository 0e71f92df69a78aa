import { JobsOptions, Queue } from 'bullmq';
import type { QueueBackendKind } from '@kaytuu/shared';

// What the outbox relays of the worker share: adding jobs whose id is the outbox row's id (so re-adding is a no-op on
// both backends), and retrying the failed jobs among rows handed back (a failed job keeps its id, so a plain re-add
// would do nothing). Only ids travel through the queue: no personal data in Redis or in logs.
export type OutboxRow = { id: string; fireAt?: Date };

export async function addOutboxJobs(
  queue: Queue,
  jobName: string,
  rows: OutboxRow[],
  now: number,
  data: (id: string) => object,
  opts: JobsOptions = {},
): Promise<void> {
  if (rows.length === 0) return;
  await queue.addBulk(
    rows.map((r) => ({ name: jobName, data: data(r.id), opts: { ...opts, jobId: r.id, delay: r.fireAt ? Math.max(0, r.fireAt.getTime() - now) : 0 } })),
  );
}

// Redis keeps nothing on disk here: a restart (or a flush) loses every delayed job. A marker key that the relay sets
// when missing tells it so on its next tick, so it can re-add every row it had handed over instead of waiting until
// each is stale. Also true on a worker's first tick (the key may be gone with the store): re-adding is a no-op for jobs
// still there (same jobId). BullMQ's PostgreSQL backend keeps its jobs with the outbox: never lost apart from it.
export async function queueStoreWasLost(queue: Queue, kind: QueueBackendKind, now: Date): Promise<boolean> {
  if (kind !== 'redis') return false;
  const client = await queue.getBackend().client;
  const marker = `${queue.opts.prefix ?? 'bull'}:${queue.name}:relay-store-marker`;
  // HSET answers 1 when it created the field, so exactly one relay sees each loss
  return (await client.hset(marker, { seenAt: now.getTime() })) === 1;
}

// One lookup of the failed list per call (bounded), not one per row.
export async function retryFailedJobs(queue: Queue, rows: OutboxRow[], lookAt: number): Promise<void> {
  if (rows.length === 0) return;
  const ids = new Set(rows.map((r) => r.id));
  const failed = await queue.getJobs(['failed'], 0, lookAt - 1);
  for (const job of failed) if (job.id && ids.has(job.id)) await job.retry('failed');
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
