import { randomBytes } from 'node:crypto';
import { AAD, FieldCipher, FieldCipherError, generateDataKey, keyIdOf, parseDataKeys } from './field-cipher';
import { loadAppConfig } from '../config/app.config';

const k1 = generateDataKey();
const k2 = generateDataKey();
const hmacKey = generateDataKey();
const cipherWith = (keys: string, current?: string) => new FieldCipher(parseDataKeys({ DATA_KEYS: keys, DATA_KEY_ID: current, DATA_HMAC_KEY: hmacKey }));

describe('FieldCipher', () => {
  const c = cipherWith(`k1:${k1}`);

  it('should round-trip any text, with a fresh IV each time, when encrypting and decrypting', () => {
    const samples = [
      '',
      '21403199100123',
      '+996555123456',
      'Жээнбеков Айбек уулу ң ө ү',
      '😀'.repeat(50),
      'x'.repeat(5000),
      randomBytes(64).toString('latin1'),
    ];
    for (const plain of samples) {
      const a = c.encrypt(plain, AAD.returneePin);
      expect(c.decrypt(a, AAD.returneePin)).toBe(plain);
      expect(a).toMatch(/^v1\.k1\.[A-Za-z0-9+/]+=*$/);
      expect(c.encrypt(plain, AAD.returneePin)).not.toBe(a);
    }
    expect(c.decryptJson(c.encryptJson({ condition: 'tb', urgency: 'soon' }, AAD.caseDetails), AAD.caseDetails)).toEqual({ condition: 'tb', urgency: 'soon' });
  });

  it('should give every value its own IV across refills of the IV pool, each decrypting to its text', () => {
    const ivs = new Set<string>();
    // 2,000 values: several refills of the 4 KB pool (341 IVs each)
    for (let i = 0; i < 2000; i++) {
      const stored = c.encrypt(`value ${i}`, AAD.importRaw);
      ivs.add(Buffer.from(stored.split('.')[2], 'base64').subarray(0, 12).toString('hex'));
      expect(c.decrypt(stored, AAD.importRaw)).toBe(`value ${i}`);
    }
    expect(ivs.size).toBe(2000);
  });

  it('should not show the plain digits in the ciphertext when a PIN is encrypted', () => {
    const stored = c.encrypt('21403199100123', AAD.returneePin);
    expect(stored).not.toContain('21403199100123');
    expect(Buffer.from(stored.split('.')[2], 'base64').toString('latin1')).not.toContain('21403199100123');
  });

  it('should refuse a value whose ciphertext, tag or IV was changed when decrypting', () => {
    const stored = c.encrypt('+996555123456', AAD.returneePhone);
    const raw = Buffer.from(stored.split('.')[2], 'base64');
    for (const at of [0, 12, raw.length - 1]) {
      const bad = Buffer.from(raw);
      bad[at] ^= 0x01;
      expect(() => c.decrypt(`v1.k1.${bad.toString('base64')}`, AAD.returneePhone)).toThrow(FieldCipherError);
    }
    expect(() => c.decrypt(`v1.k1.${raw.subarray(0, 20).toString('base64')}`, AAD.returneePhone)).toThrow(/truncated|authenticate/);
  });

  it('should refuse a ciphertext moved to another column when the AAD differs', () => {
    const pin = c.encrypt('21403199100123', AAD.returneePin);
    expect(() => c.decrypt(pin, AAD.returneePhone)).toThrow(/does not authenticate .*returnee\.phone/);
  });

  it('should name the missing key id when a value uses a key not in DATA_KEYS', () => {
    const old = cipherWith(`old:${k2}`).encrypt('x', AAD.importRaw);
    expect(() => c.decrypt(old, AAD.importRaw)).toThrow(/key "old", which is not in DATA_KEYS/);
    expect(() => c.decrypt('not-encrypted', AAD.importRaw)).toThrow(/Not an encrypted value/);
  });

  it('should write with DATA_KEY_ID, read every listed key and re-encrypt only older values when rotating', () => {
    const before = cipherWith(`k1:${k1}`).encrypt('21403199100123', AAD.returneePin);
    const after = cipherWith(`k2:${k2},k1:${k1}`, 'k2');
    expect(keyIdOf(after.encrypt('a', AAD.returneePin))).toBe('k2');
    expect(after.isCurrent(before)).toBe(false);
    const rotated = after.reencrypt(before, AAD.returneePin);
    expect(keyIdOf(rotated)).toBe('k2');
    expect(after.reencrypt(rotated, AAD.returneePin)).toBe(rotated);
    expect(cipherWith(`k2:${k2}`).decrypt(rotated, AAD.returneePin)).toBe('21403199100123');
  });

  it('should hash PINs and phones by their digits, separately per kind, with the HMAC key', () => {
    expect(c.pinHmac('21403199100123')).toMatch(/^[0-9a-f]{64}$/);
    expect(c.phoneHmac('+996555123456')).toBe(c.phoneHmac('996555123456'));
    expect(c.pinHmac('996555123456')).not.toBe(c.phoneHmac('996555123456'));
    const other = new FieldCipher(parseDataKeys({ DATA_KEYS: `k1:${k1}`, DATA_HMAC_KEY: generateDataKey() }));
    expect(other.pinHmac('21403199100123')).not.toBe(c.pinHmac('21403199100123'));
    // the data key does not enter the hash: rotation keeps every hash valid
    expect(cipherWith(`k2:${k2}`).pinHmac('21403199100123')).toBe(c.pinHmac('21403199100123'));
  });
});

