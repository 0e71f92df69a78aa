import { createHmac, timingSafeEqual } from 'node:crypto';

// Short-lived signed download links: the console asks POST /api/documents/:id/links (with its bearer token) and gets
// `/api/files/<token>`, which a plain <a href>, <img> or <iframe> can open without the access token ever being in a URL.
// token = base64url(JSON claims) "." base64url(HMAC-SHA256(key, "kaytuu-file-link.v1." + claims part))
// The key is derived from DATA_HMAC_KEY with its own label (it never equals a PIN hash or a note token). The claims
// bind the document, the version, the user, the expiry, the disposition, thumbnail and masked; the route checks again
// that the user is still active and still allowed to see the document, so a link dies with the access it came from.
export const LINK_TTL_SECONDS = 5 * 60;
const PREFIX = 'kaytuu-file-link.v1.';

export type LinkClaims = {
  d: string; // document id
  v: number; // version
  u: string; // user id
  e: number; // expiry, unix seconds
  i: 0 | 1; // inline (preview) rather than attachment
  t: 0 | 1; // the thumbnail
  m: 0 | 1; // masked (recorded in the audit row)
};

export function deriveLinkKey(hmacKey: Buffer): Buffer {
  return createHmac('sha256', hmacKey).update('kaytuu:document-link:v1', 'utf8').digest();
}

export function signLink(key: Buffer, claims: LinkClaims): string {
  const body = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
  const mac = createHmac('sha256', key)
    .update(PREFIX + body, 'utf8')
    .digest('base64url');
  return `${body}.${mac}`;
}

export type LinkCheck = { ok: true; claims: LinkClaims } | { ok: false; reason: 'invalid' | 'expired' };

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function verifyLink(key: Buffer, token: string, nowSeconds: number): LinkCheck {
  if (typeof token !== 'string' || token.length > 1024) return { ok: false, reason: 'invalid' };
  const m = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return { ok: false, reason: 'invalid' };
  const expected = createHmac('sha256', key)
    .update(PREFIX + m[1], 'utf8')
    .digest();
  const given = Buffer.from(m[2], 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
  let c: LinkClaims;
  try {
    c = JSON.parse(Buffer.from(m[1], 'base64url').toString('utf8')) as LinkClaims;
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  const flag = (x: unknown) => x === 0 || x === 1;
  if (
    !c ||
    typeof c.d !== 'string' ||
    !UUID_RE.test(c.d) ||
    typeof c.u !== 'string' ||
    !UUID_RE.test(c.u) ||
    !Number.isInteger(c.v) ||
    c.v < 1 ||
    !Number.isInteger(c.e) ||
    !flag(c.i) ||
    !flag(c.t) ||
    !flag(c.m)
  ) {
    return { ok: false, reason: 'invalid' };
  }
  if (c.e <= nowSeconds) return { ok: false, reason: 'expired' };
  return { ok: true, claims: c };
}
