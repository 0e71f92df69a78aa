#!/usr/bin/env node
// `npm run audit:deps`: the production dependencies (`npm audit --omit=dev`) must have no high or critical advisory.
// Exit 1 on such a finding. When the registry does not serve the advisory endpoint (some mirrors answer 405), the
// check cannot run: it says so loudly and exits 0, or 1 with --strict (AUDIT_STRICT=1), so a mirror outage cannot
// pass for a clean result where strictness is wanted.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const strict = process.argv.includes('--strict') || process.env.AUDIT_STRICT === '1';
// --report <file>: check a saved `npm audit --json` report instead of asking the registry (used by the test)
const reportAt = process.argv.indexOf('--report');
const run =
  reportAt > 0
    ? { stdout: readFileSync(process.argv[reportAt + 1], 'utf8'), stderr: '' }
    : spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
let report;
try {
  report = JSON.parse(run.stdout || '{}');
} catch {
  report = { message: (run.stderr || 'npm audit printed no JSON').trim() };
}

const counts = report.metadata?.vulnerabilities;
if (!counts) {
  const why = report.message ?? report.error?.summary ?? 'no report';
  console.log(`[audit] advisory service unavailable (${why}); dependency audit NOT performed${strict ? '' : ' (use --strict to fail on this)'}`);
  process.exit(strict ? 1 : 0);
}

const serious = Object.entries(report.vulnerabilities ?? {}).filter(([, v]) => v.severity === 'high' || v.severity === 'critical');
console.log(`[audit] production dependencies: ${['critical', 'high', 'moderate', 'low', 'info'].map((s) => `${counts[s] ?? 0} ${s}`).join(', ')}`);
for (const [name, v] of serious) {
  const via = v.via.map((x) => (typeof x === 'string' ? x : `${x.title} (${x.url})`)).join('; ');
  console.log(`[audit] ${v.severity}: ${name} ${v.range} — ${via}${v.fixAvailable ? ' — fix available' : ''}`);
}
process.exit(serious.length > 0 ? 1 : 0);
