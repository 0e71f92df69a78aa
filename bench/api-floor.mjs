// The raw floor for bench/api.mjs: a bare node:http server that answers each request by replaying the SQL the API
// issued for the same request variant (captured with KAYTUU_SQL_TRACE), through raw `pg` with the API's pool size.
// Started by bench/api.mjs as a child process; not meant to be run by hand.
//
//   FLOOR_DATABASE_URL  the same database the API uses
//   FLOOR_POOL_SIZE     the API's pool size (extra.max in libs/shared/src/db/data-source.ts)
//   FLOOR_PORT          port to listen on
//   FLOOR_VARIANTS      JSON file: [{ statements: [{ sql, params, runner, deps, ok }], leaves: [index…] }] by variant id
//
// A request names its variant in the `x-bench-variant` header. The statements run in the captured order and
// concurrency: each waits for the statements that had finished before it started in the API (`deps`), so a
// Promise.all in the API runs in parallel here too, and statements of one query runner (a transaction's
// START TRANSACTION … COMMIT) share one pooled client, checked out at its first statement and released after its last,
// as TypeORM does. The body is the JSON of the rows of the statements nothing else waited for (the "leaves").
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import pg from 'pg';

const variants = JSON.parse(readFileSync(process.env.FLOOR_VARIANTS, 'utf8'));
const pool = new pg.Pool({
  connectionString: process.env.FLOOR_DATABASE_URL,
  max: Number(process.env.FLOOR_POOL_SIZE),
  application_name: 'kaytuu-bench-floor',
});

for (const v of variants) {
  v.runnerUses = new Map();
  for (const s of v.statements) v.runnerUses.set(s.runner, (v.runnerUses.get(s.runner) ?? 0) + 1);
}

async function replay(v) {
  const clients = new Map();
  const left = new Map(v.runnerUses);
  const results = new Array(v.statements.length);
  const clientFor = (runner) => {
    if (!clients.has(runner)) clients.set(runner, pool.connect());
    return clients.get(runner);
  };
  const run = async (s) => {
    if (s.deps.length) await Promise.all(s.deps.map((d) => results[d]));
    const client = await clientFor(s.runner);
    let res;
    try {
      res = await client.query(s.sql, s.params);
    } catch (err) {
      // a statement that failed in the API (e.g. inside a savepoint) is expected to fail here too
      if (s.ok) {
        client.release(err);
        clients.delete(s.runner);
        throw err;
      }
      res = { rows: [] };
    }
    const n = left.get(s.runner) - 1;
    left.set(s.runner, n);
    if (n === 0) client.release();
    return res;
  };
  v.statements.forEach((s, i) => {
    results[i] = run(s);
  });
  const settled = await Promise.allSettled(results);
  // after a failure, give back the clients whose remaining statements never ran
  for (const [runner, client] of clients) {
    if (left.get(runner) > 0) {
      client.then(
        (c) => c.release(),
        () => undefined,
      );
    }
  }
  const failed = settled.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  const leafRows = v.leaves.map((i) => settled[i].value.rows);
  return leafRows.length === 1 ? leafRows[0] : leafRows;
}

const server = createServer((req, res) => {
  const v = variants[Number(req.headers['x-bench-variant'])];
  req.resume();
  if (!v) {
    res.writeHead(404).end();
    return;
  }
  replay(v).then(
    (rows) => {
      const body = JSON.stringify(rows);
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    },
    (err) => {
      console.error(`variant ${req.headers['x-bench-variant']}: ${err.message}`);
      res.writeHead(500).end();
    },
  );
});
server.keepAliveTimeout = 5000;
server.listen(Number(process.env.FLOOR_PORT), '127.0.0.1', () => console.log('floor ready'));
process.on('SIGTERM', () => server.close(() => pool.end().finally(() => process.exit(0))));
