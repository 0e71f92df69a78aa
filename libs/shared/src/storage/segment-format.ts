import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Transform, TransformCallback } from 'node:stream';
import { FileIntegrityError } from './errors';

// The format of an encrypted file in the object store (a variant of the STREAM construction):
//   header   = "KYF1" | uint32be plain segment size (64 KiB)                                   8 bytes
//   segment  = iv (12 random bytes) | AES-256-GCM ciphertext of ≤ segment size plain bytes | tag (16)
//   AAD of a segment = header | uint64be segment index | final flag (1 byte: 1 for the last segment, else 0)
// Every segment but the last holds exactly `segment size` plain bytes; the last holds 0..segment size (an empty file
// is one empty final segment). The index and the final flag are authenticated, so reordered, dropped, duplicated or
// truncated segments fail (a file cut at a segment boundary ends on a segment sealed as not final), and the header is
// in every AAD, so it cannot be altered either. Memory is one segment each way, whatever the file's size.
export const SEGMENT_MAGIC = Buffer.from('KYF1', 'ascii');
export const HEADER_BYTES = 8;
export const DEFAULT_SEGMENT_BYTES = 64 * 1024;
export const MAX_SEGMENT_BYTES = 1024 * 1024;
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const SEGMENT_OVERHEAD = IV_BYTES + TAG_BYTES;

function header(segmentBytes: number): Buffer {
  const h = Buffer.alloc(HEADER_BYTES);
  SEGMENT_MAGIC.copy(h, 0);
  h.writeUInt32BE(segmentBytes, 4);
  return h;
}

function aad(hdr: Buffer, index: number, final: boolean): Buffer {
  const a = Buffer.alloc(hdr.length + 9);
  hdr.copy(a, 0);
  a.writeBigUInt64BE(BigInt(index), hdr.length);
  a[hdr.length + 8] = final ? 1 : 0;
  return a;
}

// A segment's record as pieces (iv, ciphertext of each plain piece, tag): the plain bytes are never copied together
// first, so a segment costs one buffer of ciphertext, not three copies of it.
export function sealSegmentParts(key: Buffer, hdr: Buffer, index: number, final: boolean, plain: Buffer[]): Buffer[] {
  const iv = randomBytes(IV_BYTES);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(aad(hdr, index, final));
  const out = [iv];
  for (const p of plain) if (p.length) out.push(c.update(p));
  c.final(); // GCM: no bytes, only the tag
  out.push(c.getAuthTag());
  return out;
}

export function sealSegment(key: Buffer, hdr: Buffer, index: number, final: boolean, plain: Buffer): Buffer {
  return Buffer.concat(sealSegmentParts(key, hdr, index, final, [plain]));
}

// Opens a record given as pieces (as they arrived: no copy to join them). The plain pieces are returned only once
// the tag has been checked, so nothing of a bad segment is ever released.
export function openSegmentParts(key: Buffer, hdr: Buffer, index: number, final: boolean, record: Buffer[], length: number): Buffer[] {
  if (length < SEGMENT_OVERHEAD) throw new FileIntegrityError('truncated segment');
  const iv = sliceOf(record, 0, IV_BYTES);
  const tag = sliceOf(record, length - TAG_BYTES, length);
  const d = createDecipheriv('aes-256-gcm', key, iv);
  d.setAAD(aad(hdr, index, final));
  d.setAuthTag(tag);
  const out: Buffer[] = [];
  let pos = 0;
  for (const piece of record) {
    const from = Math.max(IV_BYTES, pos);
    const to = Math.min(length - TAG_BYTES, pos + piece.length);
    if (to > from) out.push(d.update(piece.subarray(from - pos, to - pos)));
    pos += piece.length;
  }
  try {
    d.final();
  } catch {
    throw new FileIntegrityError(`segment ${index} does not authenticate: tampered, truncated, reordered or a wrong key`);
  }
  return out;
}

export function openSegment(key: Buffer, hdr: Buffer, index: number, final: boolean, record: Buffer): Buffer {
  return Buffer.concat(openSegmentParts(key, hdr, index, final, [record], record.length));
}

// bytes [from, to) of a list of pieces (small: the IV or the tag)
function sliceOf(pieces: Buffer[], from: number, to: number): Buffer {
  const out = Buffer.alloc(to - from);
  let pos = 0;
  for (const p of pieces) {
    const a = Math.max(from, pos);
    const b = Math.min(to, pos + p.length);
    if (b > a) p.copy(out, a - from, a - pos, b - pos);
    pos += p.length;
  }
  return out;
}

