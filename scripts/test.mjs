#!/usr/bin/env node
// `npm test`: every test (unit, integration, API e2e, browser) against the real Postgres and Redis, then one
// closing line "N passed, N failed" from jest's own counts. Extra args go to jest (e.g. `npm test -- test/e2e/auth`).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

// the browser test drives the built console
if (!existsSync(join(root, 'apps/console/dist/index.html'))) {
  console.log('Building the console for the browser test…');
  const b = spawnSync('npm', ['run', 'build', '-w', '@kaytuu/console'], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
}

const dir = mkdtempSync(join(tmpdir(), 'kaytuu-jest-'));
const out = join(dir, 'results.json');
const jest = join(root, 'node_modules/jest/bin/jest.js');
const run = spawnSync(process.execPath, [jest, '--json', `--outputFile=${out}`, ...args], { cwd: root, stdio: 'inherit' });

let passed = 0;
let failed = 0;
if (existsSync(out)) {
  const r = JSON.parse(readFileSync(out, 'utf8'));
  passed = r.numPassedTests;
  failed = r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
}
rmSync(dir, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed`);
process.exit(run.status === 0 && failed === 0 && passed > 0 ? 0 : 1);
