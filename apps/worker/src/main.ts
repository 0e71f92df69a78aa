import { INestApplicationContext } from '@nestjs/common';
import { loadAppConfig } from '@kaytuu/shared';
import { createWorkerApp } from './worker.factory';

// Whole-process deadline for a shutdown (the in-flight job alone gets SHUTDOWN_GRACE_MS of it).
const SHUTDOWN_DEADLINE_MS = 20_000;

let app: INestApplicationContext | null = null;
let stopping = false;

// Own signal handling instead of enableShutdownHooks: close the BullMQ worker first (it waits for the job in
// flight), then the context (DB pool), then exit 0. Repeated signals during a shutdown are ignored.
function stop(signal: NodeJS.Signals): void {
  if (stopping) return;
  stopping = true;
  console.log(`Kaytuu worker: ${signal} received, finishing the current job and stopping`);
  setTimeout(() => {
    console.error('Kaytuu worker: shutdown deadline passed, exiting');
    process.exit(1);
  }, SHUTDOWN_DEADLINE_MS).unref();
  // still booting: nothing is in flight yet
  if (!app) process.exit(0);
  app.close().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error('Kaytuu worker: error while stopping', err);
      process.exit(1);
    },
  );
}

async function main(): Promise<void> {
  try {
    loadAppConfig();
  } catch (err) {
    console.error(`Kaytuu worker cannot start. ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  app = await createWorkerApp();
}

main().catch((err: unknown) => {
  console.error('Kaytuu worker failed to start:', err);
  process.exit(1);
});
