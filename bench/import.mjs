// Bulk CSV import benchmark (goal in README "Performance": 100,000 rows in ≤ 30 s): generates a realistic returnee CSV, uploads it
// to a RUNNING API (POST /api/imports), polls the validation job, confirms (valid_rows), polls the import job, and
// prints the seconds of each phase as JSON. It starts nothing itself: run the API and the worker first.
//
//   node bench/import.mjs --api http://localhost:3000 (--token <jwt> | --email <e> --password <p>) [--rows 100000] [--office <id>] [--seed 1]
//
// `measureImport({ api, token, rows, officeId?, seed? })` is exported for the main bench harness (bench/api.mjs) and
// resolves to { rows, uploadSeconds, validateSeconds, importSeconds, totalSeconds, bytes, counts }.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const REF = JSON.parse(readFileSync(join(ROOT, 'libs/shared/src/reference/kg-reference.json'), 'utf8'));
const HEADER = [
  'pin',
  'lastName',
  'firstName',
  'patronymic',
  'sex',
  'birthDate',
  'phone',
  'oblast',
  'district',
  'languages',
  'dependents',
  'country',
  'city',
  'departedOn',
  'returnedOn',
  'sector',
  'employmentFormal',
  'returnReason',
];
const SECTORS = ['construction', 'construction', 'trade', 'services', 'services', 'domestic_work', 'transport', 'agriculture', 'manufacturing'];
const REASONS = ['end_of_contract', 'end_of_contract', 'economic', 'family', 'entry_ban', 'deported', 'health'];
const CITIES = { RU: ['Москва', 'Санкт-Петербург', 'Екатеринбург', 'Новосибирск'], KZ: ['Алматы', 'Астана'], TR: ['Стамбул'], KR: ['Сеул'] };
// oblasts weighted roughly by population
const OBLAST_WEIGHTS = { bishkek: 18, osh_city: 5, chuy: 14, osh: 20, jalal_abad: 19, batken: 8, naryn: 4, issyk_kul: 8, talas: 4 };

// Small deterministic PRNG (mulberry32) so two runs upload the same file.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function weighted(rand, weights) {
  const entries = Object.entries(weights);
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let x = rand() * total;
  for (const [k, w] of entries) if ((x -= w) < 0) return k;
  return entries[entries.length - 1][0];
}

