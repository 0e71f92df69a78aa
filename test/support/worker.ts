import { INestApplicationContext } from '@nestjs/common';
import { createWorkerApp } from '../../apps/worker/src/worker.factory';
import { TestApp } from './test-app';
import { withEnv } from './wait';

// The real worker, in-process, on the test API's database and queue backend; `extra` adds worker-only settings.
export function startTestWorker(t: TestApp, extra: Record<string, string> = {}): Promise<INestApplicationContext> {
  return withEnv({ ...t.env, ...extra }, () => createWorkerApp({ logLevel: 'silent' }));
}
