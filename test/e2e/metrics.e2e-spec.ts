import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { parse } from 'yaml';
import { MetricsServer, Queues, QUEUE_NAMES } from '@kaytuu/shared';
import { bearer, createTestApp, Given, TestApp } from '../support/test-app';
import { withEnv } from '../support/wait';
import { startTestWorker } from '../support/worker';
import { createWorkerApp } from '../../apps/worker/src/worker.factory';

// /metrics (libs/shared/src/observability/metrics.ts) of the API and the worker on METRICS_PORT, a port of its own;
// and deploy/prometheus/alerts.yml and deploy/grafana/kaytuu.json use only metrics these running apps export.
const ROOT = join(__dirname, '../..');

type Sample = { name: string; labels: Record<string, string>; value: number };
type Scrape = { types: Map<string, string>; samples: Sample[]; text: string };

function parseExposition(text: string): Scrape {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) types.set(type[1], type[2]);
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not in the exposition format: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2];
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return { types, samples, text };
}

async function scrape(port: number | null): Promise<Scrape> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseExposition(await res.text());
}

const find = (s: Scrape, name: string, labels: Record<string, string> = {}) =>
  s.samples.filter((x) => x.name === name && Object.entries(labels).every(([k, v]) => x.labels[k] === v));
const one = (s: Scrape, name: string, labels: Record<string, string> = {}) => {
  const found = find(s, name, labels);
  expect(found.map((f) => f.labels)).toHaveLength(1);
  return found[0].value;
};

// A metric's exported names: a histogram's series are its _bucket, _sum and _count.
const exported = (s: Scrape) =>
  new Set([...s.types.keys()].flatMap((n) => (s.types.get(n) === 'histogram' ? [n, `${n}_bucket`, `${n}_sum`, `${n}_count`] : [n])));
const METRIC_NAME = /\b((?:kaytuu|process|nodejs)_[a-z0-9_]+)\b/g;

