import { randomBytes } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { createQueue, loadAppConfig, QUEUE_NAMES, QueueBackendKind, queueBackendSettings, Queues, runMigrations } from '@kaytuu/shared';
import { HEARTBEAT_JOB, HeartbeatProcessor } from '../../apps/worker/src/processors/heartbeat.processor';
import { waitForSchema } from '../../apps/worker/src/schema-gate';
import { createWorkerApp } from '../../apps/worker/src/worker.factory';
import { TEST_DATA_KEYS_ENV } from '../support/data-keys';
import { adminQuery, dbUrl, REDIS_TEST_URL } from '../support/pg';
import { waitFor, withEnv } from '../support/wait';

// Boots the real worker (the same factory as apps/worker/src/main.ts) on each backend, against a migrated test database.
describe.each<QueueBackendKind>(['postgres', 'redis'])('worker on the %s backend', (backend) => {
  let dbName: string;
  let env: Record<string, string>;
  let worker: INestApplicationContext | null = null;
  let queue: Queue;

  beforeAll(async () => {
    const template = process.env.KAYTUU_TEST_TEMPLATE_DB;
    if (!template) throw new Error('global setup did not run');
    dbName = `kaytuu_t_${template.replace('kaytuu_tpl_', '')}_${process.pid}_w${randomBytes(3).toString('hex')}`;
    await adminQuery(`CREATE DATABASE ${dbName} TEMPLATE ${template}`);
    env = {
      DATABASE_URL: dbUrl(dbName),
      JWT_SECRET: randomBytes(24).toString('hex'),
      ...TEST_DATA_KEYS_ENV,
      QUEUE_PREFIX: `kt_${dbName}`,
      LOG_LEVEL: 'silent',
      ...(backend === 'redis' ? { REDIS_URL: REDIS_TEST_URL } : {}),
    };
    queue = createQueue(QUEUE_NAMES.system, queueBackendSettings(loadAppConfig(env)));
  });

  afterAll(async () => {
    await worker?.close();
    await queue.obliterate({ force: true });
    await queue.close();
    await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  });

  it('should complete a heartbeat that /api/health reads as workerLastSeenAt, then stop, when booted', async () => {
    const bootedAt = Date.now();
    worker = await withEnv(env, () => createWorkerApp({ logLevel: 'silent' }));
    const processor = worker.get(HeartbeatProcessor);
    expect(processor.isRunning()).toBe(true);

    const beat = await waitFor(async () => {
      const [last] = await queue.getJobs(['completed'], 0, 0, false);
      return last ?? null;
    });

    expect(beat.name).toBe(HEARTBEAT_JOB);
    // no SMPP or Telegram configured here: the heartbeat reports no channel
    expect(beat.returnvalue).toEqual({ at: expect.any(String), pid: process.pid, channels: {} });
    expect(Date.parse((beat as Job<unknown, { at: string }>).returnvalue.at)).toBeGreaterThanOrEqual(bootedAt);
    const queues = new Queues(loadAppConfig(env));
    const health = await queues.health().finally(() => queues.onApplicationShutdown());
    expect(health).toMatchObject({ backend, ok: true });
    expect(Date.parse(health.workerLastSeenAt ?? '')).toBeGreaterThanOrEqual(bootedAt);
    expect(await queue.getJobSchedulersCount()).toBe(1);

    await worker.close();
    worker = null;

    expect(processor.isRunning()).toBe(false);
    expect(await queue.getJobCounts('active', 'failed')).toEqual({ active: 0, failed: 0 });
  });

  it('should finish the job in flight before it stops when it is closed mid-job', async () => {
    worker = await withEnv(env, () => createWorkerApp({ logLevel: 'silent' }));
    const processor = worker.get(HeartbeatProcessor);
    // hold the next job open until the test lets it go, to stand for a slow job
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const slow = jest.spyOn(processor, 'process').mockImplementation(async () => {
      await held;
      return { at: 'held', pid: -1 };
    });
    // a scheduled beat may be the one that gets held; either way exactly one job is in flight
    await queue.add(HEARTBEAT_JOB, {}, { attempts: 1 });
    const [inFlight] = await waitFor(async () => {
      const active = await queue.getJobs(['active']);
      return active.length ? active : null;
    });

    let closed = false;
    const closing = worker.close().then(() => (closed = true));
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    expect(closed).toBe(false);
    release();
    await closing;
    worker = null;

    expect(slow).toHaveBeenCalled();
    const done = await queue.getJob(String(inFlight.id));
    expect(await done?.getState()).toBe('completed');
    expect(done?.returnvalue).toEqual({ at: 'held', pid: -1 });
  });
});

describe('worker schema gate', () => {
  it('should hold the worker back until the API has applied every migration when the database is still empty', async () => {
    const name = `kaytuu_t_gate_${process.pid}_${randomBytes(3).toString('hex')}`;
    await adminQuery(`CREATE DATABASE ${name}`);
    try {
      const logs: string[] = [];
      let settled = false;
      const gate = waitForSchema(dbUrl(name), { log: (m) => logs.push(m), pollMs: 50, logEveryMs: 0 }).finally(() => (settled = true));
      await waitFor(async () => (logs.some((m) => m.includes('not applied yet')) ? true : null));
      expect(settled).toBe(false);

      await runMigrations(dbUrl(name));

      await expect(gate).resolves.toBeUndefined();
    } finally {
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  });

  it('should give up with a clear reason when the database stays unreachable', async () => {
    const gate = waitForSchema('postgres://postgres@127.0.0.1:1/none', { log: () => undefined, timeoutMs: 300, pollMs: 50 });

    await expect(gate).rejects.toThrow(/not reachable/);
  });
});
