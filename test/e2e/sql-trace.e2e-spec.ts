import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { bearer, createTestApp } from '../support/test-app';

type TraceLine = { seq: number; runner: number; tx: boolean; sql: string; params: unknown[]; start: number; end: number; ok: boolean; rows: number | null };

// The opt-in SQL trace used by bench/api.mjs (KAYTUU_SQL_TRACE): statements and their parameters — personal data —
// go to the named file only, and without the variable nothing is wired at all.
describe('SQL trace (KAYTUU_SQL_TRACE)', () => {
  let dir: string;
  const saved = process.env.KAYTUU_SQL_TRACE;
  beforeAll(() => {
    delete process.env.KAYTUU_SQL_TRACE;
    dir = mkdtempSync(join(tmpdir(), 'kaytuu-sql-trace-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    if (saved !== undefined) process.env.KAYTUU_SQL_TRACE = saved;
  });

  it('should wire no trace and write nothing when KAYTUU_SQL_TRACE is unset', async () => {
    const t = await createTestApp();
    try {
      const office = await t.given.office();
      const supervisor = await t.given.user('supervisor', { officeId: office.id });
      const returnee = await t.given.returnee({ officeId: office.id, pin: '21205199700123' });

      const res = await t.http.get(`/api/returnees/${returnee.id}`).set(bearer(supervisor));

      expect(res.status).toBe(200);
      const ds = t.app.get(DataSource);
      expect(ds.options.logger).toBeUndefined();
      expect(ds.subscribers).toHaveLength(0);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('should append each statement of a request with its parameters to the file when KAYTUU_SQL_TRACE is set', async () => {
    const file = join(dir, 'trace.jsonl');
    const t = await createTestApp({ env: { KAYTUU_SQL_TRACE: file } });
    try {
      const office = await t.given.office();
      const supervisor = await t.given.user('supervisor', { officeId: office.id });
      const returnee = await t.given.returnee({ officeId: office.id });
      const before = statSync(file).size;

      const res = await t.http.get(`/api/returnees/${returnee.id}`).set(bearer(supervisor));

      expect(res.status).toBe(200);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const lines: TraceLine[] = readFileSync(file)
        .subarray(before)
        .toString('utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      // the guard reads the user and its session in one statement, then the read runs in one transaction with its audit row
      expect(lines[0]).toMatchObject({
        sql: expect.stringMatching(/FROM "?app_user"? /),
        params: expect.arrayContaining([supervisor.id]),
        ok: true,
        tx: false,
      });
      const tx = lines.filter((l) => l.tx);
      expect(tx.map((l) => l.sql.split(/\s/)[0])).toEqual(expect.arrayContaining(['START', 'SELECT', 'INSERT', 'COMMIT']));
      expect(new Set(tx.map((l) => l.runner)).size).toBe(1);
      expect(tx.find((l) => /FROM "?returnee"? /.test(l.sql))).toMatchObject({ params: expect.arrayContaining([returnee.id]), rows: 1 });
      expect(tx.find((l) => /INSERT INTO "?audit_log"? /.test(l.sql))?.params).toEqual(
        expect.arrayContaining([supervisor.id, 'read', 'returnee', returnee.id]),
      );
      for (const l of lines) expect(l.end).toBeGreaterThanOrEqual(l.start);
      expect(lines.map((l) => l.seq)).toEqual([...lines.map((l) => l.seq)].sort((a, b) => a - b));
    } finally {
      await t.close();
    }
    expect(existsSync(file)).toBe(true);
  });
});
