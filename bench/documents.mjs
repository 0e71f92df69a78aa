// Documents under load (README "Performance", issue 17): concurrent uploads and downloads through the production API
// against a raw floor (the same bytes through a bare stream to the same store), with the API's resident memory.
//
//   npm run bench:documents                                     # 50 uploads of 5 MB, 200 downloads, fs store
//   npm run bench:documents -- --uploads 50 --size-mb 1 --downloads 200 --store fs|s3
//
// Env: BENCH_API_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", passed to the measured API's node.
// Flags: --uploads N (50, all at once) --size-mb M (5) --downloads N (200, all at once) --store fs|s3 (fs; s3 runs a
//        local s3rver as the store) --pg postgres://… (BENCH_PG_URL or postgres://postgres@127.0.0.1:5432)
//        --out file (bench/results-documents.json)
// Steps: build the server if stale; a throwaway database (the API migrates it and loads the demo seed); the API
// (production heap flag, as in the Dockerfile) on it with its own file store in a temp folder (or bucket); a demo
// caseworker logs in. Uploads: N multipart POST /api/documents at once, each a distinct generated PDF-looking body of M MB
// streamed from the bench (never held whole in memory). Downloads: a signed link per download (POST …/links), then all
// GET /api/files/<token> at once, each body read and counted. The floor runs the same transfers through
// bench/documents-floor.mjs (PUT /o, GET /o/<key>) on the same kind of store. The API's VmRSS is sampled every 100 ms
// during both phases (goal: peak < 300 MB). Results: a table on stdout and the JSON file.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import {
  adminQuery,
  API_MAIN,
  ensureServerBuilt,
  freePort,
  int,
  loadAverage,
  log,
  login,
  machineInfo,
  parseArgs,
  ROOT,
  round,
  stopProcess,
} from './common.mjs';

const args = parseArgs(process.argv.slice(2));
const UPLOADS = int(args.uploads, 50);
const SIZE = Math.round(Number(args['size-mb'] ?? 5) * 1024 * 1024);
const DOWNLOADS = int(args.downloads, 200);
const STORE = args.store === 's3' ? 's3' : 'fs';
const PG_SERVER = (args.pg ?? process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432').replace(/\/+$/, '');
const OUT = args.out ?? join(ROOT, 'bench/results-documents.json');
const MEMORY_GOAL_MB = 300;
const SAMPLE_MS = 100;
const PASSWORD = 'kaytuu-demo-2026';

const tmp = mkdtempSync(join(tmpdir(), 'kaytuu-bench-docs-'));
const children = new Set();
const cleanups = [];
let shuttingDown = false;
process.on('SIGINT', () => void shutdown(130));
process.on('SIGTERM', () => void shutdown(143));

// ---- bodies ----

// A PDF-looking body of `size` bytes (the API decides the type by the magic bytes), distinct per `seed` so the
// per-returnee duplicate check never fires; generated in 64 KiB chunks as it is sent.
function* pdfChunks(size, seed) {
  const head = Buffer.from(`%PDF-1.7\n%bench ${seed} ${randomBytes(8).toString('hex')}\n`);
  yield head;
  let left = size - head.length;
  const block = randomBytes(64 * 1024);
  let i = 0;
  while (left > 0) {
    const n = Math.min(block.length, left);
    const b = Buffer.from(block.subarray(0, n));
    b.writeUInt32LE((seed * 1_000_003 + i++) >>> 0, 0);
    yield b;
    left -= n;
  }
}

function send({ port, method, path, headers, chunks }) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
      let bytes = 0;
      const parts = [];
      res.on('data', (c) => {
        bytes += c.length;
        if (parts.length < 4) parts.push(c);
      });
      res.on('end', () =>
        resolve({ status: res.statusCode, bytes, ms: performance.now() - started, text: Buffer.concat(parts).toString('utf8').slice(0, 2000) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    const iter = chunks ? chunks[Symbol.iterator]() : null;
    const pump = () => {
      if (!iter) return req.end();
      for (;;) {
        const { value, done } = iter.next();
        if (done) return req.end();
        if (!req.write(value)) return req.once('drain', pump);
      }
    };
    pump();
  });
}

function multipart(fields, size, seed) {
  const boundary = `----kaytuubench${randomBytes(8).toString('hex')}`;
  const pre = Object.entries(fields)
    .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
    .join('');
  const fileHead = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="scan-${seed}.pdf"\r\nContent-Type: application/pdf\r\n\r\n`;
  const tail = `\r\n--${boundary}--\r\n`;
  const length = Buffer.byteLength(pre) + Buffer.byteLength(fileHead) + size + Buffer.byteLength(tail);
  function* chunks() {
    yield Buffer.from(pre + fileHead);
    yield* pdfChunks(size, seed);
    yield Buffer.from(tail);
  }
  return { headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(length) }, chunks: chunks() };
}

// ---- measuring ----

function rssSampler(pid) {
  const samples = [];
  let on = false;
  const read = (key) => {
    try {
      const m = new RegExp(`${key}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : null;
    } catch {
      return null;
    }
  };
  const timer = setInterval(() => {
    if (!on) return;
    const mb = read('VmRSS');
    if (mb !== null) samples.push(mb);
  }, SAMPLE_MS);
  return {
    start: () => {
      samples.length = 0;
      on = true;
    },
    stop: () => {
      on = false;
      return {
        peakMb: samples.length ? round(Math.max(...samples), 0) : null,
        meanMb: samples.length ? round(samples.reduce((a, b) => a + b, 0) / samples.length, 0) : null,
        samples: samples.length,
      };
    },
    idle: () => round(read('VmRSS'), 0),
    hwm: () => round(read('VmHWM'), 0),
    close: () => clearInterval(timer),
  };
}

