import { Queue } from 'bullmq';

// What the outbox relays of the worker share: adding jobs whose id is the outbox row's id (so re-adding is a no-op on
// both backends), and retrying the failed jobs among rows handed back (a failed job keeps its id, so a plain re-add
// would do nothing). Only ids travel through the queue: no personal data in Redis or in logs.
export type OutboxRow = { id: string; fireAt?: Date };

export async function addOutboxJobs(queue: Queue, jobName: string, rows: OutboxRow[], now: number, data: (id: string) => object): Promise<void> {
  if (rows.length === 0) return;
  await queue.addBulk(
    rows.map((r) => ({ name: jobName, data: data(r.id), opts: { jobId: r.id, delay: r.fireAt ? Math.max(0, r.fireAt.getTime() - now) : 0 } })),
  );
}

// One lookup of the failed list per call (bounded), not one per row.
export async function retryFailedJobs(queue: Queue, rows: OutboxRow[], lookAt: number): Promise<void> {
  if (rows.length === 0) return;
  const ids = new Set(rows.map((r) => r.id));
  const failed = await queue.getJobs(['failed'], 0, lookAt - 1);
  for (const job of failed) if (job.id && ids.has(job.id)) await job.retry('failed');
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
