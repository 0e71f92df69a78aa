import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { defaultConsoleDist } from '../../apps/api/src/app.factory';
import { createTestApp, TestApp } from '../support/test-app';

// The built console through the API: precompressed files by Accept-Encoding, hashed assets cached for a year,
// index.html revalidated, favicon and manifest present, and a missing asset a 404 rather than the app's HTML.
describe('console assets (compression, caching, favicon, manifest)', () => {
  let t: TestApp;
  const dist = defaultConsoleDist();
  // the biggest script the login page loads: the entry named in index.html
  const entry = /src="(\/assets\/index-[^"]+\.js)"/.exec(readFileSync(join(dist, 'index.html'), 'utf8'))?.[1] as string;
  // superagent decodes br and gzip itself: the body is the decoded file, the wire size is Content-Length
  const raw = (res: request.Response) => res.body as Buffer;
  const wire = (res: request.Response) => Number(res.headers['content-length']);
  const binary = (req: request.Test) =>
    req.buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });

  beforeAll(async () => {
    t = await createTestApp({ consoleDist: dist });
  });
  afterAll(() => t.close());

  it('should send the brotli, gzip or plain file the request accepts, saying so and varying by it', async () => {
    expect(entry).toBeDefined();
    const plain = readFileSync(join(dist, entry));
    // supertest would decompress gzip itself: the raw bytes are read and decoded here
    const br = await binary(t.http.get(entry).set('Accept-Encoding', 'gzip, deflate, br, zstd'));
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(br.headers.vary).toMatch(/Accept-Encoding/i);
    expect(raw(br).equals(plain)).toBe(true);
    expect(wire(br)).toBe(readFileSync(join(dist, `${entry}.br`)).length);
    expect(wire(br)).toBeLessThan(plain.length / 3);

    const gz = await binary(t.http.get(entry).set('Accept-Encoding', 'gzip'));
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers.vary).toMatch(/Accept-Encoding/i);
    expect(raw(gz).equals(plain)).toBe(true);
    expect(wire(gz)).toBe(readFileSync(join(dist, `${entry}.gz`)).length);
    expect(wire(gz)).toBeGreaterThan(wire(br));

    // br refused by q=0: gzip
    const refused = await binary(t.http.get(entry).set('Accept-Encoding', 'br;q=0, gzip;q=0.5'));
    expect(refused.headers['content-encoding']).toBe('gzip');

    const none = await binary(t.http.get(entry).set('Accept-Encoding', 'identity'));
    expect(none.headers['content-encoding']).toBeUndefined();
    expect(none.headers.vary).toMatch(/Accept-Encoding/i);
    expect(raw(none).equals(plain)).toBe(true);
    expect(wire(none)).toBe(plain.length);
  });

  it('should cache hashed assets for a year and make index.html revalidate, under the CSP', async () => {
    const asset = await t.http.get(entry).set('Accept-Encoding', 'br');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const scripts = readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.js'));
    const other = await t.http.get(`/assets/${scripts.find((f) => !entry.endsWith(f))}`);
    expect(other.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    for (const path of ['/', '/index.html', '/returnees/123']) {
      const page = await t.http.get(path).set('Accept-Encoding', 'gzip');
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.headers['cache-control']).toBe('no-cache');
      expect(page.headers['content-encoding']).toBe('gzip');
      expect(page.headers['content-security-policy']).toContain("script-src 'self'");
      expect(page.text).toContain(entry);
    }
    // revalidation answers 304 without the body
    const first = await t.http.get('/').set('Accept-Encoding', 'br');
    const again = await t.http.get('/').set('Accept-Encoding', 'br').set('If-None-Match', first.headers.etag);
    expect(again.status).toBe(304);
  });

  it('should serve the favicon and the web manifest the page links to', async () => {
    const html = (await t.http.get('/')).text;
    expect(html).toContain('href="/favicon.ico"');
    expect(html).toContain('rel="manifest" href="/manifest.webmanifest"');

    const ico = await binary(t.http.get('/favicon.ico'));
    expect(ico.status).toBe(200);
    expect(ico.headers['content-type']).toMatch(/image\/(x-icon|vnd\.microsoft\.icon)/);
    expect(
      raw(ico)
        .subarray(0, 4)
        .equals(Buffer.from([0, 0, 1, 0])),
    ).toBe(true);

    const manifest = await t.http.get('/manifest.webmanifest');
    expect(manifest.status).toBe(200);
    expect(manifest.headers['content-type']).toMatch(/application\/manifest\+json/);
    const body = JSON.parse(manifest.text) as { name: string; short_name: string; lang: string; theme_color: string; icons: { src: string; sizes: string }[] };
    expect(body).toMatchObject({ short_name: 'Kaytuu', lang: 'ru', theme_color: expect.stringMatching(/^#[0-9a-f]{6}$/) });
    expect(body.name).toMatch(/[а-я]/);
    expect(body.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    for (const icon of body.icons) expect((await t.http.get(icon.src)).status).toBe(200);
  });

  it('should answer 404, not the app, for a missing asset or file', async () => {
    for (const path of ['/assets/index-gone1234.js', '/assets/gone', '/robots-gone.txt', '/assets/../../package.json']) {
      const res = await t.http.get(path).set('Accept-Encoding', 'br, gzip');
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(res.headers['content-type']).toMatch(/application\/json/);
      expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    }
    // the API's own routes are untouched
    expect((await t.http.get('/api/auth/me')).status).toBe(401);
  });
});