function summary(results, seconds, bytes) {
  const ms = results.map((r) => r.ms).sort((a, b) => a - b);
  const pct = (p) => round(ms[Math.min(ms.length - 1, Math.floor((p / 100) * ms.length))], 0);
  return {
    n: results.length,
    seconds: round(seconds, 2),
    mbPerSec: round(bytes / 2 ** 20 / seconds, 1),
    p50Ms: pct(50),
    p95Ms: pct(95),
    maxMs: round(ms[ms.length - 1], 0),
  };
}

async function phase(name, jobs) {
  const started = performance.now();
  const results = await Promise.all(jobs.map((j) => j()));
  const seconds = (performance.now() - started) / 1000;
  const bad = results.filter((r) => !r.ok);
  if (bad.length) throw new Error(`${name}: ${bad.length} of ${results.length} failed, e.g. ${bad[0].status} ${bad[0].text}`);
  return { results, seconds };
}

// ---- processes ----

function startProcess(name, file, env, ready, nodeArgs = []) {
  const child = spawn(process.execPath, [...nodeArgs, file], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let tail = '';
  const keep = (d) => (tail = (tail + d.toString()).slice(-6000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.tail = () => tail;
  child.on('exit', () => children.delete(child));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} not ready after 180 s:\n${tail}`)), 180_000);
    const check = () => {
      const m = ready.exec(tail);
      if (m) {
        clearTimeout(timer);
        child.stdout.off('data', check);
        resolve({ child, match: m });
      }
    };
    child.stdout.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}:\n${tail}`));
    });
  });
}

async function startS3rver() {
  const dir = join(tmp, 's3rver');
  const child = spawn(process.execPath, [join(ROOT, 'test/support/s3rver-child.cjs'), dir, '0', 'kaytuu-bench'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  const port = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /S3RVER_PORT=(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`s3rver exited ${code}`)));
  });
  return {
    FILE_STORE: 's3',
    S3_ENDPOINT: `http://127.0.0.1:${port}`,
    S3_BUCKET: 'kaytuu-bench',
    S3_REGION: 'us-east-1',
    S3_ACCESS_KEY_ID: 'S3RVER',
    S3_SECRET_ACCESS_KEY: 'S3RVER',
    S3_FORCE_PATH_STYLE: 'true',
  };
}

async function shutdown(code) {
  if (shuttingDown) return;
  shuttingDown = true;
  await Promise.all([...children].map((ch) => stopProcess(ch)));
  for (const fn of cleanups.reverse()) await fn().catch((err) => console.error(`cleanup: ${err.message}`));
  rmSync(tmp, { recursive: true, force: true });
  process.exit(code);
}