describe.each(['redis', 'postgres'] as const)('/metrics of the API and the worker (%s queues)', (queue) => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let apiPort: number | null;
  let workerPort: number | null;

  beforeAll(async () => {
    t = await createTestApp({ queue, env: { METRICS_PORT: '0', LOCKOUT_MAX_FAILURES: '2', LOGIN_THROTTLE_PER_MINUTE: '1000' } });
    worker = await startTestWorker(t, { METRICS_PORT: '0' });
    apiPort = t.app.get(MetricsServer).port;
    workerPort = worker.get(MetricsServer).port;
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  it('should serve metrics only on METRICS_PORT: not on the public port, nothing else on its own', async () => {
    expect(apiPort).toBeGreaterThan(0);
    expect(workerPort).toBeGreaterThan(0);
    expect(apiPort).not.toBe(workerPort);
    for (const path of ['/metrics', '/api/metrics']) {
      const res = await t.http.get(path);
      expect(res.status).toBe(404);
      expect(res.text).not.toContain('kaytuu_http_request_duration_seconds');
    }
    expect((await fetch(`http://127.0.0.1:${apiPort}/`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${apiPort}/api/health`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${apiPort}/metrics`, { method: 'POST' })).status).toBe(405);
  });

  it('should serve no metrics port when METRICS_PORT is unset', async () => {
    const { METRICS_PORT: _unset, ...env } = t.env;
    const plain = await withEnv(env, () => createWorkerApp({ logLevel: 'silent' }));
    try {
      expect(plain.get(MetricsServer).port).toBeNull();
    } finally {
      await plain.close();
    }
  });

  it('should count requests by route template and status, login failures and lockouts, and read the pool, outbox, audit and queues', async () => {
    const cw = await t.given.user('caseworker');
    const missing = randomUUID();
    for (let i = 0; i < 3; i++) expect((await t.http.get(`/api/returnees/${missing}`).set(bearer(cw))).status).toBe(404);
    expect((await t.http.get('/api/returnees').set(bearer(cw))).status).toBe(200);
    // two wrong passwords lock the account (LOCKOUT_MAX_FAILURES=2), the third attempt meets the lock
    for (let i = 0; i < 3; i++) expect((await t.http.post('/api/auth/login').send({ email: cw.email, password: 'wrong password 123' })).status).toBe(401);
    await t.http.post('/api/auth/login').send({ email: 'nobody@kaytuu.test', password: Given.PASSWORD });
    // an unsealed audit row 10 minutes old, a reminder due 5 minutes ago and never relayed
    await t.db.query(`INSERT INTO audit_log (at, action, entity) VALUES (now() - interval '10 minutes', 'read', 'returnee')`);
    // a job the worker will not take for an hour: the system queue's depth shows it
    const probe = await t.app
      .get(Queues)
      .get(QUEUE_NAMES.system)
      .add('metrics-probe', {}, { delay: 3_600_000, jobId: `metrics-probe-${randomUUID()}` });

    const api = await scrape(apiPort);
    // the template, never the path: no id anywhere in the output
    const byId = { method: 'GET', route: '/api/returnees/:id', status: '404' };
    expect(one(api, 'kaytuu_http_request_duration_seconds_count', byId)).toBe(3);
    expect(one(api, 'kaytuu_http_request_duration_seconds_bucket', { ...byId, le: '+Inf' })).toBe(3);
    expect(one(api, 'kaytuu_http_request_duration_seconds_sum', byId)).toBeGreaterThan(0);
    expect(one(api, 'kaytuu_http_request_duration_seconds_count', { method: 'GET', route: '/api/returnees', status: '200' })).toBe(1);
    expect(api.text).not.toContain(missing);
    expect(one(api, 'kaytuu_login_failures_total', { reason: 'wrong_password' })).toBe(2);
    expect(one(api, 'kaytuu_login_failures_total', { reason: 'locked' })).toBe(1);
    expect(one(api, 'kaytuu_login_failures_total', { reason: 'unknown_email' })).toBe(1);
    expect(one(api, 'kaytuu_account_lockouts_total')).toBe(1);
    expect(one(api, 'kaytuu_accounts_locked')).toBe(1);
    const max = one(api, 'kaytuu_db_pool_connections', { state: 'max' });
    expect(max).toBeGreaterThan(0);
    expect(one(api, 'kaytuu_db_pool_connections', { state: 'in_use' })).toBeGreaterThanOrEqual(0);
    expect(one(api, 'kaytuu_db_pool_connections', { state: 'in_use' })).toBeLessThanOrEqual(max);
    expect(one(api, 'kaytuu_db_pool_waiting')).toBe(0);
    expect(one(api, 'kaytuu_metrics_source_up', { source: 'database' })).toBe(1);
    expect(one(api, 'kaytuu_metrics_source_up', { source: 'queues' })).toBe(1);
    for (const [outbox, channel] of [
      ['reminder', 'email'],
      ['referral_message', 'webhook'],
      ['message', 'sms'],
      ['message', 'telegram'],
    ]) {
      expect(one(api, 'kaytuu_outbox_backlog', { outbox, channel })).toBeGreaterThanOrEqual(0);
    }
    expect(one(api, 'kaytuu_reminders_failed', { channel: 'in_app' })).toBe(0);
    expect(find(api, 'process_cpu_user_seconds_total')).toHaveLength(1);
    expect(find(api, 'nodejs_heap_size_used_bytes')).toHaveLength(1);

    const w = await scrape(workerPort);
    expect(one(w, 'kaytuu_queue_jobs', { queue: 'system', state: 'delayed' })).toBeGreaterThanOrEqual(1);
    for (const name of Object.values(QUEUE_NAMES)) {
      for (const state of ['waiting', 'active', 'failed']) expect(one(w, 'kaytuu_queue_jobs', { queue: name, state })).toBeGreaterThanOrEqual(0);
      expect(one(w, 'kaytuu_queue_lateness_seconds', { queue: name })).toBeGreaterThanOrEqual(0);
    }
    // the sealer runs every 2 s in this worker: the old row may be sealed already, else it is at least 10 minutes late
    const lag = one(w, 'kaytuu_audit_sealing_lag_seconds');
    expect(lag === 0 || lag >= 600).toBe(true);
    expect(one(w, 'kaytuu_audit_unsealed_rows')).toBeGreaterThanOrEqual(0);
    await probe.remove();
  });

  it('should show a job due and not taken as queue lateness', async () => {
    // a queue the worker does not consume under this prefix: a job added a minute in the past waits there
    const q = t.app.get(Queues).get(QUEUE_NAMES.system);
    await worker.close();
    try {
      const job = await q.add('metrics-late', {}, { jobId: `metrics-late-${randomUUID()}`, timestamp: Date.now() - 60_000 } as never);
      const s = await scrape(apiPort);
      expect(one(s, 'kaytuu_queue_jobs', { queue: 'system', state: 'waiting' })).toBeGreaterThanOrEqual(1);
      expect(one(s, 'kaytuu_queue_lateness_seconds', { queue: 'system' })).toBeGreaterThanOrEqual(55);
      await job.remove();
    } finally {
      worker = await startTestWorker(t, { METRICS_PORT: '0' });
      workerPort = worker.get(MetricsServer).port;
    }
  });

  it('should find every metric the alert rules and the dashboard use among those the API and the worker export', async () => {
    const names = new Set([...exported(await scrape(apiPort)), ...exported(await scrape(workerPort))]);
    const alerts = parse(readFileSync(join(ROOT, 'deploy/prometheus/alerts.yml'), 'utf8')) as {
      groups: { name: string; rules: { alert: string; expr: string }[] }[];
    };
    const dashboard = JSON.parse(readFileSync(join(ROOT, 'deploy/grafana/kaytuu.json'), 'utf8')) as {
      panels: { title: string; targets: { expr: string }[] }[];
    };
    const exprs = [
      ...alerts.groups.flatMap((g) => g.rules.map((r) => ({ where: `alert ${r.alert}`, expr: r.expr }))),
      ...dashboard.panels.flatMap((p) => p.targets.map((x) => ({ where: `panel ${p.title}`, expr: x.expr }))),
    ];
    const alertNames = alerts.groups.flatMap((g) => g.rules.map((r) => r.alert));
    // the rules the issue asks for are there
    for (const a of [
      'KaytuuApi5xxRate',
      'KaytuuApiLatencyP95',
      'KaytuuOutboxBacklogOld',
      'KaytuuQueueLate',
      'KaytuuAuditSealingLag',
      'KaytuuLoginFailureSpike',
      'KaytuuDbPoolSaturated',
    ]) {
      expect(alertNames).toContain(a);
    }
    expect(dashboard.panels.length).toBeGreaterThanOrEqual(10);
    const missing: string[] = [];
    for (const { where, expr } of exprs) {
      const used = [...expr.matchAll(METRIC_NAME)].map((m) => m[1]);
      if (!used.length) missing.push(`${where}: no metric of the apps in ${expr}`);
      for (const n of used) if (!names.has(n)) missing.push(`${where}: ${n}`);
    }
    expect(missing).toEqual([]);
  });
});