const pad = (n, w = 2) => String(n).padStart(w, '0');
const csvCell = (v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

// N realistic lines: Russian-style and уулу/кызы names, ~40 % women, ages 18–60 (median near 28), consistent PINs,
// Kyrgyz mobile numbers, destinations by weight. The serial part of PIN and phone is unique per line per run.
export function generateCsv(rows, seed = 1) {
  const rand = rng(seed);
  const pick = (arr) => arr[Math.floor(rand() * arr.length)];
  const runTag = Math.floor(rand() * 90) + 10;
  const lines = [HEADER.join(',')];
  const thisYear = new Date().getUTCFullYear();
  for (let i = 0; i < rows; i++) {
    const female = rand() < 0.4;
    const stem = pick(REF.names.surnameStems);
    const given = pick(female ? REF.names.femaleGiven : REF.names.maleGiven);
    const kyrgyzForm = rand() < 0.35;
    const lastName = kyrgyzForm ? `${pick(REF.names.maleGiven)} ${female ? 'кызы' : 'уулу'}` : `${stem}${female ? 'ова' : 'ов'}`;
    const age = Math.min(60, Math.max(18, Math.round(28 + (rand() + rand() + rand() - 1.5) * 14)));
    const birthDate = `${thisYear - age - 1}-${pad(1 + Math.floor(rand() * 12))}-${pad(1 + Math.floor(rand() * 28))}`;
    const [y, m, d] = birthDate.split('-');
    const serial = pad(runTag, 2) + pad(i, 7);
    const pin = `${female ? 1 : 2}${d}${m}${y}${serial.slice(-5)}`;
    const oblast = weighted(rand, OBLAST_WEIGHTS);
    const district = pick(REF.oblasts[oblast].districts);
    let country = weighted(rand, REF.destinationsWeighted);
    if (country === 'other') country = pick(['UZ', 'GB', 'PL', 'IT']);
    const departedYear = Math.max(Number(y) + 17, thisYear - 1 - Math.floor(rand() * 8));
    const departedOn = `${departedYear}-${pad(1 + Math.floor(rand() * 12))}-${pad(1 + Math.floor(rand() * 28))}`;
    const returnedOn = `${thisYear - 1}-${pad(1 + Math.floor(rand() * 12))}-${pad(1 + Math.floor(rand() * 28))}`;
    const cells = [
      // PINs unique within the run: the serial carries the line number (a run tag keeps runs apart mostly)
      `${pin.slice(0, 9)}${String((i * 7919 + runTag * 100003) % 100000).padStart(5, '0')}`,
      lastName,
      given,
      '',
      female ? 'female' : 'male',
      birthDate,
      `0${pick(['555', '700', '770', '500', '220'])}${pad(Math.floor(rand() * 1e6), 6)}`,
      oblast,
      district,
      rand() < 0.8 ? 'ky|ru' : 'ky',
      String(Math.floor(rand() * 4)),
      country,
      CITIES[country] ? pick(CITIES[country]) : '',
      departedOn,
      returnedOn < departedOn ? departedOn : returnedOn,
      pick(SECTORS),
      rand() < 0.3 ? 'true' : 'false',
      pick(REASONS),
    ];
    lines.push(cells.map(csvCell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

async function api(base, token, path, init = {}) {
  const res = await fetch(`${base}/api${path}`, { ...init, headers: { Authorization: `Bearer ${token}`, ...(init.headers ?? {}) } });
  const body = res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text();
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path} → ${res.status} ${typeof body === 'string' ? body : JSON.stringify(body)}`);
  return body;
}

async function waitForStatus(base, token, id, wanted, timeoutMs) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const imp = await api(base, token, `/imports/${id}`);
    if (imp.status === wanted) return imp;
    if (imp.status === 'failed' || imp.status === 'cancelled') throw new Error(`import ${id} ${imp.status}: ${imp.error ?? ''}`);
    if (Date.now() > until) throw new Error(`import ${id} still ${imp.status} after ${timeoutMs / 1000} s`);
    await sleep(100);
  }
}

export async function login(base, email, password) {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`login ${email} → ${res.status}`);
  return (await res.json()).accessToken;
}

export async function measureImport({ api: base, token, rows = 100_000, officeId, seed = 1, timeoutMs = 600_000 }) {
  const csv = Buffer.from(generateCsv(rows, seed), 'utf8');
  const form = new FormData();
  if (officeId) form.append('officeId', officeId);
  form.append('file', new Blob([csv], { type: 'text/csv' }), `bench-${rows}.csv`);
  const t0 = performance.now();
  const uploaded = await api(base, token, '/imports', { method: 'POST', body: form });
  const t1 = performance.now();
  const preview = await waitForStatus(base, token, uploaded.id, 'preview', timeoutMs);
  const t2 = performance.now();
  await api(base, token, `/imports/${uploaded.id}/confirm`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ mode: 'valid_rows' }),
  });
  const done = await waitForStatus(base, token, uploaded.id, 'done', timeoutMs);
  const t3 = performance.now();
  const s = (ms) => +(ms / 1000).toFixed(2);
  return {
    rows,
    uploadSeconds: s(t1 - t0),
    validateSeconds: s(t2 - t1),
    importSeconds: s(t3 - t2),
    totalSeconds: s(t3 - t0),
    bytes: csv.length,
    counts: { ...preview.counts, imported: done.counts.imported },
  };
}

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith('--')) out[argv[i].slice(2)] = argv[i + 1]?.startsWith('--') || argv[i + 1] === undefined ? 'true' : argv[++i];
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = parseArgs(process.argv.slice(2));
  const base = (args.api ?? 'http://localhost:3000').replace(/\/+$/, '');
  const token = args.token ?? (args.email && args.password ? await login(base, args.email, args.password) : null);
  if (!token) {
    console.error('usage: node bench/import.mjs --api http://… (--token <jwt> | --email <e> --password <p>) [--rows 100000] [--office <id>]');
    process.exit(2);
  }
  const result = await measureImport({
    api: base,
    token,
    rows: Number(args.rows ?? 100_000),
    officeId: args.office,
    seed: Number(args.seed ?? Date.now() % 1_000_000),
  });
  console.log(JSON.stringify({ ...result, goalSeconds: 30, met: result.totalSeconds <= 30 }, null, 2));
}
