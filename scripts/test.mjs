#!/usr/bin/env node
// `npm test`: every test (unit, integration, API e2e, browser) against the real Postgres and Redis, then one
// closing line "N passed, N failed" from jest's own counts. Extra args go to jest (e.g. `npm test -- test/e2e/auth`).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

// The browser test drives the built console and the fault tests run the built worker: rebuild what is stale.
function newest(paths) {
  let t = 0;
  const visit = (p) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (!st.isDirectory()) {
      t = Math.max(t, st.mtimeMs);
      return;
    }
    for (const e of readdirSync(p)) if (e !== 'node_modules' && e !== 'dist') visit(join(p, e));
  };
  paths.forEach((p) => visit(join(root, p)));
  return t;
}
const builtAt = (file) => (existsSync(join(root, file)) ? statSync(join(root, file)).mtimeMs : 0);
function build(what, cmd, args) {
  console.log(`Building ${what}…`);
  const b = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) {
    console.log('0 passed, 1 failed');
    process.exit(b.status ?? 1);
  }
}
if (builtAt('apps/console/dist/index.html') < newest(['apps/console/src', 'apps/console/index.html', 'apps/console/public', 'apps/console/vite.config.ts'])) {
  build('the console', 'npm', ['run', 'build', '-w', '@kaytuu/console']);
}
const serverSources = newest(['apps/api/src', 'apps/worker/src', 'libs', 'migrations', 'tsconfig.json', 'nest-cli.json']);
for (const [app, main] of [
  ['api', 'dist/apps/api/apps/api/src/main.js'],
  ['worker', 'dist/apps/worker/apps/worker/src/main.js'],
]) {
  if (builtAt(main) < serverSources) build(`the ${app}`, process.execPath, [join(root, 'node_modules/@nestjs/cli/bin/nest.js'), 'build', app]);
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
