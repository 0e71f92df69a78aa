import fc from 'fast-check';
import type { Response } from 'supertest';
import { createTestApp, GivenUser, TestApp } from '../support/test-app';
import { buildFixtures, Ctx, expected, expectErrorShape, HttpReq, MATRIX, MATRIX_ENV, Row, send, StaffRole } from './authz-matrix';

// Property-based bad input on every write route and every GET of the authorisation matrix (so a new route is fuzzed as
// soon as it has its row): never a 5xx, always the error envelope for a 4xx, and nothing stored by a refused
// request (row counts and an md5 of every table but the audit log). Seeded: FUZZ_SEED=<n> replays a run; the seed is
// printed by fast-check on failure and in the test names.
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const WRITE_RUNS = Number(process.env.FUZZ_WRITE_RUNS ?? 25);
const LIST_RUNS = Number(process.env.FUZZ_LIST_RUNS ?? 30);
const BODY_LIMIT = 256 * 1024;

const PREFERRED: StaffRole[] = ['caseworker', 'supervisor', 'admin', 'ngo_staff'];
// the role that may do it to its own record: the fuzzed requests are refused for their input, not for who sends them
const allowedRole = (row: Row): StaffRole | null => PREFERRED.find((r) => expected(row.expect, r, 'own') < 300) ?? null;
const isApi = (row: Row) => !row.route.includes('/docs') && !row.route.includes('/admin/queues') && !row.route.startsWith('ALL ');
const writeRows = MATRIX.filter((r) => !r.route.startsWith('GET ') && isApi(r) && allowedRole(r));
const readRows = MATRIX.filter((r) => r.route.startsWith('GET ') && isApi(r) && allowedRole(r) && (r.produces ?? 'json') === 'json');

// ---------- adversarial input ----------
const mixedScripts = fc.constantFrom(
  'Асан уулу',
  'Жээнбеков‮gnp.exe',
  'مرحبا بالعالم',
  'שלום',
  '🇰🇬👨‍👩‍👧‍👦',
  'Ｆｕｌｌｗｉｄｔｈ',
  'ṅ̷̢̛o̵͓͝i̷̦̓s̸̗̈e̶̺͠',
  'Ң ө ү\u200b\u200d',
  'a\u0000b',
  '\uFEFF\uD800',
);
const hugeNumbers = fc.constantFrom<unknown>(1e308, -1e308, -0, 2 ** 63, -(2 ** 63), Number.MAX_SAFE_INTEGER + 2, 'NaN', 'Infinity', '-0', '1e309', 0.1 + 0.2);
const weird = fc.oneof(
  hugeNumbers,
  mixedScripts,
  fc.constantFrom<unknown>(
    null,
    true,
    false,
    '',
    ' ',
    '\u0000',
    "'; DROP TABLE returnee; --",
    '{{7*7}}',
    '../../etc/passwd',
    '<script>alert(1)</script>',
    [],
    {},
    [null],
    { $ne: null },
  ),
  fc.string({ minLength: 5000, maxLength: 20000 }),
  fc.integer(),
  fc.double(),
  fc.string(),
  fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 5 }),
  fc.object({ maxDepth: 2 }),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.uuid(),
);
const deep = (n: number, leaf = '1') => '{"a":'.repeat(n) + leaf + '}'.repeat(n);
const deepArray = (n: number) => '['.repeat(n) + ']'.repeat(n);

type Payload = { kind: string; raw: string; contentType?: string };
// replaces the closing brace of a JSON object's text with more members (keeps keys JSON.stringify would drop)
const withMembers = (valid: unknown, members: string) => {
  const base = valid && typeof valid === 'object' && !Array.isArray(valid) ? JSON.stringify(valid) : '{}';
  return base === '{}' ? `{${members}}` : `${base.slice(0, -1)},${members}}`;
};

