import { INestApplicationContext } from '@nestjs/common';
import { WorkerHealthServer } from '../../apps/worker/src/health-server';
import { createTestApp, TestApp } from '../support/test-app';
import { startTestWorker } from '../support/worker';

// The worker's probes (deploy/k8s: the worker Deployment's liveness and readiness) on WORKER_HEALTH_PORT.
describe('worker probes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ queue: 'redis' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('should serve no HTTP when WORKER_HEALTH_PORT is unset', async () => {
    const worker = await startTestWorker(t);
    try {
      expect(worker.get(WorkerHealthServer).port).toBeNull();
    } finally {
      await worker.close();
    }
  });

  it('should answer live and ready with 200 once started, 503 on ready from the stop on, and close with the worker', async () => {
    const worker: INestApplicationContext = await startTestWorker(t, { WORKER_HEALTH_PORT: '0' });
    const port = worker.get(WorkerHealthServer).port;
    expect(port).toBeGreaterThan(0);
    const url = (path: string) => `http://127.0.0.1:${port}${path}`;

    const live = await fetch(url('/live'));
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok' });
    expect((await fetch(url('/ready'))).status).toBe(200);
    expect((await fetch(url('/metrics'))).status).toBe(404);
    expect((await fetch(url('/ready'), { method: 'POST' })).status).toBe(405);

    // SIGTERM's path (apps/worker/src/main.ts): close() runs the shutdown hooks; the job in flight finishes meanwhile
    const closing = worker.close();
    const seen: number[] = [];
    for (;;) {
      const status = await fetch(url('/ready')).then(
        (r) => r.status,
        () => 0,
      );
      seen.push(status);
      if (status !== 200) break;
    }
    await closing;
    // not ready before the server goes away (0: the connection was refused because it had already closed)
    expect([503, 0]).toContain(seen[seen.length - 1]);
    await expect(fetch(url('/live'))).rejects.toThrow();
  });
});
