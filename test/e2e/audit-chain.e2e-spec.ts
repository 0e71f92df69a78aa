import { randomBytes, randomUUID } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import { Client } from 'pg';
import request from 'supertest';
import { AuditService, verifyAuditChain } from '@kaytuu/audit';
import { APP_LOGIN_ROLE, deriveAppDatabaseUrl, scramVerifier } from '@kaytuu/shared';
import { createApp } from '../../apps/api/src/app.factory';
import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';
import { adminQuery, dbUrl } from '../support/pg';
import { waitFor, withEnv } from '../support/wait';
import { startTestWorker } from '../support/worker';

type Row = Record<string, unknown>;

describe('audit chain: /api/audit, /api/audit/verify and the least-privilege database role', () => {
  let t: TestApp;
  let admin: GivenUser;
  let cw: GivenUser;
  let returnee: { id: string };
  let appDb: Client;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.given.user('admin');
    const office = await t.given.office();
    cw = await t.given.user('caseworker', { officeId: office.id });
    returnee = await t.given.returnee({ officeId: office.id });
    // the API's own login, as derived from the owner URL it was booted with
    appDb = new Client({ connectionString: deriveAppDatabaseUrl(dbUrl(t.dbName)) });
    await appDb.connect();
  });
  afterAll(async () => {
    await appDb.end();
    await t.close();
  });

  const verify = async () => {
    const res = await t.http.get('/api/audit/verify').set(bearer(admin));
    expect(res.status).toBe(200);
    return res.body as {
      ok: boolean;
      checked: number;
      unsealed: number;
      firstBroken: null | { id: string; seq: string; at: string; reason: string };
      verifiedAt: string;
    };
  };
  const auditCount = () => t.given.count('audit_log');
  const readReturnee = (u: GivenUser = cw) => t.http.get(`/api/returnees/${returnee.id}`).set(bearer(u));
  const sealedRow = async (offsetFromEnd = 0): Promise<Row> =>
    // at_text: a JS Date would drop the microseconds
    (await t.db.query(`SELECT *, at::text AS at_text FROM audit_log WHERE seq IS NOT NULL ORDER BY seq DESC OFFSET $1 LIMIT 1`, [offsetFromEnd])).rows[0];
  // as the owner (the test client is a superuser), past the append-only trigger: what an attacker with the owner role does
  const asOwnerBypassingTriggers = async (sql: string, params: unknown[] = []) => {
    await t.db.query('BEGIN');
    try {
      await t.db.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
      await t.db.query(sql, params);
      await t.db.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
      await t.db.query('COMMIT');
    } catch (err) {
      await t.db.query('ROLLBACK');
      throw err;
    }
  };
  const reinsert = (r: Row) =>
    asOwnerBypassingTriggers(
      `INSERT INTO audit_log (id, at, actor_id, action, entity, entity_id, ip, diff, seq, prev_hash, hash) OVERRIDING SYSTEM VALUE VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
      [r.id, r.at_text, r.actor_id, r.action, r.entity, r.entity_id, r.ip, r.diff === null ? null : JSON.stringify(r.diff), r.seq, r.prev_hash, r.hash],
    );

  describe('sealing and verification', () => {
    it('should seal every audited action into one unbroken chain when an admin verifies', async () => {
      expect((await readReturnee()).status).toBe(200);
      expect((await readReturnee()).status).toBe(200);
      expect(await t.given.count(`audit_log WHERE seq IS NULL`)).toBeGreaterThan(0);

      const report = await verify();

      expect(report).toEqual({ ok: true, checked: await auditCount(), unsealed: 0, firstBroken: null, verifiedAt: expect.any(String) });
      expect(Date.parse(report.verifiedAt)).not.toBeNaN();
      const { rows } = await t.db.query(`SELECT seq::int AS seq, prev_hash, hash FROM audit_log ORDER BY seq`);
      rows.forEach((r, i) => {
        expect(r.seq).toBe(i + 1);
        expect(r.hash).toMatch(/^[0-9a-f]{64}$/);
        expect(r.prev_hash).toBe(i === 0 ? '0'.repeat(64) : rows[i - 1].hash);
      });
      const head = (await t.db.query(`SELECT seq::int AS seq, hash FROM audit_chain_head`)).rows[0];
      expect(head).toEqual({ seq: rows.length, hash: rows[rows.length - 1].hash });
    });

    it('should report the altered row by id with hash_mismatch when the owner changes a sealed row behind the triggers', async () => {
      await readReturnee();
      await verify();
      const victim = await sealedRow(1);

      await asOwnerBypassingTriggers(`UPDATE audit_log SET diff = '{"forged":true}' WHERE id = $1`, [victim.id]);
      const report = await verify();

      expect(report.ok).toBe(false);
      expect(report.firstBroken).toEqual({ id: String(victim.id), seq: String(victim.seq), at: (victim.at as Date).toISOString(), reason: 'hash_mismatch' });
      expect(report.checked).toBe(Number(victim.seq) - 1);

      // putting the original content back makes the chain verify again: the hash is a pure function of the row
      await asOwnerBypassingTriggers(`UPDATE audit_log SET diff = $2 WHERE id = $1`, [victim.id, victim.diff === null ? null : JSON.stringify(victim.diff)]);
      expect((await verify()).ok).toBe(true);
    });

    it('should report a seq_gap at the next row when a row in the middle is deleted', async () => {
      const victim = await sealedRow(2);
      const next = (await t.db.query(`SELECT id::text, seq::text FROM audit_log WHERE seq = $1`, [Number(victim.seq) + 1])).rows[0];

      await asOwnerBypassingTriggers(`DELETE FROM audit_log WHERE id = $1`, [victim.id]);
      const report = await verify();

      expect(report.ok).toBe(false);
      expect(report.firstBroken).toMatchObject({ id: next.id, seq: next.seq, reason: 'seq_gap' });
      await reinsert(victim);
      expect((await verify()).ok).toBe(true);
    });

    it('should report prev_hash_mismatch when a row is re-linked to another predecessor', async () => {
      const victim = await sealedRow(1);
      await asOwnerBypassingTriggers(`UPDATE audit_log SET prev_hash = $2 WHERE id = $1`, [victim.id, 'f'.repeat(64)]);
      const report = await verify();
      expect(report.firstBroken).toMatchObject({ id: String(victim.id), reason: 'prev_hash_mismatch' });
      await asOwnerBypassingTriggers(`UPDATE audit_log SET prev_hash = $2 WHERE id = $1`, [victim.id, victim.prev_hash]);
      expect((await verify()).ok).toBe(true);
    });

    it('should report head_mismatch when the newest sealed row is deleted', async () => {
      const verifiedBefore = await verify();
      const tail = await sealedRow(0);

      await asOwnerBypassingTriggers(`DELETE FROM audit_log WHERE id = $1`, [tail.id]);
      // the standalone walker (used on restored backups) reports the same as the endpoint, sealing nothing itself
      const report = await verifyAuditChain((sql, params) => t.db.query(sql, params));

      expect(report.ok).toBe(false);
      expect(report.firstBroken?.reason).toBe('head_mismatch');
      expect(report.firstBroken?.seq).toBe(String(tail.seq));
      expect(report.checked).toBe(verifiedBefore.checked - 1);
      await reinsert(tail);
      expect((await verifyAuditChain((sql, params) => t.db.query(sql, params))).ok).toBe(true);
    });

    it('should keep a sealed row unchangeable even for the owner while the triggers are on', async () => {
      const row = await sealedRow(0);
      await expect(t.db.query(`UPDATE audit_log SET diff = '{"x":1}' WHERE id = $1`, [row.id])).rejects.toThrow(/append-only/);
      await expect(t.db.query(`UPDATE audit_log SET seq = seq + 1000 WHERE id = $1`, [row.id])).rejects.toThrow(/append-only/);
      await expect(t.db.query(`DELETE FROM audit_log WHERE id = $1`, [row.id])).rejects.toThrow(/append-only/);
      await expect(t.db.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
    });
  });

  describe('the app role', () => {
    it('should run the API pool as the least-privilege login, not the owner', async () => {
      const { rows } = await t.db.query(`SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [t.dbName]);
      expect(rows.map((r) => r.usename)).toContain(APP_LOGIN_ROLE);
      expect((await appDb.query(`SELECT current_user AS u, pg_has_role('kaytuu_app', 'MEMBER') AS m`)).rows[0]).toEqual({ u: APP_LOGIN_ROLE, m: true });
    });

    it('should refuse UPDATE, DELETE and TRUNCATE of audit_log with permission denied when the app role tries', async () => {
      await readReturnee();
      const row = (await appDb.query(`SELECT id FROM audit_log ORDER BY id DESC LIMIT 1`)).rows[0];
      for (const sql of [
        `UPDATE audit_log SET diff = '{"x":1}' WHERE id = ${row.id}`,
        `UPDATE audit_log SET seq = NULL WHERE id = ${row.id}`,
        `DELETE FROM audit_log WHERE id = ${row.id}`,
        `TRUNCATE audit_log`,
        `UPDATE audit_chain_head SET seq = 0`,
      ]) {
        await expect(appDb.query(sql)).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(/permission denied/) });
      }
      expect((await appDb.query(`SELECT count(*)::int AS n FROM audit_log WHERE id = $1`, [row.id])).rows[0].n).toBe(1);
    });

    it('should let the app role insert audit rows and seal them, and nothing else on the chain', async () => {
      await appDb.query(`INSERT INTO audit_log (action, entity, entity_id) VALUES ('read', 'probe', 'x')`);
      const sealed = (await appDb.query(`SELECT audit_seal(1000) AS n`)).rows[0].n;
      expect(sealed).toBeGreaterThanOrEqual(1);
      expect(await t.given.count(`audit_log WHERE entity = 'probe' AND seq IS NOT NULL`)).toBe(1);
      expect((await verify()).ok).toBe(true);
    });

    it('should keep the other tables writable for the app role', async () => {
      const name = `Роль ${randomBytes(3).toString('hex')}`;
      const { rows } = await appDb.query(`INSERT INTO office (name, oblast, district) VALUES ($1, 'bishkek', 'Ленинский') RETURNING id`, [name]);
      const id = rows[0].id;
      // each change seen by the owner's connection: the app role's writes are committed, not just accepted
      const asOwner = async () => (await t.db.query(`SELECT name, district FROM office WHERE id = $1`, [id])).rows;
      expect(await asOwner()).toEqual([{ name, district: 'Ленинский' }]);
      expect((await appDb.query(`UPDATE office SET district = 'Октябрьский' WHERE id = $1`, [id])).rowCount).toBe(1);
      expect(await asOwner()).toEqual([{ name, district: 'Октябрьский' }]);
      expect((await appDb.query(`DELETE FROM office WHERE id = $1`, [id])).rowCount).toBe(1);
      expect(await asOwner()).toEqual([]);
    });

    it('should connect with DATABASE_APP_URL as given instead of deriving a login', async () => {
      const role = `kaytuu_t_app_${randomBytes(4).toString('hex')}`;
      const dbName = `${t.dbName}_own`;
      await adminQuery(`CREATE ROLE ${role} LOGIN PASSWORD '${scramVerifier('secret-x')}' IN ROLE kaytuu_app`);
      await adminQuery(`CREATE DATABASE ${dbName} TEMPLATE ${process.env.KAYTUU_TEST_TEMPLATE_DB}`);
      const appUrl = new URL(dbUrl(dbName));
      appUrl.username = role;
      appUrl.password = 'secret-x';
      // the harness's env (secrets, queue backend), on a database of this test's own
      const env = { ...t.env, DATABASE_URL: dbUrl(dbName), DATABASE_APP_URL: appUrl.toString(), QUEUE_PREFIX: `kt_${dbName}` };
      const app = await withEnv(env, async () => {
        const a = await createApp({ consoleDist: null, logLevel: 'silent', bufferLogs: false });
        await a.init();
        return a;
      });
      try {
        const res = await request(app.getHttpServer()).get('/api/audit/verify');
        expect(res.status).toBe(401);
        const { rows } = await t.db.query(`SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = $1 AND application_name = 'kaytuu'`, [dbName]);
        expect(rows.map((r) => r.usename)).toEqual([role]);
      } finally {
        await app.close();
        await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
        await adminQuery(`DROP ROLE ${role}`);
      }
    });
  });

  describe('access', () => {
    it('should answer 403 to every other role and 401 without a token', async () => {
      for (const role of ['supervisor', 'caseworker', 'ngo_staff'] as const) {
        const u = role === 'caseworker' ? cw : await t.given.user(role);
        for (const path of ['/api/audit-logs', '/api/audit/verify', '/api/audit-logs/1']) {
          const res = await t.http.get(path).set(bearer(u));
          expect({ role, path, status: res.status }).toEqual({ role, path, status: 403 });
        }
      }
      for (const path of ['/api/audit-logs', '/api/audit/verify', '/api/audit-logs/1']) expect((await t.http.get(path)).status).toBe(401);
    });
  });

  describe('list and show', () => {
    const list = (query: Record<string, string>) => t.http.get('/api/audit-logs').query(query).set(bearer(admin));

    it('should list newest first with the actor and chain fields and a Content-Range total', async () => {
      await readReturnee();
      const total = await auditCount();
      const res = await list({ range: '[0,4]' });
      expect(res.status).toBe(200);
      expect(res.headers['content-range']).toBe(`audit-logs 0-4/${total}`);
      const ids = res.body.map((r: Row) => Number(r.id));
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
      const newest = res.body[0];
      expect(Object.keys(newest).sort()).toEqual(
        ['action', 'actorEmail', 'actorId', 'actorName', 'at', 'diff', 'entity', 'entityId', 'hash', 'id', 'ip', 'prevHash', 'seq'].sort(),
      );
      expect(newest).toMatchObject({ action: 'read', entity: 'returnee', entityId: returnee.id, actorId: cw.id, actorEmail: cw.email });
    });

    it('should filter by action, entity, entityId, actorId, q and time, and sort by seq', async () => {
      const byEntity = await list({ filter: JSON.stringify({ entity: 'returnee', entityId: returnee.id, action: ['read'] }), range: '[0,499]' });
      expect(byEntity.status).toBe(200);
      expect(byEntity.body.length).toBeGreaterThan(0);
      expect(byEntity.body.every((r: Row) => r.entity === 'returnee' && r.entityId === returnee.id && r.action === 'read')).toBe(true);
      expect(Number(byEntity.headers['content-range'].split('/')[1])).toBe(
        await t.given.count(`audit_log WHERE entity = 'returnee' AND entity_id = '${returnee.id}' AND action = 'read'`),
      );

      const byActor = await list({ filter: JSON.stringify({ actorId: admin.id }), range: '[0,499]' });
      expect(byActor.body.length).toBeGreaterThan(0);
      expect(byActor.body.every((r: Row) => r.actorId === admin.id)).toBe(true);

      const byQ = await list({ filter: JSON.stringify({ q: cw.email.slice(0, 12).toUpperCase() }), range: '[0,499]' });
      expect(byQ.body.length).toBeGreaterThan(0);
      expect(byQ.body.every((r: Row) => r.actorId === cw.id)).toBe(true);
      expect((await list({ filter: JSON.stringify({ q: '%' }) })).body).toEqual([]);

      const future = await list({ filter: JSON.stringify({ from: '2999-01-01' }) });
      expect(future.status).toBe(200);
      expect(future.body).toEqual([]);
      // a bare date is a Bishkek day (UTC+6): today there, and the UTC day before it holds nothing made just now
      const bishkekToday = new Date(Date.now() + 6 * 3600_000).toISOString().slice(0, 10);
      expect((await list({ filter: JSON.stringify({ from: bishkekToday, to: bishkekToday }) })).body.length).toBeGreaterThan(0);
      const bishkekYesterday = new Date(Date.now() + 6 * 3600_000 - 86_400_000).toISOString().slice(0, 10);
      // half past midnight today in Bishkek is 18:30 UTC of the day before: a UTC-day reading would file it under yesterday
      const earlyToday = new Date(Date.parse(`${bishkekToday}T00:30:00+06:00`));
      const {
        rows: [early],
      } = await t.db.query(`INSERT INTO audit_log (at, action, entity, entity_id) VALUES ($1, 'read', 'returnee', 'early-today') RETURNING id`, [earlyToday]);
      const ids = async (filter: object) => (await list({ filter: JSON.stringify({ entityId: 'early-today', ...filter }) })).body.map((r: Row) => String(r.id));
      expect(await ids({ from: bishkekToday, to: bishkekToday })).toEqual([String(early.id)]);
      expect(await ids({ from: bishkekYesterday, to: bishkekYesterday })).toEqual([]);
      expect((await list({ filter: JSON.stringify({ to: '2000-01-01T00:00:00Z' }) })).body).toEqual([]);

      await verify();
      const bySeq = await list({ sort: '["seq","ASC"]', range: '[0,9]' });
      expect(bySeq.body.map((r: Row) => Number(r.seq))).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
      const byAt = await list({ sort: '["at","DESC"]', range: '[0,9]' });
      const ats = byAt.body.map((r: Row) => Date.parse(r.at as string));
      expect(ats).toEqual([...ats].sort((a, b) => b - a));
    });

    it('should answer 400 to an unknown filter, a bad value, sort or range, and store nothing', async () => {
      const before = await auditCount();
      const bad: Array<Record<string, string>> = [
        { filter: '{"nope":1}' },
        { filter: '{"action":"hack"}' },
        { filter: '{"actorId":"not-a-uuid"}' },
        { filter: '{"from":"yesterday"}' },
        { filter: '{"id":["1; DROP TABLE audit_log"]}' },
        { sort: '["diff","ASC"]' },
        { range: '[0,1000]' },
        { filter: 'not json' },
      ];
      for (const query of bad) {
        const res = await list(query);
        expect({ query, status: res.status, code: res.body.code }).toEqual({ query, status: 400, code: 'VALIDATION_FAILED' });
      }
      expect(await auditCount()).toBe(before);
    });

    it('should show one row by id, 404 for an unknown id and 400 for a malformed one', async () => {
      const row = (await t.db.query(`SELECT id::text FROM audit_log WHERE actor_id = $1 ORDER BY id LIMIT 1`, [cw.id])).rows[0];
      const res = await t.http.get(`/api/audit-logs/${row.id}`).set(bearer(admin));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: row.id, actorId: cw.id, actorEmail: cw.email });
      const many = await list({ filter: JSON.stringify({ id: [row.id] }) });
      expect(many.body.map((r: Row) => r.id)).toEqual([row.id]);
      expect((await t.http.get('/api/audit-logs/999999999999').set(bearer(admin))).status).toBe(404);
      expect((await t.http.get('/api/audit-logs/abc').set(bearer(admin))).status).toBe(400);
    });
  });

  describe('load', () => {
    let worker: INestApplicationContext | null = null;
    afterAll(async () => {
      await worker?.close();
    });

    it('should seal new rows from the worker tick without anyone verifying', async () => {
      worker = await startTestWorker(t);
      const marker = `tick-${randomUUID()}`;
      await t.app.get(AuditService).record(null, { action: 'read', entity: 'probe', entityId: marker });
      const sealed = await waitFor(
        async () => (await t.db.query(`SELECT seq FROM audit_log WHERE entity_id = $1 AND seq IS NOT NULL`, [marker])).rows[0],
        10_000,
      );
      expect(Number(sealed.seq)).toBeGreaterThan(0);
    });

    it('should stay unbroken after 200 concurrent audited requests while the worker seals', async () => {
      const before = await t.given.count(`audit_log WHERE entity = 'returnee' AND action = 'read'`);
      // verifications (each sealing first) run alongside the requests and the worker's tick: every one sees a sound chain
      const [results, midway] = await Promise.all([
        Promise.all(Array.from({ length: 200 }, () => readReturnee())),
        Promise.all(Array.from({ length: 5 }, () => verify())),
      ]);
      expect(results.every((r) => r.status === 200)).toBe(true);
      expect(midway.map((r) => r.firstBroken)).toEqual([null, null, null, null, null]);
      expect(await t.given.count(`audit_log WHERE entity = 'returnee' AND action = 'read'`)).toBe(before + 200);

      const report = await verify();
      expect(report).toMatchObject({ ok: true, unsealed: 0, firstBroken: null });
      expect(report.checked).toBe(await auditCount());
    });

    it('should seal and verify a 10,000-row bulk import in seconds', async () => {
      const audit = t.app.get(AuditService);
      const entries = Array.from({ length: 10_000 }, (_, i) => ({ entityId: randomUUID(), diff: { lastName: `Асанов${i}`, pin: '12345678901234' } }));
      await audit.recordCreations({ userId: admin.id, ip: '127.0.0.1' }, 'returnee', entries);

      const pending = await t.given.count('audit_log WHERE seq IS NULL');
      const t0 = Date.now();
      const sealed = await audit.seal();
      const t1 = Date.now();
      const report = await audit.verify();
      const t2 = Date.now();
      console.log(`audit chain: sealed ${sealed} rows in ${t1 - t0} ms; verified ${report.checked} rows in ${t2 - t1} ms`);

      expect(report).toMatchObject({ ok: true, unsealed: 0, firstBroken: null, checked: await auditCount() });
      // the worker's tick may have sealed part of the batch first
      expect(pending).toBeGreaterThanOrEqual(10_000);
      expect(sealed).toBeLessThanOrEqual(pending);
      expect(t2 - t0).toBeLessThan(15_000);
    });
  });
});