function payloads(valid: unknown): fc.Arbitrary<Payload> {
  const fields = valid && typeof valid === 'object' && !Array.isArray(valid) ? Object.keys(valid) : [];
  const fieldNames = fields.length ? fc.constantFrom(...fields) : fc.constantFrom('id', 'version', 'name');
  return fc.oneof(
    fc.anything({ maxDepth: 4 }).map((v) => ({ kind: 'anything', raw: JSON.stringify(v) ?? 'null' })),
    // the real fields with wrong-typed or extreme values, the others valid
    fc.dictionary(fieldNames, weird, { minKeys: 1, maxKeys: 3 }).map((o) => ({ kind: 'wrong types', raw: JSON.stringify({ ...(valid as object), ...o }) })),
    fc
      .tuple(
        fc.constantFrom('__proto__', 'constructor', 'prototype'),
        fc.constantFrom('{"polluted":"yes"}', '{"prototype":{"polluted":"yes"}}', '"yes"', '{"isAdmin":true,"role":"admin"}'),
      )
      .map(([k, v]) => ({ kind: `key ${k}`, raw: withMembers(valid, `"${k}":${v}`) })),
    fc.tuple(fieldNames, fc.integer({ min: 200, max: 1200 })).map(([k, n]) => ({ kind: 'deep nesting', raw: withMembers(valid, `"${k}":${deep(n)}`) })),
    fc.integer({ min: 500, max: 3000 }).map((n) => ({ kind: 'deep array', raw: n % 2 ? deepArray(n) : deep(n) })),
    fc
      .tuple(fieldNames, fc.constantFrom('\\u0000', 'a\\u0000b', '\\ud800', '\\u202e'))
      .map(([k, s]) => ({ kind: 'NUL and lone surrogates', raw: withMembers(valid, `"${k}":"${s}"`) })),
    fc.string({ maxLength: 200 }).map((s) => ({ kind: 'not JSON', raw: `${s}{"unterminated":` })),
    fc
      .constantFrom('', 'null', '[]', '"a string"', '42', 'true', '{"a":1,"a":2}', '\u0000', 'NaN', '{"version":1e999}')
      .map((raw) => ({ kind: 'odd JSON', raw })),
    fc
      .integer({ min: BODY_LIMIT + 1, max: BODY_LIMIT + 4096 })
      .map((n) => ({ kind: 'oversize', raw: JSON.stringify({ ...(valid as object), pad: 'x'.repeat(n) }) })),
    fc
      .constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/xml')
      .map((contentType) => ({ kind: 'other content type', raw: 'a=1&b=2', contentType })),
  );
}

// ---------- the database, before and after ----------
async function snapshot(t: TestApp): Promise<Record<string, string>> {
  const { rows: tables } = await t.db.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'audit%' AND tablename NOT LIKE '%queue%' AND tablename NOT LIKE 'bull%' ORDER BY 1`,
  );
  const sql = tables
    .map((r) => `SELECT '${r.name}' AS name, count(*)::text || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') AS sum FROM "${r.name}" t`)
    .join(' UNION ALL ');
  const { rows } = await t.db.query<{ name: string; sum: string }>(sql);
  return Object.fromEntries(rows.map((r) => [r.name, r.sum]));
}

function checkAnswer(res: Response, what: string): void {
  if (res.status >= 500 || (res.status >= 400 && !/application\/json/.test(res.headers['content-type'] ?? ''))) {
    throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  }
  if (res.status >= 400) expectErrorShape(res);
}

