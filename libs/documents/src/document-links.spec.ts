import { deriveLinkKey, LinkClaims, signLink, verifyLink } from './document-links';

const key = deriveLinkKey(Buffer.alloc(32, 7));
const claims: LinkClaims = { d: '00000000-0000-4000-8000-000000000001', v: 2, u: '00000000-0000-4000-8000-000000000002', e: 1000, i: 0, t: 0, m: 1 };

describe('signed download links', () => {
  it('should verify its own token until it expires', () => {
    const token = signLink(key, claims);
    expect(verifyLink(key, token, 999)).toEqual({ ok: true, claims });
    expect(verifyLink(key, token, 1000)).toEqual({ ok: false, reason: 'expired' });
  });

  it('should refuse a token changed anywhere, signed with another key, or malformed', () => {
    const token = signLink(key, claims);
    const [body, mac] = token.split('.');
    const other = Buffer.from(JSON.stringify({ ...claims, u: '00000000-0000-4000-8000-000000000003' })).toString('base64url');
    expect(verifyLink(key, `${other}.${mac}`, 0)).toEqual({ ok: false, reason: 'invalid' });
    expect(verifyLink(key, `${body}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`, 0)).toEqual({ ok: false, reason: 'invalid' });
    expect(verifyLink(deriveLinkKey(Buffer.alloc(32, 8)), token, 0)).toEqual({ ok: false, reason: 'invalid' });
    for (const bad of ['', 'x', `${body}.`, `${body}.${mac}.x`, 'a'.repeat(5000)]) expect(verifyLink(key, bad, 0).ok).toBe(false);
  });

  it('should derive a key of its own from the HMAC key', () => {
    expect(deriveLinkKey(Buffer.alloc(32, 7)).equals(Buffer.alloc(32, 7))).toBe(false);
  });
});
