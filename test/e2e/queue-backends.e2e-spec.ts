import { randomBytes } from 'node:crypto';
import { Job } from 'bullmq';
import { createQueue, createWorker, QUEUE_NAMES, QueueBackendKind, Queues, QueueBackendSettings } from '@kaytuu/shared';
import { dbUrl, REDIS_TEST_URL } from '../support/pg';
import { createTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';

// The same code path (createQueue/createWorker) on both backends: Redis in production compose, Postgres for `npm start`.
describe.each<QueueBackendKind>(['postgres', 'redis'])('queue backend: %s', (backend) => {
  let t: TestApp;
  let settings: QueueBackendSettings;

  beforeAll(async () => {
    t = await createTestApp({ queue: backend });
    // unique per run: Redis keys under their own prefix, Postgres tables in their own schema of this run's database
    const run = randomBytes(4).toString('hex');
    settings =
      backend === 'redis'
        ? { kind: 'redis', url: REDIS_TEST_URL, prefix: `kt_test_${run}`, schema: 'bullmq' }
        : { kind: 'postgres', url: dbUrl(t.dbName), prefix: `kt_test_${run}`, schema: `bq_test_${run}` };
  });
  afterAll(async () => {
    // the API's own 'system' queue wrote its meta key; the Postgres side goes with the test database
    if (backend === 'redis') await t.app.get(Queues).get(QUEUE_NAMES.system).obliterate({ force: true });
    await t.close();
  });

  it('should process a delayed job exactly once, after its delay, when two workers compete for it', async () => {
    const queue = createQueue<{ n: number }>('double', settings);
    const runs: string[] = [];
    const processor = async (job: Job<{ n: number }>) => {
      runs.push(String(job.id));
      return job.data.n * 2;
    };
    const workers = [createWorker('double', processor, settings), createWorker('double', processor, settings)];
    try {
      await Promise.all(workers.map((w) => w.waitUntilReady()));
      const job = await queue.add('double', { n: 21 }, { delay: 500 });
      expect(await job.getState()).toBe('delayed');

      const done = await waitFor(async () => {
        const j = await queue.getJob(String(job.id));
        return j?.finishedOn ? j : null;
      });

      expect(await done.getState()).toBe('completed');
      expect(done.returnvalue).toBe(42);
      expect(done.processedOn! - done.timestamp).toBeGreaterThanOrEqual(500);
      expect(done.attemptsMade).toBe(1);
      expect(runs).toEqual([String(job.id)]);
      expect(await queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed')).toEqual({
        waiting: 0,
        active: 0,
        delayed: 0,
        completed: 1,
        failed: 0,
      });
    } finally {
      await Promise.all(workers.map((w) => w.close()));
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });

  it(`should report queue backend "${backend}" and a reachable database on /api/health when the API runs on it`, async () => {
    const res = await t.http.get('/api/health');

    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.db.ok).toBe(true);
    expect(res.body.queue).toMatchObject({ backend, ok: true });
  });
});