describe(`fuzz (seed ${SEED})`, () => {
  let t: TestApp;
  let ctx: Ctx;
  const tally: Record<string, { runs: number; valid: number; statuses: Record<number, number> }> = {};

  beforeAll(async () => {
    t = await createTestApp({ env: MATRIX_ENV });
    ctx = await buildFixtures(t);
  });
  afterAll(async () => {
    if (process.env.FUZZ_VERBOSE) console.log(JSON.stringify(tally, null, 1));
    await t.close();
  });

  const userFor = (role: StaffRole): GivenUser => ctx.fx.users[role];

  test.each(writeRows.map((r) => [`${r.route}${r.variant ? ` (${r.variant})` : ''}`, r] as const))(
    '%s: bad bodies are refused with the error envelope and change nothing',
    async (name, row) => {
      const role = allowedRole(row)!;
      const target: HttpReq = await row.request(ctx, role, 'own');
      const stat = (tally[name] = { runs: 0, valid: 0, statuses: {} as Record<number, number> });
      await fc.assert(
        fc.asyncProperty(payloads(target.body), async (p) => {
          const before = await snapshot(t);
          const res = await send(t, { ...target, multipart: undefined }, userFor(role), { rawBody: p.raw, contentType: p.contentType });
          stat.runs++;
          stat.statuses[res.status] = (stat.statuses[res.status] ?? 0) + 1;
          checkAnswer(res, `${row.route} with ${p.kind}`);
          if (p.kind === 'oversize') expect(res.status).toBe(413);
          if (res.status < 300) {
            // a random body can be valid: then the change is the point
            stat.valid++;
            return;
          }
          // a refused sign-in counts the failure against the account (the lockout), and a reused refresh token revokes its
          // session family: those writes are the rule, not a leak
          if ((row.route === 'POST /api/auth/login' || row.route === 'POST /api/auth/refresh') && res.status === 401) return;
          expect(await snapshot(t)).toEqual(before);
        }),
        { seed: SEED, numRuns: WRITE_RUNS, endOnFailure: true },
      );
      expect(stat.runs).toBe(WRITE_RUNS);
    },
  );

  // ---------- list and read query parameters ----------
  const jsonText = fc.oneof(
    fc.json({ maxDepth: 3 }).filter((j) => j.length < 2000),
    fc.constantFrom(
      '[',
      '{"q":',
      '["id"]',
      '["id","ASC","x"]',
      '[0]',
      '[0,1,2]',
      '[-1,5]',
      '[5,1]',
      '[0,1e20]',
      '[1e308,1e309]',
      '[0.5,3.5]',
      '["0","9"]',
      '[0,100000]',
      'null',
      '""',
      '{}',
      '[]',
      '["lastName","SIDEWAYS"]',
      '["nope","ASC"]',
      '["__proto__","ASC"]',
      '[{"a":1},"ASC"]',
      `"'; DROP TABLE returnee; --"`,
      '"\\u0000"',
      '{"__proto__":{"polluted":"yes"}}',
      '{"constructor":{"prototype":{"polluted":"yes"}}}',
    ),
    fc.string(),
  );

  // query values stay small enough for Node's 16 KB request head (beyond it Node answers 431 before the app sees it)
  const weirdQueryValue = fc.oneof(
    hugeNumbers,
    mixedScripts,
    fc.constantFrom<unknown>(null, true, '', '\u0000', "'; DROP TABLE returnee; --", [], {}, [null], { $ne: null }, ['a', 'b']),
    fc.string({ maxLength: 300 }),
    fc.integer(),
    fc.uuid(),
  );
  function filters(keys: string[]): fc.Arbitrary<string> {
    const key = keys.length ? fc.oneof(fc.constantFrom(...keys), fc.constantFrom('unknownKey', '__proto__', 'constructor', "id' OR 1=1 --")) : fc.string();
    return fc.dictionary(key, weirdQueryValue, { maxKeys: 3 }).map((o) => JSON.stringify(o));
  }

  test.each(readRows.map((r) => [`${r.route}${r.variant ? ` (${r.variant})` : ''}`, r] as const))(
    '%s: malformed sort/range/filter and unknown parameters never give a 5xx',
    async (_name, row) => {
      const role = allowedRole(row)!;
      const target = await row.request(ctx, role, 'own');
      // the filter keys this list knows, from its own answer to an unknown one
      const probe = await send(t, { ...target, query: { filter: JSON.stringify({ zzUnknown: 1 }) } }, userFor(role));
      const allowed = /allowed: ([\w, ]+)/.exec(JSON.stringify(probe.body))?.[1]?.split(', ') ?? [];
      const query = fc.record(
        {
          sort: fc.oneof(jsonText, fc.array(fc.string({ maxLength: 50 }), { minLength: 2, maxLength: 2 })),
          range: jsonText,
          filter: fc.oneof(jsonText, filters(allowed)),
          // huge, yet inside Node's 16 KB limit for the request head (beyond it Node itself answers 431 before the app)
          q: fc.oneof(fc.string(), fc.constant('x'.repeat(6000)), mixedScripts),
          unknownParam: fc.string(),
          constructor: fc.string(),
        },
        { requiredKeys: [] },
      );
      await fc.assert(
        fc.asyncProperty(query, async (q) => {
          const res = await send(t, { ...target, query: { ...(target.query ?? {}), ...(q as Record<string, string>) } }, userFor(role));
          checkAnswer(res, `${row.route} ?${JSON.stringify(q).slice(0, 200)}`);
          if (res.status < 300 && row.list) expect(Array.isArray(res.body)).toBe(true);
        }),
        { seed: SEED, numRuns: LIST_RUNS, endOnFailure: true },
      );
    },
  );

  it('should leave Object.prototype of the API process unpolluted', () => {
    const probe = {} as Record<string, unknown>;
    expect(probe.polluted).toBeUndefined();
    expect(probe.isAdmin).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
  });
});
