import { bearer, createTestApp, TestApp } from '../support/test-app';
import { defaultConsoleDist } from '../../apps/api/src/app.factory';

describe('security headers (helmet)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ consoleDist: defaultConsoleDist() });
  });
  afterAll(() => t.close());

  const expectHardened = (headers: Record<string, string>) => {
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['x-powered-by']).toBeUndefined();
    expect(headers['referrer-policy']).toBe('no-referrer');
    const csp = headers['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("'unsafe-eval'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  };

  it('should harden API answers, errors included', async () => {
    const anon = await t.http.get('/api/auth/me');
    expect(anon.status).toBe(401);
    expectHardened(anon.headers);
    const cw = await t.given.user('caseworker');
    const me = await t.http.get('/api/auth/me').set(bearer(cw));
    expect(me.status).toBe(200);
    expectHardened(me.headers);
    expect(me.headers['content-security-policy']).toContain("style-src 'self' 'unsafe-inline'");
  });

  it('should serve the Swagger UI under the CSP (external scripts only)', async () => {
    const docs = await t.http.get('/api/docs/').redirects(1);
    expect(docs.status).toBe(200);
    expect(docs.headers['content-type']).toMatch(/text\/html/);
    expectHardened(docs.headers);
    // every script of the page is loaded from a file, so script-src 'self' allows it
    expect(docs.text).toContain('swagger-ui-init.js');
    expect(docs.text).not.toMatch(/<script>[^<]/);
    const init = await t.http.get('/api/docs/swagger-ui-init.js');
    expect(init.status).toBe(200);
  });

  it('should serve the console with the CSP', async () => {
    const page = await t.http.get('/cases');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<div id="root">');
    expectHardened(page.headers);
    expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('should let bull-board load its font but nothing else from elsewhere', async () => {
    const admin = await t.given.user('admin');
    const board = await t.http.get('/admin/queues').set(bearer(admin));
    expect(board.status).toBe(200);
    expectHardened(board.headers);
    expect(board.headers['content-security-policy']).toContain('https://fonts.googleapis.com');
    const api = await t.http.get('/api/auth/me').set(bearer(admin));
    expect(api.headers['content-security-policy']).not.toContain('fonts.googleapis.com');
  });
});
