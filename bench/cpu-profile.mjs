// Summarises a V8 .cpuprofile of the measured API (BENCH_API_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" npm run
// bench …) per measure: the top self-time and inclusive costs, by function and by package, in µs per request.
//
//   node bench/cpu-profile.mjs /tmp/prof/CPU.*.cpuprofile --results /tmp/bench-hot.json [--top 20]
//
// The API is busy while autocannon drives it (warmup + run) and idle while the floor is measured, so the profile falls
// into busy blocks, one per measure, in the bench's order. With --results (the run's --out file) each block is cut to
// its last `durationSeconds` (the measured run) and divided by that run's API responses; without, whole blocks are
// reported in ms. Inclusive time counts a function once per sampled stack (recursion is not double-counted).
import { readFileSync } from 'node:fs';
import { parseArgs } from './common.mjs';

const argv = process.argv.slice(2);
const file = argv.find((a) => !a.startsWith('--') && a.endsWith('.cpuprofile'));
if (!file) {
  console.error('usage: node bench/cpu-profile.mjs <file.cpuprofile> [--results bench-out.json] [--top 20]');
  process.exit(2);
}
const args = parseArgs(argv);
const TOP = Number(args.top ?? 20);
const results = args.results ? JSON.parse(readFileSync(args.results, 'utf8')) : null;
const prof = JSON.parse(readFileSync(file, 'utf8'));

const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const short = (url) =>
  url
    .replace(/^file:\/\//, '')
    .replace(/^.*\/node_modules\//, '')
    .replace(/^.*\/dist\/apps\/[^/]+\//, '')
    .replace(/^.*\/work\/[^/]+\//, '');
const keyOf = (cf) => `${cf.functionName || '(anonymous)'} ${cf.url ? `${short(cf.url)}:${cf.lineNumber + 1}` : ''}`.trim();
// a frame's package: node_modules/<pkg>, node's own (node:internal/…), the project's libs/<x> and apps/<x>, or V8's
function pkgOf(cf) {
  const u = cf.url;
  if (!u) return cf.functionName.startsWith('(') ? cf.functionName : '(native/V8 builtins)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u);
  if (nm) return nm[1];
  if (u.startsWith('node:')) return `node:${u.slice(5).split('/').slice(0, 2).join('/')}`;
  // the build puts the libs under dist/apps/<app>/libs/<x>: the lib, not the app, is the package
  const lib = /\/(libs\/[^/]+)\//.exec(u) ?? /\/(apps\/[^/]+)\//.exec(u);
  if (lib) return lib[1];
  return u;
}

// sample times (µs since the profile's start)
const times = [];
let t = 0;
for (const d of prof.timeDeltas) times.push((t += d));
const idle = new Set(prof.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));

// busy blocks: 500 ms bins at least a quarter busy, a one-bin gap bridged, at least 6 s long
const BIN = 500_000;
const bins = new Float64Array(Math.ceil((t + 1) / BIN));
for (let i = 1; i < prof.samples.length; i++) if (!idle.has(prof.samples[i])) bins[Math.floor(times[i] / BIN)] += times[i] - times[i - 1];
const blocks = [];
let cur = null;
for (let b = 0; b < bins.length; b++) {
  const busy = bins[b] >= BIN / 4;
  if (busy && cur && b - cur.end <= 2) cur.end = b;
  else if (busy) blocks.push((cur = { start: b, end: b }));
}
const measures = results?.measures ?? [];
// the API's start (module loading, migrations, sign-ins and the check of every variant) can be a busy block too: the
// measures are the last blocks
let measureBlocks = blocks.filter((x) => (x.end - x.start + 1) * BIN >= 6_000_000);
if (results && measureBlocks.length !== measures.length) {
  console.log(`note: ${measureBlocks.length} busy blocks of ≥ 6 s for ${measures.length} measures; the last ${measures.length} are taken`);
  measureBlocks = measureBlocks.slice(-measures.length);
}

measureBlocks.forEach((blk, i) => {
  const m = measures[i];
  const end = (blk.end + 1) * BIN;
  const start = m ? end - results.settings.durationSeconds * 1_000_000 : blk.start * BIN;
  summarise(m ? `${m.name} (@${m.concurrency}, ${m.api.requests} responses, ${m.api.rps} req/s)` : `busy block ${i + 1}`, start, end, m?.api.requests);
});

function summarise(title, from, to, requests) {
  const self = new Map();
  const incl = new Map();
  const pkgSelf = new Map();
  const pkgIncl = new Map();
  let busy = 0;
  let total = 0;
  for (let i = 1; i < prof.samples.length; i++) {
    if (times[i] < from || times[i] >= to) continue;
    const dt = times[i] - times[i - 1];
    total += dt;
    const id = prof.samples[i];
    if (idle.has(id)) continue;
    busy += dt;
    const leaf = byId.get(id).callFrame;
    add(self, keyOf(leaf), dt);
    add(pkgSelf, pkgOf(leaf), dt);
    const seen = new Set();
    const seenPkg = new Set();
    for (let n = id; n !== undefined; n = parent.get(n)) {
      const cf = byId.get(n).callFrame;
      if (cf.functionName === '(root)') continue;
      const k = keyOf(cf);
      if (!seen.has(k)) {
        add(incl, k, dt);
        seen.add(k);
      }
      const p = pkgOf(cf);
      if (!seenPkg.has(p)) {
        add(pkgIncl, p, dt);
        seenPkg.add(p);
      }
    }
  }
  const per = (us) => (requests ? `${(us / requests).toFixed(0).padStart(6)} µs/req` : `${(us / 1000).toFixed(0).padStart(6)} ms`);
  const pct = (us) => `${((100 * us) / busy).toFixed(1).padStart(5)} %`;
  console.log(`\n## ${title}`);
  console.log(
    `window ${(from / 1e6).toFixed(1)}–${(to / 1e6).toFixed(1)} s of the profile: API busy ${(busy / 1000).toFixed(0)} ms of ${(total / 1000).toFixed(0)} ms (${((100 * busy) / total).toFixed(0)} % of one core)` +
      (requests ? `, ${(busy / requests).toFixed(0)} µs of API CPU per response` : ''),
  );
  const table = (name, map, n) => {
    console.log(`\n${name}`);
    for (const [k, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, n)) console.log(`  ${per(us)}  ${pct(us)}  ${k}`);
  };
  table('self time by package', pkgSelf, 15);
  table('inclusive time by package (stacks containing it)', pkgIncl, 15);
  table('self time by function', self, TOP);
  table('inclusive time by function', incl, TOP);
}

function add(map, k, v) {
  map.set(k, (map.get(k) ?? 0) + v);
}
