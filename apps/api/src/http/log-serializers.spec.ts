import { requestLogSerializers, safeUrl } from './log-serializers';

describe('request log serializers', () => {
  it('should keep query parameter names but drop their values (a search may hold a PIN or phone)', () => {
    const url = '/api/returnees?filter=%7B%22q%22%3A%2221405199700123%22%7D&range=%5B0%2C24%5D';
    expect(safeUrl(url)).toBe('/api/returnees?filter=…&range=…');
    expect(safeUrl('/api/cases/1')).toBe('/api/cases/1');
  });

  it('should drop the token of a signed download link', () => {
    expect(safeUrl('/api/files/eyJkIjoiMSJ9.abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG')).toBe('/api/files/…');
    expect(safeUrl('/api/files/abc.def?x=1')).toBe('/api/files/…?x=…');
    expect(safeUrl('/api/documents/1')).toBe('/api/documents/1');
  });

  it('should drop the secret of the Telegram webhook', () => {
    expect(safeUrl('/api/telegram/webhook/s3cr3t-s3cr3t-s3cr3t-s3cr3t')).toBe('/api/telegram/webhook/…');
    expect(safeUrl('/api/telegram/webhook/s3cr3t/extra?x=1')).toBe('/api/telegram/webhook/…?x=…');
  });

  it('should never carry headers such as Authorization', () => {
    const line = requestLogSerializers.req({ method: 'GET', url: '/api/auth/me', headers: { authorization: 'Bearer secret', 'user-agent': 'x' } });
    expect(JSON.stringify(line)).not.toContain('secret');
  });
});
