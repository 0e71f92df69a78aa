import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AUDIT_ACTIONS as API_ACTIONS } from '../../libs/audit/src/audit-log.entity';
import type { AuditBreakReason, AuditChainReport } from '../../libs/audit/src/audit-chain';
import {
  actionColor,
  actorText,
  AUDIT_ACTIONS,
  AUDIT_ENTITIES,
  dayBoundIso,
  dayOf,
  diffRows,
  parseVerifyResult,
  sealState,
  VERIFY_REASONS,
  verifyMessage,
  type VerifyResult,
} from '../../apps/console/src/audit/auditModel';

const root = join(__dirname, '../..');
const fmt = (iso: string) => `<${iso}>`;
const intact: VerifyResult = { ok: true, checked: 1234, unsealed: 3, firstBroken: null, verifiedAt: '2026-11-26T08:00:00.000Z' };
const broken: VerifyResult = {
  ok: false,
  checked: 41,
  unsealed: 0,
  verifiedAt: '2026-11-26T08:00:00.000Z',
  firstBroken: { id: '42', seq: '42', at: '2026-11-25T10:15:00.000Z', reason: 'hash_mismatch' },
};

// Every entity name the services write into audit_log, found in the backend sources.
function auditedEntities(): string[] {
  const files = (d: string): string[] =>
    readdirSync(d).flatMap((f) => {
      const p = join(d, f);
      return statSync(p).isDirectory() ? files(p) : /\.ts$/.test(f) && !/spec\.ts$/.test(f) ? [p] : [];
    });
  const found = new Set<string>();
  for (const file of files(join(root, 'libs'))) {
    const text = readFileSync(file, 'utf8');
    if (!/audit/i.test(text)) continue;
    for (const m of text.matchAll(/\bentity: '([a-z_]+)'/g)) found.add(m[1]);
    for (const m of text.matchAll(/recordCreations\([^,]+,\s*'([a-z_]+)'/g)) found.add(m[1]);
  }
  return [...found].sort();
}

describe('auditModel', () => {
  it('should know exactly the actions the API records when compared with libs/audit', () => {
    expect([...AUDIT_ACTIONS].sort()).toEqual([...API_ACTIONS].sort());
  });

  it('should offer every entity the services audit when the backend sources are scanned', () => {
    const entities = auditedEntities();
    expect(entities).toEqual(expect.arrayContaining(['returnee', 'case', 'user']));
    expect(entities.filter((e) => !(AUDIT_ENTITIES as readonly string[]).includes(e))).toEqual([]);
  });

  it('should translate every action, entity and verify reason in every catalog', () => {
    const keys = [
      ...AUDIT_ACTIONS.map((a) => `enums.audit_action.${a}`),
      ...AUDIT_ENTITIES.map((e) => `enums.audit_entity.${e}`),
      ...VERIFY_REASONS.map((r) => `app.audit.verify.reason.${r}`),
    ];
    for (const locale of ['ru', 'ky', 'en']) {
      const catalog = JSON.parse(readFileSync(join(root, 'apps/console/src/i18n', `${locale}.json`), 'utf8')) as Record<string, unknown>;
      const lookup = (key: string): unknown => key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], catalog);
      const missing = keys.filter((k) => typeof lookup(k) !== 'string');
      expect({ locale, missing }).toEqual({ locale, missing: [] });
    }
  });

  it('should say the chain is intact with the counts when verify answers ok', () => {
    expect(verifyMessage(intact, fmt)).toEqual({
      severity: 'success',
      key: 'app.audit.verify.intact',
      options: { smart_count: 1234, unsealed: 3 },
      reasonKey: null,
      brokenId: null,
    });
  });

  it('should name the first broken entry, its reason and its time when verify finds a broken link', () => {
    expect(verifyMessage(broken, fmt)).toEqual({
      severity: 'error',
      key: 'app.audit.verify.broken',
      reasonKey: 'app.audit.verify.reason.hash_mismatch',
      brokenId: '42',
      options: { id: '42', seq: '42', at: '<2026-11-25T10:15:00.000Z>' },
    });
  });

  it('should give only the reason when a cut-off head leaves no entry to name', () => {
    const headOnly: VerifyResult = { ...broken, checked: 0, firstBroken: { id: '', seq: '7', at: '', reason: 'head_mismatch' } };
    expect(verifyMessage(headOnly, fmt)).toEqual({
      severity: 'error',
      key: null,
      options: {},
      reasonKey: 'app.audit.verify.reason.head_mismatch',
      brokenId: null,
    });
  });

  it('should accept the documented verify answers and refuse anything else', () => {
    expect(parseVerifyResult(intact)).toEqual(intact);
    expect(parseVerifyResult(broken)).toEqual(broken);
    expect(parseVerifyResult({ ...broken, firstBroken: { ...broken.firstBroken, seq: 42 } })?.firstBroken?.seq).toBe('42');
    expect(parseVerifyResult(null)).toBeNull();
    expect(parseVerifyResult({ ...intact, checked: '1234' })).toBeNull();
    expect(parseVerifyResult({ ...intact, ok: 'yes' })).toBeNull();
    // "not ok" without the entry must never read as intact
    expect(parseVerifyResult({ ...intact, ok: false })).toBeNull();
    expect(parseVerifyResult({ ...broken, firstBroken: { ...broken.firstBroken, reason: 'cosmic_rays' } })).toBeNull();
  });

  it('should read every report the backend verify can give when typed by libs/audit', () => {
    // the reasons as a record keyed by the backend's union: a reason added or renamed there fails to compile here
    const reasons: Record<AuditBreakReason, true> = { hash_mismatch: true, prev_hash_mismatch: true, seq_gap: true, head_mismatch: true };
    expect([...VERIFY_REASONS].sort()).toEqual(Object.keys(reasons).sort());
    for (const reason of VERIFY_REASONS) {
      const report: AuditChainReport = {
        ok: false,
        checked: 5,
        unsealed: 1,
        firstBroken: { id: '9', seq: '6', at: '2026-11-25T10:15:00.000Z', reason },
        verifiedAt: '2026-11-26T08:00:00.000Z',
      };
      expect(parseVerifyResult(JSON.parse(JSON.stringify(report)))).toEqual(report);
    }
    const ok: AuditChainReport = { ok: true, checked: 0, unsealed: 0, firstBroken: null, verifiedAt: '2026-11-26T08:00:00.000Z' };
    expect(parseVerifyResult(ok)).toEqual(ok);
  });

  it('should turn a diff into key/value rows with nested keys dotted and redacted values flagged as stored', () => {
    expect(
      diffRows({ code: 'KT-2026-000001', pin: '[redacted]', changed: { status: 'closed', priority: null }, tags: ['a', 'b'], count: 3, ok: true }),
    ).toEqual([
      { key: 'code', value: 'KT-2026-000001', redacted: false },
      { key: 'pin', value: '[redacted]', redacted: true },
      { key: 'changed.status', value: 'closed', redacted: false },
      { key: 'changed.priority', value: null, redacted: false },
      { key: 'tags', value: 'a, b', redacted: false },
      { key: 'count', value: '3', redacted: false },
      { key: 'ok', value: 'true', redacted: false },
    ]);
  });

  it('should keep arrays of objects and empty objects readable and give no rows for an empty diff', () => {
    expect(diffRows({ episodes: [{ country: 'RU' }], extra: {} })).toEqual([
      { key: 'episodes', value: '[{"country":"RU"}]', redacted: false },
      { key: 'extra', value: '{}', redacted: false },
    ]);
    expect(diffRows(null)).toEqual([]);
    expect(diffRows({})).toEqual([]);
  });

  it('should tell sealed rows by their seq and pending ones by a null seq', () => {
    expect(sealState({ seq: '17' })).toEqual({ sealed: true, seq: '17' });
    expect(sealState({ seq: null })).toEqual({ sealed: false });
  });

  it('should show the actor by name with the email beside it, the email alone without a name, and nothing for the system', () => {
    expect(actorText({ actorId: 'u1', actorName: 'Айгүл Токтосунова', actorEmail: 'a@kaytuu.kg' })).toEqual({
      primary: 'Айгүл Токтосунова',
      secondary: 'a@kaytuu.kg',
    });
    expect(actorText({ actorId: 'u1', actorName: ' ', actorEmail: 'a@kaytuu.kg' })).toEqual({ primary: 'a@kaytuu.kg', secondary: null });
    expect(actorText({ actorId: null, actorName: null, actorEmail: null })).toEqual({ primary: null, secondary: null });
  });

  it('should cover whole Bishkek days when a date range is chosen and refuse impossible dates', () => {
    expect(dayBoundIso('2026-11-25', 'from')).toBe('2026-11-25T00:00:00.000+06:00');
    expect(dayBoundIso('2026-11-25', 'to')).toBe('2026-11-25T23:59:59.999+06:00');
    expect(new Date(dayBoundIso('2026-11-25', 'from')!).toISOString()).toBe('2026-11-24T18:00:00.000Z');
    expect(dayBoundIso('2026-02-30', 'from')).toBeUndefined();
    expect(dayBoundIso('', 'to')).toBeUndefined();
    expect(dayOf('2026-11-25T23:59:59.999+06:00')).toBe('2026-11-25');
    expect(dayOf(undefined)).toBe('');
  });

  it('should mark failures and deletions in red and keep reads plain', () => {
    expect(actionColor('login_failed')).toBe('error');
    expect(actionColor('delete')).toBe('error');
    expect(actionColor('read')).toBe('default');
  });
});
