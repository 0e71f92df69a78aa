import { Logger } from '@nestjs/common';
import { Worker } from 'bullmq';

// An in-flight job gets this long to finish on shutdown; after that the worker is closed hard and BullMQ's
// stalled-job check hands the job to the next worker.
export const SHUTDOWN_GRACE_MS = 10_000;

// How every processor closes its BullMQ worker: a graceful close (no new jobs; the ones in flight finish), cut short
// after SHUTDOWN_GRACE_MS. Called from beforeApplicationShutdown, which runs before every onApplicationShutdown, so
// the workers stop before Queues closes the producer side.
export async function closeWorkerWithGrace(worker: Worker | null, logger: Logger): Promise<void> {
  if (!worker) return;
  const finished = await Promise.race([worker.close().then(() => true), delay(SHUTDOWN_GRACE_MS).then(() => false)]);
  if (finished) return;
  logger.warn(`Jobs in flight on queue '${worker.name}' did not finish within ${SHUTDOWN_GRACE_MS / 1000} s; closing the worker anyway`);
  await worker.close(true);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