describe('data key configuration', () => {
  const base = { DATABASE_URL: 'postgres://x@localhost/db', JWT_SECRET: 'a-long-enough-secret' };

  it('should refuse to boot, naming the variable, when the keys are missing or malformed', () => {
    expect(() => loadAppConfig({ ...base, DATA_HMAC_KEY: hmacKey })).toThrow(/Invalid configuration: DATA_KEYS/);
    expect(() => loadAppConfig({ ...base, DATA_KEYS: `k1:${k1}` })).toThrow(/Invalid configuration: DATA_HMAC_KEY/);
    expect(() => loadAppConfig({ ...base, DATA_KEYS: 'k1:c2hvcnQ=', DATA_HMAC_KEY: hmacKey })).toThrow(/the key "k1" must be 32 bytes/);
    expect(() => loadAppConfig({ ...base, DATA_KEYS: `k.1:${k1}`, DATA_HMAC_KEY: hmacKey })).toThrow(/id:base64key/);
    expect(() => loadAppConfig({ ...base, DATA_KEYS: `k1:${k1},k1:${k2}`, DATA_HMAC_KEY: hmacKey })).toThrow(/appears twice/);
    expect(() => loadAppConfig({ ...base, DATA_KEYS: `k1:${k1}`, DATA_KEY_ID: 'k9', DATA_HMAC_KEY: hmacKey })).toThrow(/DATA_KEY_ID "k9"/);
    expect(() => loadAppConfig({ ...base, DATA_KEYS: `k1:${k1}`, DATA_HMAC_KEY: 'c2hvcnQ=' })).toThrow(/DATA_HMAC_KEY must be set to at least 32 bytes/);
  });

  it('should take the first key for new writes unless DATA_KEY_ID names another', () => {
    expect(loadAppConfig({ ...base, DATA_KEYS: `a:${k1}, b:${k2}`, DATA_HMAC_KEY: hmacKey }).dataKeys.currentKeyId).toBe('a');
    expect(loadAppConfig({ ...base, DATA_KEYS: `a:${k1},b:${k2}`, DATA_KEY_ID: 'b', DATA_HMAC_KEY: hmacKey }).dataKeys.currentKeyId).toBe('b');
    // URL-safe base64 (what npm start generates) is accepted as well
    const urlSafe = Buffer.alloc(32, 0xfb).toString('base64url');
    expect(loadAppConfig({ ...base, DATA_KEYS: `k1:${urlSafe}`, DATA_HMAC_KEY: urlSafe }).dataKeys.keys.get('k1')).toEqual(Buffer.alloc(32, 0xfb));
  });
});
