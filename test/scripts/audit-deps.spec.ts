import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// scripts/audit-deps.mjs decides from `npm audit --json`; here it reads saved reports of each kind.
const script = join(__dirname, '../../scripts/audit-deps.mjs');
const dir = mkdtempSync(join(tmpdir(), 'kaytuu-audit-'));

function check(report: unknown, ...args: string[]) {
  const file = join(dir, `r${Math.random()}.json`);
  writeFileSync(file, JSON.stringify(report));
  const r = spawnSync(process.execPath, [script, '--report', file, ...args], { encoding: 'utf8' });
  return { status: r.status, out: r.stdout };
}

const meta = (v: Record<string, number>) => ({ metadata: { vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, ...v } } });

describe('npm run audit:deps', () => {
  it('passes when production dependencies have nothing above moderate', () => {
    const r = check({ ...meta({ moderate: 1 }), vulnerabilities: { qs: { severity: 'moderate', range: '<6.2', via: ['x'], fixAvailable: true } } });
    expect(r.status).toBe(0);
    expect(r.out).toContain('0 critical, 0 high, 1 moderate');
  });

  it('fails on a high or critical advisory and names the package and advisory', () => {
    const r = check({
      ...meta({ critical: 1 }),
      vulnerabilities: {
        'bad-lib': {
          severity: 'critical',
          range: '<2.0.0',
          via: [{ title: 'Prototype pollution', url: 'https://github.com/advisories/GHSA-x' }],
          fixAvailable: false,
        },
      },
    });
    expect(r.status).toBe(1);
    expect(r.out).toContain('critical: bad-lib <2.0.0 — Prototype pollution (https://github.com/advisories/GHSA-x)');
  });

  it('says loudly that the audit did not run when the registry refuses, and fails only with --strict', () => {
    const refused = { message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk', statusCode: 405 };
    const lenient = check(refused);
    expect(lenient.status).toBe(0);
    expect(lenient.out).toContain('dependency audit NOT performed');
    expect(check(refused, '--strict').status).toBe(1);
  });
});
