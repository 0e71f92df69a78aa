import { createHash, randomBytes } from 'node:crypto';
import { Readable, Transform, TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FieldCipher, keyIdOf } from '../crypto/field-cipher';
import { FileTooLargeError, StoreUnavailableError } from './errors';
import { newObjectKey, ObjectStore } from './object-store';
import { DEFAULT_SEGMENT_BYTES, SegmentDecryptor, SegmentEncryptor } from './segment-format';

export const HEAD_BYTES = 4100;

export type SealedFile = {
  objectKey: string;
  // the file's random data key wrapped under the current DATA_KEY_ID (FieldCipher.wrapDataKey)
  wrappedKey: string;
  // plain bytes
  bytes: number;
  // hex sha256 of the plain bytes (duplicate checks)
  sha256: string;
  // the first ≤ 4100 plain bytes, for content sniffing (file-type)
  head: Buffer;
};

// Counts, hashes and keeps the head of the plain bytes; fails with FileTooLargeError as soon as more than maxBytes
// have arrived (the chunk that passes the limit is not forwarded, and the pipeline stops reading the source).
class PlainMeter extends Transform {
  bytes = 0;
  readonly hash = createHash('sha256');
  private headParts: Buffer[] = [];
  private headLen = 0;

  constructor(private readonly maxBytes: number) {
    super();
  }

  get head(): Buffer {
    return Buffer.concat(this.headParts, this.headLen);
  }

  override _transform(chunk: Buffer, _e: BufferEncoding, cb: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) return cb(new FileTooLargeError(this.maxBytes));
    this.hash.update(chunk);
    if (this.headLen < HEAD_BYTES) {
      const part = chunk.subarray(0, HEAD_BYTES - this.headLen);
      this.headParts.push(Buffer.from(part));
      this.headLen += part.length;
    }
    cb(null, chunk);
  }
}

// Files encrypted before they leave the process (segment-format.ts): a random 32-byte data key per file, wrapped
// under DATA_KEYS by the field cipher, so rotating DATA_KEYS re-wraps keys and never rewrites files.
export class EncryptedFiles {
  constructor(
    readonly store: ObjectStore,
    private readonly cipher: FieldCipher,
    private readonly segmentBytes = DEFAULT_SEGMENT_BYTES,
  ) {}

  async seal(plain: Readable, opts: { maxBytes: number }): Promise<SealedFile> {
    const dataKey = randomBytes(32);
    const objectKey = newObjectKey();
    const meter = new PlainMeter(opts.maxBytes);
    const enc = new SegmentEncryptor(dataKey, this.segmentBytes);
    // the store consumes the encrypted stream; a failure anywhere (limit, source, store) destroys the whole chain
    const chain = pipeline(plain, meter, enc);
    const putting = this.store.put(objectKey, enc);
    try {
      await Promise.all([putting, chain]);
    } catch (err) {
      plain.destroy();
      enc.destroy();
      const [, put] = await Promise.allSettled([chain, putting]);
      await this.store.delete(objectKey).catch(() => undefined);
      // the limit is the cause even when the store saw it first as an aborted body; a store that went away is the
      // cause even when the chain saw it first as its stream destroyed
      if (meter.bytes > opts.maxBytes) throw new FileTooLargeError(opts.maxBytes);
      if (put.status === 'rejected' && put.reason instanceof StoreUnavailableError) throw put.reason;
      throw err;
    }
    return { objectKey, wrappedKey: this.cipher.wrapDataKey(dataKey), bytes: meter.bytes, sha256: meter.hash.digest('hex'), head: meter.head };
  }

  // A decrypting stream of the plain bytes; ObjectMissingError if the object is gone. A tampered or truncated object
  // errors the stream (FileIntegrityError) at the first bad segment, before any of that segment's bytes are emitted.
  async open(f: { objectKey: string; wrappedKey: string }): Promise<Readable> {
    const dataKey = this.cipher.unwrapDataKey(f.wrappedKey);
    const raw = await this.store.get(f.objectKey);
    const dec = new SegmentDecryptor(dataKey);
    raw.on('error', (err) => dec.destroy(err));
    dec.on('close', () => raw.destroy());
    return raw.pipe(dec);
  }

  async remove(objectKey: string): Promise<void> {
    await this.store.delete(objectKey);
  }

  rewrap(wrappedKey: string): string {
    return this.needsRewrap(wrappedKey) ? this.cipher.wrapDataKey(this.cipher.unwrapDataKey(wrappedKey)) : wrappedKey;
  }

  needsRewrap(wrappedKey: string): boolean {
    return keyIdOf(wrappedKey) !== this.cipher.currentKeyId;
  }
}
