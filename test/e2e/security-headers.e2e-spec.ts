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

  // a downloaded document (libs/documents) is never run or framed by anyone but the console: its own strict CSP, nosniff,
  // no caching; HSTS and no X-Powered-By as everywhere
  it('should serve document downloads with headers of their own', async () => {
    const office = await t.given.office();
    const cw = await t.given.user('caseworker', { officeId: office.id });
    const r = await t.given.returnee({ officeId: office.id });
    const up = await t.http
      .post('/api/documents')
      .set(bearer(cw))
      .field('returneeId', r.id)
      .field('type', 'other')
      .field('title', 'Headers')
      .attach('file', Buffer.from(`%PDF-1.4\n%${Date.now()}${Math.random()}\n%%EOF\n`), '<script>.pdf');
    expect(up.status).toBe(201);
    for (const disposition of ['attachment', 'inline'] as const) {
      const link = await t.http.post(`/api/documents/${up.body.id}/links`).set(bearer(cw)).send({ disposition });
      const res = await t.http.get(link.body.url);
      expect(res.status).toBe(200);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers['cache-control']).toBe('private, no-store');
      expect(res.headers['content-disposition']).toMatch(new RegExp(`^${disposition}; filename="_script_.pdf"`));
      const csp = res.headers['content-security-policy'];
      expect(csp).toContain("default-src 'none'");
      expect(csp).not.toContain('script-src');
      if (disposition === 'attachment') {
        expect(csp).toContain('sandbox');
        expect(res.headers['x-frame-options']).toBe('DENY');
      } else {
        expect(csp).toContain("frame-ancestors 'self'");
        expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      }
    }
  });
});