// Collects chunks and hands out exact-size pieces without copying more than needed.
class ByteQueue {
  private chunks: Buffer[] = [];
  length = 0;
  push(b: Buffer): void {
    if (b.length) {
      this.chunks.push(b);
      this.length += b.length;
    }
  }
  // the first n bytes as the pieces they arrived in (views, no copy)
  takeParts(n: number): Buffer[] {
    const out: Buffer[] = [];
    let got = 0;
    while (got < n) {
      const head = this.chunks[0];
      const want = n - got;
      if (head.length <= want) {
        out.push(head);
        got += head.length;
        this.chunks.shift();
      } else {
        out.push(head.subarray(0, want));
        this.chunks[0] = head.subarray(want);
        got += want;
      }
    }
    this.length -= n;
    return out;
  }
  take(n: number): Buffer {
    const parts = this.takeParts(n);
    return parts.length === 1 ? parts[0] : Buffer.concat(parts, n);
  }
}

// plain bytes in → header and sealed segments out. A segment is sealed as not final only once a byte after it has
// arrived, so the last one is always sealed final (in flush).
export class SegmentEncryptor extends Transform {
  private readonly hdr: Buffer;
  private readonly queue = new ByteQueue();
  private index = 0;

  constructor(
    private readonly key: Buffer,
    private readonly segmentBytes = DEFAULT_SEGMENT_BYTES,
  ) {
    super();
    if (!Number.isInteger(segmentBytes) || segmentBytes < 1 || segmentBytes > MAX_SEGMENT_BYTES) throw new Error('bad segment size');
    this.hdr = header(segmentBytes);
    this.push(this.hdr);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.queue.push(chunk);
    while (this.queue.length > this.segmentBytes) this.emit_(false, this.queue.takeParts(this.segmentBytes));
    cb();
  }

  override _flush(cb: TransformCallback): void {
    this.emit_(true, this.queue.takeParts(this.queue.length));
    cb();
  }

  private emit_(final: boolean, plain: Buffer[]): void {
    for (const b of sealSegmentParts(this.key, this.hdr, this.index++, final, plain)) this.push(b);
  }
}

// header and sealed segments in → plain bytes out; errors with FileIntegrityError on any tampering, truncation,
// reordering or a wrong key. A full-size record is opened as not final once a byte after it has arrived; what is left
// at the end is opened as final.
export class SegmentDecryptor extends Transform {
  private hdr: Buffer | null = null;
  private recordBytes = 0;
  private readonly queue = new ByteQueue();
  private index = 0;

  constructor(private readonly key: Buffer) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    try {
      this.queue.push(chunk);
      if (!this.hdr) {
        if (this.queue.length < HEADER_BYTES) return cb();
        const h = this.queue.take(HEADER_BYTES);
        const size = h.readUInt32BE(4);
        if (!h.subarray(0, 4).equals(SEGMENT_MAGIC) || size < 1 || size > MAX_SEGMENT_BYTES) throw new FileIntegrityError('not an encrypted Kaytuu file');
        this.hdr = h;
        this.recordBytes = size + SEGMENT_OVERHEAD;
      }
      while (this.queue.length > this.recordBytes) this.open_(false, this.recordBytes);
      cb();
    } catch (err) {
      cb(err as Error);
    }
  }

  private open_(final: boolean, n: number): void {
    for (const b of openSegmentParts(this.key, this.hdr!, this.index++, final, this.queue.takeParts(n), n)) this.push(b);
  }

  override _flush(cb: TransformCallback): void {
    try {
      if (!this.hdr) throw new FileIntegrityError('truncated header');
      if (this.queue.length < SEGMENT_OVERHEAD) throw new FileIntegrityError('truncated: no final segment');
      this.open_(true, this.queue.length);
      cb();
    } catch (err) {
      cb(err as Error);
    }
  }
}

// The stored size of a file of `plainBytes` bytes.
export function sealedSize(plainBytes: number, segmentBytes = DEFAULT_SEGMENT_BYTES): number {
  const segments = Math.max(1, Math.ceil(plainBytes / segmentBytes));
  return HEADER_BYTES + plainBytes + segments * SEGMENT_OVERHEAD;
}