// ---- run ----

async function main() {
  const loadAverageAtStart = loadAverage();
  ensureServerBuilt();
  const db = `kaytuu_bench_docs_${Date.now().toString(36)}`;
  await adminQuery(PG_SERVER, `CREATE DATABASE ${db} TEMPLATE template0 ENCODING 'UTF8'`);
  cleanups.push(() => adminQuery(PG_SERVER, `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`));
  const files = STORE === 's3' ? await startS3rver() : { FILE_STORE: 'fs', FILES_DIR: join(tmp, 'files') };
  const port = await freePort();
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    DATABASE_URL: `${PG_SERVER}/${db}`,
    PORT: String(port),
    JWT_SECRET: randomBytes(24).toString('hex'),
    DATA_KEYS: `b1:${randomBytes(32).toString('base64')}`,
    DATA_HMAC_KEY: randomBytes(32).toString('base64'),
    QUEUE_PREFIX: `bench_${db}`,
    LOG_LEVEL: 'warn',
    SEED: 'true',
    ...files,
  };
  log(`API on ${STORE} store, database ${db}…`);
  // the production heap flag (Dockerfile, scripts/start.mjs); BENCH_API_NODE_ARGS adds more (e.g. --cpu-prof)
  const nodeArgs = ['--max-old-space-size=192', ...(process.env.BENCH_API_NODE_ARGS ?? '').split(/\s+/).filter(Boolean)];
  const base = `http://127.0.0.1:${port}`;
  const healthy = async () => {
    for (const deadline = Date.now() + 60_000; ;) {
      const ok = await fetch(`${base}/api/health`).then(
        (r) => r.status < 500,
        () => false,
      );
      if (ok) return;
      if (Date.now() > deadline) throw new Error('the API did not answer /api/health');
      await sleep(200);
    }
  };
  // the first start migrates and loads the demo seed; the measured API is a second, fresh process on that database
  // (as in production, where the API starts on an existing database), so the seed's garbage is not in its memory
  const { child: seeding } = await startProcess('api (seeding)', API_MAIN, env, /Kaytuu console:/, ['--max-old-space-size=192']);
  await healthy();
  await stopProcess(seeding);
  const { child: api } = await startProcess('api', API_MAIN, env, /Kaytuu console:/, nodeArgs);
  await healthy();
  const token = await login(base, 'caseworker.bishkek@kaytuu.kg', PASSWORD);
  const auth = { authorization: `Bearer ${token}` };
  const returnees = await (await fetch(`${base}/api/returnees?range=${encodeURIComponent('[0,49]')}`, { headers: auth })).json();
  if (!Array.isArray(returnees) || !returnees.length) throw new Error(`no returnees for the caseworker: ${JSON.stringify(returnees).slice(0, 300)}`);
  const rss = rssSampler(api.pid);
  const idleMb = rss.idle();

  // uploads through the API
  log(`${UPLOADS} concurrent uploads of ${round(SIZE / 2 ** 20, 1)} MB…`);
  rss.start();
  const up = await phase(
    'uploads',
    Array.from({ length: UPLOADS }, (_, i) => async () => {
      const m = multipart({ returneeId: returnees[i % returnees.length].id, type: 'work_book', title: `Bench ${i}` }, SIZE, i);
      const r = await send({ port, method: 'POST', path: '/api/documents', headers: { ...auth, ...m.headers }, chunks: m.chunks });
      return { ...r, ok: r.status === 201, id: r.status === 201 ? JSON.parse(r.text).id : null };
    }),
  );
  const upMem = rss.stop();

  // downloads through signed links
  const links = [];
  for (let i = 0; i < DOWNLOADS; i++) {
    const id = up.results[i % up.results.length].id;
    const r = await fetch(`${base}/api/documents/${id}/links`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{}' });
    if (r.status !== 201) throw new Error(`link: ${r.status} ${await r.text()}`);
    links.push(new URL((await r.json()).url, base).pathname);
  }
  log(`${DOWNLOADS} concurrent downloads…`);
  rss.start();
  const down = await phase(
    'downloads',
    links.map((path) => async () => {
      const r = await send({ port, method: 'GET', path });
      return { ...r, ok: r.status === 200 && r.bytes === SIZE };
    }),
  );
  const downMem = rss.stop();
  const hwmMb = rss.hwm();
  rss.close();
  await stopProcess(api);

  // the floor: the same bytes, bare streams, the same kind of store (its own folder / the same bucket)
  const floorEnv = { ...env, ...(STORE === 'fs' ? { FILES_DIR: join(tmp, 'floor-files') } : {}), PORT: '0' };
  const { child: floor, match } = await startProcess('floor', join(ROOT, 'bench/documents-floor.mjs'), floorEnv, /FLOOR_READY (\d+)/);
  const floorPort = Number(match[1]);
  log('floor: the same uploads and downloads through bare streams…');
  const fUp = await phase(
    'floor uploads',
    Array.from({ length: UPLOADS }, (_, i) => async () => {
      const r = await send({ port: floorPort, method: 'PUT', path: '/o', headers: { 'content-length': String(SIZE) }, chunks: pdfChunks(SIZE, i) });
      return { ...r, ok: r.status === 201, key: r.status === 201 ? JSON.parse(r.text).key : null };
    }),
  );
  const fDown = await phase(
    'floor downloads',
    Array.from({ length: DOWNLOADS }, (_, i) => async () => {
      const r = await send({ port: floorPort, method: 'GET', path: `/o/${fUp.results[i % fUp.results.length].key}` });
      return { ...r, ok: r.status === 200 && r.bytes === SIZE };
    }),
  );
  await stopProcess(floor);

  const out = {
    store: STORE,
    uploads: UPLOADS,
    sizeBytes: SIZE,
    downloads: DOWNLOADS,
    api: {
      upload: summary(up.results, up.seconds, UPLOADS * SIZE),
      download: summary(down.results, down.seconds, DOWNLOADS * SIZE),
      memory: {
        idleMb,
        uploads: upMem,
        downloads: downMem,
        hwmMb,
        goalMb: MEMORY_GOAL_MB,
        met: Math.max(upMem.peakMb ?? 0, downMem.peakMb ?? 0) < MEMORY_GOAL_MB,
      },
    },
    floor: { upload: summary(fUp.results, fUp.seconds, UPLOADS * SIZE), download: summary(fDown.results, fDown.seconds, DOWNLOADS * SIZE) },
  };
  out.ratio = {
    upload: round(out.api.upload.mbPerSec / out.floor.upload.mbPerSec, 2),
    download: round(out.api.download.mbPerSec / out.floor.download.mbPerSec, 2),
  };
  const c = new pg.Client({ connectionString: `${PG_SERVER}/postgres` });
  await c.connect();
  out.machine = await machineInfo(c, { loadAverageAtStart });
  await c.end();
  out.date = new Date().toISOString();
  writeFileSync(OUT, `${JSON.stringify(out, null, 2)}\n`);

  const row = (name, a, f, r) =>
    `| ${name} | ${a.n} | ${a.mbPerSec} MB/s | ${a.p50Ms} / ${a.p95Ms} ms | ${f.mbPerSec} MB/s | ${f.p50Ms} / ${f.p95Ms} ms | ${r} |`;
  console.log(`\n| phase | n | API | API p50 / p95 | floor | floor p50 / p95 | API/floor |\n|---|---|---|---|---|---|---|`);
  console.log(row(`upload ${round(SIZE / 2 ** 20, 1)} MB`, out.api.upload, out.floor.upload, out.ratio.upload));
  console.log(row('download', out.api.download, out.floor.download, out.ratio.download));
  console.log(
    `\nAPI resident memory: idle ${idleMb} MB; peak ${upMem.peakMb} MB during uploads, ${downMem.peakMb} MB during downloads (VmHWM ${hwmMb} MB); goal < ${MEMORY_GOAL_MB} MB: ${out.api.memory.met ? 'met' : 'NOT met'}`,
  );
  console.log(`store ${STORE}; load average ${loadAverageAtStart} → ${out.machine.loadAverageAtEnd}; results in ${OUT}`);
}

main().then(
  () => shutdown(0),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    void shutdown(1);
  },
);
