import { createHmac } from 'node:crypto';
import { APP_LOGIN_ROLE, appRolePassword, deriveAppDatabaseUrl, runtimeDatabaseUrl, scramVerifier } from './app-role';

describe('app role', () => {
  it('should derive the same password for every database of one cluster and owner when only the database differs', () => {
    const a = appRolePassword('postgres://owner:s3cret@db.example:5432/kaytuu_a');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(appRolePassword('postgres://owner:s3cret@db.example:5432/kaytuu_b?sslmode=require')).toBe(a);
    expect(appRolePassword('postgres://owner:other@db.example:5432/kaytuu_a')).not.toBe(a);
    expect(appRolePassword('postgres://owner:s3cret@db2.example:5432/kaytuu_a')).not.toBe(a);
  });

  it('should keep host, database and options and swap only the credentials when deriving the app URL', () => {
    const url = new URL(deriveAppDatabaseUrl('postgresql://owner:p%40ss@db.example:6543/kaytuu?sslmode=require'));
    expect(url.username).toBe(APP_LOGIN_ROLE);
    expect(url.password).toBe(appRolePassword('postgresql://owner:p%40ss@db.example:6543/kaytuu'));
    expect(`${url.host}${url.pathname}${url.search}`).toBe('db.example:6543/kaytuu?sslmode=require');
  });

  it('should prefer DATABASE_APP_URL and fail with a hint when the owner URL cannot be parsed', () => {
    expect(runtimeDatabaseUrl({ databaseUrl: 'postgres://o@h/db', databaseAppUrl: 'postgres://mine:x@h/db' })).toBe('postgres://mine:x@h/db');
    expect(() => runtimeDatabaseUrl({ databaseUrl: 'host=h dbname=db' })).toThrow(/DATABASE_APP_URL/);
  });

  // RFC 7677 §3's exchange (user "user", password "pencil"): the server signature made from our ServerKey must match.
  it('should build a SCRAM-SHA-256 verifier that reproduces the RFC 7677 server signature', () => {
    const salt = Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64');
    const verifier = scramVerifier('pencil', salt, 4096);
    const m = /^SCRAM-SHA-256\$4096:([^$]+)\$([^:]+):(.+)$/.exec(verifier);
    expect(m?.[1]).toBe('W22ZaJ0SNY7soEsUEjb6gQ==');
    const authMessage =
      'n=user,r=rOprNGfwEbeRWgbNEkqO,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0';
    const serverSignature = createHmac('sha256', Buffer.from(m![3], 'base64')).update(authMessage).digest('base64');
    expect(serverSignature).toBe('6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=');
  });
});
