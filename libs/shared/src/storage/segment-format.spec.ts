import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { FileIntegrityError } from './errors';
import { HEADER_BYTES, openSegment, sealedSize, sealSegment, SEGMENT_OVERHEAD, SegmentDecryptor, SegmentEncryptor } from './segment-format';

const collect = async (s: Readable): Promise<Buffer> => {
  const parts: Buffer[] = [];
  for await (const c of s) parts.push(c as Buffer);
  return Buffer.concat(parts);
};
const encrypt = (key: Buffer, plain: Buffer, seg: number, chunk = 7) => {
  const parts: Buffer[] = [];
  for (let i = 0; i < plain.length; i += chunk) parts.push(plain.subarray(i, i + chunk));
  return collect(Readable.from(parts).pipe(new SegmentEncryptor(key, seg)));
};
const decrypt = (key: Buffer, sealed: Buffer, chunk = 5) => {
  const parts: Buffer[] = [];
  for (let i = 0; i < sealed.length; i += chunk) parts.push(sealed.subarray(i, i + chunk));
  return collect(Readable.from(parts).pipe(new SegmentDecryptor(key)));
};

describe('segment format', () => {
  const key = randomBytes(32);
  const hdr = Buffer.concat([Buffer.from('KYF1'), Buffer.from([0, 0, 0, 16])]);

  it.each([0, 1, 15, 16, 17, 32, 33, 100])('round-trips %i bytes in 16-byte segments, whatever the chunking', async (n) => {
    const plain = randomBytes(n);
    const sealed = await encrypt(key, plain, 16);
    expect(sealed.length).toBe(sealedSize(n, 16));
    expect(sealed.subarray(0, 4).toString()).toBe('KYF1');
    expect(Buffer.compare(await decrypt(key, sealed), plain)).toBe(0);
    expect(Buffer.compare(await decrypt(key, sealed, 1000), plain)).toBe(0);
  });

  it('every segment has its own IV: the same bytes seal differently', async () => {
    const plain = Buffer.alloc(64, 1);
    const a = await encrypt(key, plain, 16);
    expect(
      a.subarray(HEADER_BYTES, HEADER_BYTES + 12).equals(a.subarray(HEADER_BYTES + 16 + SEGMENT_OVERHEAD, HEADER_BYTES + 16 + SEGMENT_OVERHEAD + 12)),
    ).toBe(false);
    expect((await encrypt(key, plain, 16)).equals(a)).toBe(false);
  });

  it('the index and the final flag are authenticated', () => {
    const rec = sealSegment(key, hdr, 3, false, Buffer.from('abc'));
    expect(openSegment(key, hdr, 3, false, rec).toString()).toBe('abc');
    expect(() => openSegment(key, hdr, 2, false, rec)).toThrow(FileIntegrityError);
    expect(() => openSegment(key, hdr, 3, true, rec)).toThrow(FileIntegrityError);
    expect(() => openSegment(randomBytes(32), hdr, 3, false, rec)).toThrow(FileIntegrityError);
    const otherHdr = Buffer.from(hdr);
    otherHdr[7] = 32;
    expect(() => openSegment(key, otherHdr, 3, false, rec)).toThrow(FileIntegrityError);
    expect(() => openSegment(key, hdr, 3, false, rec.subarray(0, 20))).toThrow(FileIntegrityError);
  });

  it('truncation at a segment boundary, a dropped final segment and extra bytes fail', async () => {
    const sealed = await encrypt(key, randomBytes(40), 16);
    const rec = 16 + SEGMENT_OVERHEAD;
    await expect(decrypt(key, sealed.subarray(0, HEADER_BYTES + 2 * rec))).rejects.toBeInstanceOf(FileIntegrityError);
    await expect(decrypt(key, sealed.subarray(0, HEADER_BYTES))).rejects.toBeInstanceOf(FileIntegrityError);
    await expect(decrypt(key, Buffer.concat([sealed, Buffer.from([1])]))).rejects.toBeInstanceOf(FileIntegrityError);
    await expect(decrypt(key, Buffer.from('not a file at all'))).rejects.toBeInstanceOf(FileIntegrityError);
  });

  it('refuses an absurd segment size in a header', async () => {
    const bad = Buffer.concat([Buffer.from('KYF1'), Buffer.from([0xff, 0xff, 0xff, 0xff]), randomBytes(40)]);
    await expect(decrypt(key, bad)).rejects.toThrow(/not an encrypted Kaytuu file/);
  });
});
