import { INestApplicationContext } from '@nestjs/common';
import { EXPIRED_CODE_KEPT_MS } from '@kaytuu/messaging';
import { CheckinsProcessor } from '../../apps/worker/src/processors/checkins.processor';
import { createTestApp, TestApp } from '../support/test-app';
import { startTestWorker } from '../support/worker';

// The worker's messaging sweep (CheckinsProcessor, every minute) deletes the Telegram link codes that expired more than
// a day ago, used or not; a code still open, or expired less than a day ago (its late scan still hears "expired"), stays.
describe('expired Telegram link codes', () => {
  let t: TestApp;
  let worker: INestApplicationContext | undefined;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  it('should be deleted by the check-in sweep once expired for longer than a day, and no other code', async () => {
    const office = await t.given.office();
    const r = await t.given.returnee({ officeId: office.id });
    const now = Date.now();
    const code = async (name: string, expiresAt: number, used = false) =>
      (
        await t.db.query(`INSERT INTO telegram_link_code (code_hmac, returnee_id, expires_at, used_at) VALUES ($1, $2, $3, $4) RETURNING id`, [
          `hmac-${name}-${now}`,
          r.id,
          new Date(expiresAt),
          used ? new Date(expiresAt - 60_000) : null,
        ])
      ).rows[0].id as string;
    const open = await code('open', now + 10 * 60_000);
    const recent = await code('recent', now - EXPIRED_CODE_KEPT_MS + 3_600_000);
    const old = await code('old', now - EXPIRED_CODE_KEPT_MS - 60_000);
    const oldUsed = await code('old-used', now - 3 * EXPIRED_CODE_KEPT_MS, true);

    worker = await startTestWorker(t);
    const first = await worker.get(CheckinsProcessor).sweepOnce();
    const left = (await t.db.query(`SELECT id FROM telegram_link_code WHERE returnee_id = $1`, [r.id])).rows.map((x) => x.id as string);
    expect(left.sort()).toEqual([open, recent].sort());
    expect(left).not.toContain(old);
    expect(left).not.toContain(oldUsed);
    // the worker may have swept once at start already; a second pass finds nothing more
    expect(first.linkCodesDeleted).toBeLessThanOrEqual(2);
    expect((await worker.get(CheckinsProcessor).sweepOnce()).linkCodesDeleted).toBe(0);
  });
});
