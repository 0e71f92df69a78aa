import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import {
  createObjectStore,
  EncryptedFiles,
  FileIntegrityError,
  FileTooLargeError,
  FsObjectStore,
  HEADER_BYTES,
  newObjectKey,
  ObjectMissingError,
  ObjectStore,
  objectStoreSettings,
  S3ObjectStore,
  SEGMENT_OVERHEAD,
  StoreUnavailableError,
} from '@kaytuu/shared';
import { testCipher } from '../support/data-keys';
import { S3Handle, startS3 } from '../support/s3';

// ONE contract for both object stores (issue 17): the filesystem store and the S3 store against a real S3-protocol
// server (s3rver, a child process), through the same config path the app uses (objectStoreSettings).

const MB = 1024 * 1024;
const SEG = 64 * 1024;
const RECORD = SEG + SEGMENT_OVERHEAD;

async function readAll(s: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of s) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

// A lazily generated source of `total` pseudo-random bytes in 64 KiB chunks that records how much was read and the
// largest gap between what it produced and what `drained()` has seen leave the other end.
function source(total: number, seed = 7) {
  let produced = 0;
  let consumed = 0;
  let maxInFlight = 0;
  const hash = createHash('sha256');
  const first = Buffer.alloc(Math.min(total, 4100));
  const chunk = (n: number) => {
    const b = Buffer.alloc(n);
    for (let i = 0; i + 4 <= n; i += 4) b.writeUInt32LE((Math.imul(produced + i, 2654435761) ^ seed) >>> 0, i);
    return b;
  };
  const stream = new Readable({
    read() {
      if (produced >= total) return void this.push(null);
      const b = chunk(Math.min(SEG, total - produced));
      if (produced < first.length) b.copy(first, produced, 0, Math.min(b.length, first.length - produced));
      hash.update(b);
      produced += b.length;
      maxInFlight = Math.max(maxInFlight, produced - consumed);
      this.push(b);
    },
  });
  return {
    stream,
    get produced() {
      return produced;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    sha256: () => hash.digest('hex'),
    first,
    // counts the bytes as they reach their destination (the store's encrypted side or the reader)
    drained: () =>
      new Transform({
        transform(c: Buffer, _e, cb) {
          consumed += c.length;
          cb(null, c);
        },
      }),
  };
}

// An ObjectStore wrapper that counts the bytes the real store has pulled from a put's body.
function metered(store: ObjectStore, onBytes: (n: number) => void): ObjectStore {
  return new Proxy(store, {
    get(target, prop, recv) {
      if (prop === 'put') {
        return (key: string, body: Readable) =>
          target.put(
            key,
            body
              .pipe(
                new Transform({
                  transform(c: Buffer, _e, cb) {
                    onBytes(c.length);
                    cb(null, c);
                  },
                }),
              )
              .on('error', () => undefined) as Readable,
          );
      }
      const v = Reflect.get(target, prop, recv) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

async function keys(store: ObjectStore): Promise<string[]> {
  const out: string[] = [];
  for await (const o of store.list()) out.push(o.key);
  return out.sort();
}

async function expectRejects(p: Promise<unknown>, cls: new (...a: never[]) => Error): Promise<void> {
  await expect(p).rejects.toBeInstanceOf(cls);
}

describe.each(['fs', 's3'] as const)('object store contract: %s', (kind) => {
  let s3: S3Handle | null = null;
  let dir = '';
  let store: ObjectStore;
  let files: EncryptedFiles;
  const cipher = testCipher();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kaytuu-files-'));
    if (kind === 's3') s3 = await startS3();
    const settings = objectStoreSettings(kind === 's3' ? s3!.env : { FILES_DIR: dir });
    expect(settings.kind).toBe(kind);
    store = createObjectStore(settings);
    files = new EncryptedFiles(store, cipher);
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    await s3?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  afterEach(async () => {
    for (const k of await keys(store)) await store.delete(k);
  });

  it('puts, gets, tells existence, lists and deletes (idempotently) raw objects', async () => {
    const a = newObjectKey();
    const b = newObjectKey();
    const body = randomBytes(300_000);
    expect(await store.put(a, Readable.from([body.subarray(0, 1000), body.subarray(1000)]))).toEqual({ bytes: body.length });
    expect(await store.put(b, Readable.from([Buffer.alloc(0)]))).toEqual({ bytes: 0 });
    expect(Buffer.compare(await readAll(await store.get(a)), body)).toBe(0);
    expect((await readAll(await store.get(b))).length).toBe(0);
    expect(await store.exists(a)).toBe(true);
    const listed = [];
    for await (const o of store.list()) listed.push(o);
    expect(listed.map((o) => o.key).sort()).toEqual([a, b].sort());
    expect(listed.find((o) => o.key === a)).toMatchObject({ bytes: body.length });
    expect(listed.every((o) => typeof o.modifiedAt.getTime === 'function' && Date.now() - o.modifiedAt.getTime() < 600_000)).toBe(true);
    await store.delete(a);
    await store.delete(a);
    expect(await store.exists(a)).toBe(false);
    await expectRejects(store.get(a), ObjectMissingError);
    expect(await keys(store)).toEqual([b]);
  });

  it('refuses keys that are not random ids (no paths, no names)', async () => {
    for (const bad of ['../etc/passwd', 'Passport_Asanov.pdf', 'ab', '']) {
      await expect(store.put(bad, Readable.from([Buffer.from('x')]))).rejects.toThrow(/Invalid object key/);
    }
  });

  it('a body that fails half way leaves nothing in the store', async () => {
    const key = newObjectKey();
    let n = 0;
    const failing = new Readable({
      read() {
        if (n++ < 20) this.push(randomBytes(SEG));
        else this.destroy(new Error('client went away'));
      },
    });
    await expect(store.put(key, failing)).rejects.toThrow('client went away');
    expect(await store.exists(key)).toBe(false);
    expect(await keys(store)).toEqual([]);
    if (kind === 'fs') expect(readdirSync(join(dir, '.tmp'))).toEqual([]);
  });

  it('an encrypted multi-MB file makes the round trip in constant memory', async () => {
    const total = 24 * MB + 12345;
    const src = source(total);
    let stored = 0;
    let maxAhead = 0;
    const meteredFiles = new EncryptedFiles(
      metered(store, (n) => {
        stored += n;
        maxAhead = Math.max(maxAhead, src.produced - stored);
      }),
      cipher,
    );
    const sealed = await meteredFiles.seal(src.stream, { maxBytes: 30 * MB });
    expect(sealed.bytes).toBe(total);
    expect(sealed.sha256).toBe(src.sha256());
    expect(Buffer.compare(sealed.head, src.first)).toBe(0);
    expect(sealed.objectKey).toMatch(/^[0-9a-f]{32}$/);
    // what the source had produced ahead of what the store had taken: bounded by the pipeline's buffers (and on s3 by
    // lib-storage's parts in flight), never the file
    expect(maxAhead).toBeLessThan(kind === 's3' ? 16 * MB : 2 * MB);
    const storedBytes = (await readAll(await store.get(sealed.objectKey))).length;
    expect(storedBytes).toBe(HEADER_BYTES + total + Math.ceil(total / SEG) * SEGMENT_OVERHEAD);

    // reading back: a slow reader pulls a few chunks at a time; the decryptor holds one segment
    const check = source(total);
    const out = await files.open(sealed);
    const hash = createHash('sha256');
    let read = 0;
    let maxBuffered = 0;
    for await (const c of out) {
      hash.update(c as Buffer);
      read += (c as Buffer).length;
      maxBuffered = Math.max(maxBuffered, out.readableLength);
    }
    expect(read).toBe(total);
    expect(hash.digest('hex')).toBe(sealed.sha256);
    expect(maxBuffered).toBeLessThan(2 * MB);
    check.stream.destroy();
  }, 120_000);

  it('stops reading as soon as the limit is passed, and leaves nothing in the store', async () => {
    const src = source(200 * MB);
    await expectRejects(files.seal(src.stream, { maxBytes: 1 * MB }), FileTooLargeError);
    // not read to the end: the limit plus the pipeline's read-ahead
    expect(src.produced).toBeLessThan(4 * MB);
    expect(src.stream.destroyed).toBe(true);
    expect(await keys(store)).toEqual([]);
    if (kind === 'fs') expect(existsSync(join(dir, '.tmp')) ? readdirSync(join(dir, '.tmp')) : []).toEqual([]);
  });

  it('an empty file and a file of exactly one segment round-trip', async () => {
    for (const body of [Buffer.alloc(0), randomBytes(SEG), randomBytes(SEG * 2 + 1)]) {
      const sealed = await files.seal(Readable.from([body]), { maxBytes: MB });
      expect(sealed.bytes).toBe(body.length);
      expect(Buffer.compare(await readAll(await files.open(sealed)), body)).toBe(0);
    }
  });

  describe('a tampered, truncated or reordered file does not decrypt', () => {
    const body = randomBytes(SEG * 4 + 500);
    let sealed: Awaited<ReturnType<EncryptedFiles['seal']>>;
    let raw: Buffer;

    beforeEach(async () => {
      sealed = await files.seal(Readable.from([body]), { maxBytes: MB });
      raw = await readAll(await store.get(sealed.objectKey));
    });

    const replaceWith = async (bytes: Buffer) => {
      await store.put(sealed.objectKey, Readable.from([bytes]));
    };
    const record = (i: number) => raw.subarray(HEADER_BYTES + i * RECORD, HEADER_BYTES + (i + 1) * RECORD);

    it.each([
      [
        'a flipped byte in a segment',
        (r: Buffer) => Buffer.from(r).fill(r[HEADER_BYTES + 3 * RECORD + 100] ^ 1, HEADER_BYTES + 3 * RECORD + 100, HEADER_BYTES + 3 * RECORD + 101),
      ],
      ['a flipped byte in the header', (r: Buffer) => Buffer.from(r).fill(r[7] ^ 1, 7, 8)],
      ['cut at a segment boundary', (r: Buffer) => r.subarray(0, HEADER_BYTES + 2 * RECORD)],
      ['cut inside a segment', (r: Buffer) => r.subarray(0, r.length - 10)],
      ['cut inside the header', (r: Buffer) => r.subarray(0, 5)],
      ['a byte appended', (r: Buffer) => Buffer.concat([r, Buffer.from([0])])],
    ])('%s', async (_name, tamper) => {
      await replaceWith(tamper(raw));
      await expectRejects(readAll(await files.open(sealed)), FileIntegrityError);
    });

    it('two segments swapped, or one dropped', async () => {
      await replaceWith(Buffer.concat([raw.subarray(0, HEADER_BYTES), record(1), record(0), raw.subarray(HEADER_BYTES + 2 * RECORD)]));
      await expectRejects(readAll(await files.open(sealed)), FileIntegrityError);
      await replaceWith(Buffer.concat([raw.subarray(0, HEADER_BYTES), record(0), raw.subarray(HEADER_BYTES + 2 * RECORD)]));
      await expectRejects(readAll(await files.open(sealed)), FileIntegrityError);
    });

    it('a wrong key fails: another DATA_KEYS, or another file’s data key', async () => {
      const other = new EncryptedFiles(store, testCipher({ DATA_KEYS: `t1:${Buffer.alloc(32, 9).toString('base64')}` }));
      await expect(other.open(sealed)).rejects.toThrow(/does not authenticate/);
      const second = await files.seal(Readable.from([body]), { maxBytes: MB });
      await expectRejects(readAll(await files.open({ objectKey: sealed.objectKey, wrappedKey: second.wrappedKey })), FileIntegrityError);
    });
  });

  it('rewrap puts the data key under the new DATA_KEY_ID; the file, unchanged, reads under the new key alone', async () => {
    const body = randomBytes(200_000);
    const sealed = await files.seal(Readable.from([body]), { maxBytes: MB });
    const before = await readAll(await store.get(sealed.objectKey));
    const t2 = Buffer.alloc(32, 5).toString('base64');
    const rotating = new EncryptedFiles(store, testCipher({ DATA_KEYS: `t2:${t2},t1:${Buffer.alloc(32, 1).toString('base64')}`, DATA_KEY_ID: 't2' }));
    expect(rotating.needsRewrap(sealed.wrappedKey)).toBe(true);
    const rewrapped = rotating.rewrap(sealed.wrappedKey);
    expect(rewrapped).toMatch(/^v1\.t2\./);
    expect(rotating.needsRewrap(rewrapped)).toBe(false);
    expect(rotating.rewrap(rewrapped)).toBe(rewrapped);
    const newOnly = new EncryptedFiles(store, testCipher({ DATA_KEYS: `t2:${t2}`, DATA_KEY_ID: 't2' }));
    expect(Buffer.compare(await readAll(await newOnly.open({ objectKey: sealed.objectKey, wrappedKey: rewrapped })), body)).toBe(0);
    await expect(newOnly.open(sealed)).rejects.toThrow(/not in DATA_KEYS/);
    expect(Buffer.compare(await readAll(await store.get(sealed.objectKey)), before)).toBe(0);
  });

  it('no personal data in object names, metadata or stored bytes', async () => {
    const personal = Buffer.from('Asanov Bakyt, PIN 21234199000123, passport AN1234567, phone +996555123456\n'.repeat(50));
    const sealed = await files.seal(Readable.from([personal]), { maxBytes: MB });
    expect(await keys(store)).toEqual([sealed.objectKey]);
    expect(sealed.objectKey).toMatch(/^[0-9a-f]{32}$/);
    const raw = await readAll(await store.get(sealed.objectKey));
    for (const needle of ['Asanov', '21234199000123', 'AN1234567', '996555123456']) expect(raw.includes(Buffer.from(needle))).toBe(false);
    if (store instanceof S3ObjectStore) {
      const head = await store.client.send(new HeadObjectCommand({ Bucket: s3!.bucket, Key: sealed.objectKey }));
      expect(head.Metadata ?? {}).toEqual({});
      expect(head.ContentType).toBe('application/octet-stream');
    } else {
      const path = (store as FsObjectStore).pathOf(sealed.objectKey);
      expect(path.slice(dir.length)).toMatch(/^\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{32}$/);
    }
    expect(sealed.wrappedKey).toMatch(/^v1\.t1\./);
  });

  if (kind === 's3') {
    it('the S3 server going away mid-upload: the upload fails as unavailable, and no object is left', async () => {
      let killed = false;
      const src = source(40 * MB);
      const slow = src.stream.pipe(
        new Transform({
          transform(c: Buffer, _e, cb) {
            if (!killed && src.produced > 12 * MB) {
              killed = true;
              void s3!.kill().then(() => cb(null, c));
              return;
            }
            cb(null, c);
          },
        }),
      );
      const err = await files.seal(slow, { maxBytes: 100 * MB }).catch((e: unknown) => e);
      expect(killed).toBe(true);
      expect(err).toBeInstanceOf(StoreUnavailableError);
      expect(src.produced).toBeLessThan(40 * MB);
      // unavailable while it is down; then back, with nothing in the bucket
      await expectRejects(store.get(newObjectKey()), StoreUnavailableError);
      await s3!.start();
      expect(await keys(store)).toEqual([]);
    }, 120_000);
  }
});
