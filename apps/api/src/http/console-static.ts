import { statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { CommonErrorCode } from '@kaytuu/shared';

// Vite names every file under assets/ after a hash of its content, so those never change: a year, immutable.
// index.html (and the unhashed public files: favicon, manifest) are revalidated on each use (ETag, 304).
export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

type Encoding = 'br' | 'gzip';
const SUFFIX: Record<Encoding, string> = { br: '.br', gzip: '.gz' };

// The best encoding the request accepts (Accept-Encoding with q-values; brotli first when equal) among those present.
export function chooseEncoding(header: string | undefined, available: Encoding[]): Encoding | null {
  const q = new Map<string, number>();
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const weight = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    q.set(name, weight ? Number(weight.slice(2)) || 0 : 1);
  }
  const weightOf = (e: Encoding) => q.get(e) ?? q.get('*') ?? 0;
  return available.filter((e) => weightOf(e) > 0).sort((a, b) => weightOf(b) - weightOf(a))[0] ?? null;
}

const isFile = (path: string) => statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;

// The console is a single-page app: its files (the .br/.gz written at build when the request accepts one), and
// index.html for every other non-API GET without a file extension. A missing file (a stale /assets/*.js after a
// deploy) is a 404 in the API's error envelope, never the app's HTML a browser would try to run as a script.
export function serveConsole(app: NestExpressApplication, dist: string): void {
  const root = resolve(dist);
  const index = join(root, 'index.html');
  const http = app.getHttpAdapter().getInstance() as { use(h: (req: Request, res: Response, next: NextFunction) => void): void };
  http.use((req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || /^\/(api(\/|$)|metrics)/.test(req.path)) return next();
    let path: string;
    try {
      path = decodeURIComponent(req.path);
    } catch {
      return next();
    }
    const file = resolve(root, `.${path}`);
    if (file === root) return send(req, res, next, index, REVALIDATE);
    if (!file.startsWith(root + sep)) return notFound(res);
    const asset = path.startsWith('/assets/');
    if (isFile(file)) return send(req, res, next, file, asset ? IMMUTABLE : REVALIDATE);
    if (asset || extname(path)) return notFound(res);
    return send(req, res, next, index, REVALIDATE);
  });
}

function send(req: Request, res: Response, next: NextFunction, file: string, cacheControl: string): void {
  const variants = (Object.keys(SUFFIX) as Encoding[]).filter((e) => isFile(file + SUFFIX[e]));
  const encoding = chooseEncoding(req.headers['accept-encoding'], variants);
  if (variants.length) res.vary('Accept-Encoding');
  if (encoding) res.setHeader('Content-Encoding', encoding);
  res.type(extname(file));
  res.setHeader('Cache-Control', cacheControl);
  res.sendFile(encoding ? file + SUFFIX[encoding] : file, { cacheControl: false, dotfiles: 'deny' }, (err) => {
    if (err && !res.headersSent) next(err);
  });
}

function notFound(res: Response): void {
  res.status(404).json({ statusCode: 404, error: 'Not Found', code: CommonErrorCode.NOT_FOUND, message: 'No such file' });
}
