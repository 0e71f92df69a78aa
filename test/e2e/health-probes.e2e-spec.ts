import { rmSync } from 'node:fs';
import { adminQuery } from '../support/pg';
import { createTestApp, TestApp } from '../support/test-app';

// The split health endpoints the Kubernetes probes and the compose proxy use (deploy/k8s): live says the process
// answers, ready says this replica should get traffic (database, migrations, queue backend, not draining).
describe.each(['postgres', 'redis'] as const)('health probes on the %s queue backend', (queue) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ queue });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('should answer live and ready with 200 when the database, the migrations and the queue backend are in order', async () => {
    const live = await t.http.get('/api/health/live');
    expect(live.status).toBe(200);
    expect(live.body).toEqual({ status: 'ok' });

    const ready = await t.http.get('/api/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ok', db: { ok: true }, migrations: { ok: true }, queue: { backend: queue, ok: true } });
  });

  it('should answer ready with 503 naming the missing migration, and live with 200, when a migration is not applied', async () => {
    const { rows } = await t.db.query<{ id: number; timestamp: string; name: string }>(
      `SELECT id, timestamp, name FROM typeorm_migrations ORDER BY id DESC LIMIT 1`,
    );
    await t.db.query(`DELETE FROM typeorm_migrations WHERE id = $1`, [rows[0].id]);
    try {
      const ready = await t.http.get('/api/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({
        status: 'error',
        db: { ok: true },
        migrations: { ok: false, error: '1 migration(s) not applied' },
        queue: { ok: true },
      });
      expect((await t.http.get('/api/health/live')).status).toBe(200);
    } finally {
      await t.db.query(`INSERT INTO typeorm_migrations (id, timestamp, name) VALUES ($1, $2, $3)`, [rows[0].id, rows[0].timestamp, rows[0].name]);
    }
    expect((await t.http.get('/api/health/ready')).status).toBe(200);
  });
});

describe('health probes when the queue backend is unreachable', () => {
  let t: TestApp;
  beforeAll(async () => {
    // nothing listens on port 1: every Redis call fails
    t = await createTestApp({ env: { REDIS_URL: 'redis://127.0.0.1:1' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('should answer ready with 503 and the queue error, and live with 200, when Redis does not answer', async () => {
    const ready = await t.http.get('/api/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ status: 'error', db: { ok: true }, migrations: { ok: true }, queue: { backend: 'redis', ok: false } });
    expect(typeof ready.body.queue.error).toBe('string');
    expect((await t.http.get('/api/health/live')).status).toBe(200);
  });
});

describe('health probes while the API drains after SIGTERM', () => {
  it('should answer ready with 503 "draining" while still serving live and every other request for SHUTDOWN_DRAIN_SECONDS, then close', async () => {
    const t = await createTestApp({ env: { SHUTDOWN_DRAIN_SECONDS: '5' } });
    let closed = false;
    let closing: Promise<void> | null = null;
    try {
      expect((await t.http.get('/api/health/ready')).status).toBe(200);
      const started = Date.now();
      // what Nest does on SIGTERM with enableShutdownHooks (app.factory.ts): the same shutdown sequence as close()
      closing = t.app.close().then(() => {
        closed = true;
      });
      await new Promise((r) => setTimeout(r, 100));

      const ready = await t.http.get('/api/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ status: 'draining', db: { ok: true }, migrations: { ok: true }, queue: { ok: true } });
      expect((await t.http.get('/api/health/live')).status).toBe(200);
      // requests other than the probes are still served while the load balancer moves traffic away
      expect((await t.http.get('/api/health')).status).toBe(200);
      expect(closed).toBe(false);

      await closing;
      expect(Date.now() - started).toBeGreaterThanOrEqual(5000);
    } finally {
      await closing;
      // the app is closed (t.close() would close it again): only the client, the database and the files are left
      await t.db.end();
      await adminQuery(`DROP DATABASE IF EXISTS ${t.dbName} WITH (FORCE)`);
      rmSync(t.env.FILES_DIR, { recursive: true, force: true });
    }
  });
});

describe('the proxies the API believes (TRUST_PROXY)', () => {
  type TrustFn = (addr: string, i: number) => boolean;
  const trustOf = (t: TestApp) => (t.app.getHttpAdapter().getInstance() as { get(k: string): TrustFn }).get('trust proxy fn');

  it('should believe X-Forwarded-For from loopback only by default, and from private addresses too with TRUST_PROXY=loopback, uniquelocal', async () => {
    const plain = await createTestApp();
    const behindProxy = await createTestApp({ env: { TRUST_PROXY: 'loopback, uniquelocal' } });
    try {
      expect(trustOf(plain)('127.0.0.1', 0)).toBe(true);
      expect(trustOf(plain)('10.1.2.3', 0)).toBe(false);
      // the compose proxy and a Kubernetes ingress controller reach the API from private addresses
      expect(trustOf(behindProxy)('10.1.2.3', 0)).toBe(true);
      expect(trustOf(behindProxy)('172.18.0.5', 0)).toBe(true);
      expect(trustOf(behindProxy)('203.0.113.7', 0)).toBe(false);
    } finally {
      await plain.close();
      await behindProxy.close();
    }
  });
});
