import { AuditService } from '@kaytuu/audit';
import { AuditSealProcessor } from './audit-seal.processor';

describe('AuditSealProcessor', () => {
  it('should keep sealing on its tick after a failed pass and stop cleanly when shut down', async () => {
    let calls = 0;
    const audit = {
      seal: async () => {
        calls++;
        if (calls === 1) throw new Error('database restarting');
        return 3;
      },
    } as unknown as AuditService;
    const p = new AuditSealProcessor(audit);
    (p as unknown as { logger: { warn: () => void; log: () => void; debug: () => void } }).logger = {
      warn: () => undefined,
      log: () => undefined,
      debug: () => undefined,
    };

    p.onApplicationBootstrap();
    expect(p.isRunning()).toBe(true);
    const until = Date.now() + 10_000;
    while (calls < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    await p.beforeApplicationShutdown();

    expect(calls).toBe(2);
    expect(p.isRunning()).toBe(false);
    const after = calls;
    await new Promise((r) => setTimeout(r, 2500));
    expect(calls).toBe(after);
  }, 15_000);
});
