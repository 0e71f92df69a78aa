import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PassThrough, Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ObjectMissingError, StoreUnavailableError } from './errors';

// Raw bytes in and out (the bytes are already encrypted, see encrypted-files.ts). Keys are random ids made by
// newObjectKey(): no personal data in an object's name, and no metadata is stored with it.
export type ObjectStoreKind = 'fs' | 's3';
export type StoredObject = { key: string; bytes: number; modifiedAt: Date };

export interface ObjectStore {
  readonly kind: ObjectStoreKind;
  // streams the body to the store; if the body fails or the store goes away, nothing is left behind (fs: the temp file
  // is removed; s3: the multipart upload is aborted) and the promise rejects
  put(key: string, body: Readable): Promise<{ bytes: number }>;
  // ObjectMissingError when absent; StoreUnavailableError when the store does not answer
  get(key: string): Promise<Readable>;
  exists(key: string): Promise<boolean>;
  // idempotent
  delete(key: string): Promise<void>;
  list(): AsyncIterable<StoredObject>;
  // releases connections (s3); a no-op for fs
  close(): Promise<void>;
}

const KEY_RE = /^[a-z0-9]{16,64}$/;

// 32 lowercase hex characters (128 random bits)
export function newObjectKey(): string {
  return randomBytes(16).toString('hex');
}

export function assertObjectKey(key: string): void {
  if (!KEY_RE.test(key)) throw new Error('Invalid object key (expected 16-64 lowercase letters and digits)');
}

// Counts the bytes passing through.
class Counter extends Transform {
  bytes = 0;
  override _transform(chunk: Buffer, _e: BufferEncoding, cb: (err?: Error | null, data?: Buffer) => void): void {
    this.bytes += chunk.length;
    cb(null, chunk);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Filesystem: <dir>/<key[0..2]>/<key[2..4]>/<key>; a put writes <dir>/.tmp/<key>.<random>.part and renames it into
// place once complete, so a reader never sees a partial file and a failed put leaves nothing behind (a crash can leave
// a .part file, which the orphan sweep removes after an hour).
export class FsObjectStore implements ObjectStore {
  readonly kind = 'fs' as const;
  readonly dir: string;
  readonly tmpDir: string;

  constructor(dir: string) {
    this.dir = resolve(dir);
    this.tmpDir = join(this.dir, '.tmp');
  }

  pathOf(key: string): string {
    assertObjectKey(key);
    return join(this.dir, key.slice(0, 2), key.slice(2, 4), key);
  }

  async put(key: string, body: Readable): Promise<{ bytes: number }> {
    const final = this.pathOf(key);
    await mkdir(this.tmpDir, { recursive: true });
    const tmp = join(this.tmpDir, `${key}.${randomBytes(6).toString('hex')}.part`);
    const counter = new Counter();
    try {
      await pipeline(body, counter, createWriteStream(tmp, { flags: 'wx' }));
      await mkdir(join(final, '..'), { recursive: true });
      await rename(tmp, final);
      return { bytes: counter.bytes };
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      throw wrapFsError(err);
    }
  }

  async get(key: string): Promise<Readable> {
    const path = this.pathOf(key);
    // open first, so a missing file is an error here and not later on the stream
    const s = createReadStream(path);
    await new Promise<void>((ok, fail) => {
      s.once('open', () => ok());
      s.once('error', fail);
    }).catch((err: NodeJS.ErrnoException) => {
      throw err.code === 'ENOENT' ? new ObjectMissingError(key) : wrapFsError(err);
    });
    return s;
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(key))).isFile();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw wrapFsError(err);
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true }).catch((err: unknown) => {
      throw wrapFsError(err);
    });
  }

  async *list(): AsyncIterable<StoredObject> {
    for (const a of await dirNames(this.dir)) {
      if (!/^[a-z0-9]{2}$/.test(a)) continue;
      for (const b of await dirNames(join(this.dir, a))) {
        for (const key of await dirNames(join(this.dir, a, b))) {
          if (!KEY_RE.test(key)) continue;
          const st = await stat(join(this.dir, a, b, key)).catch(() => null);
          if (st?.isFile()) yield { key, bytes: st.size, modifiedAt: st.mtime };
        }
      }
    }
  }

  // temp files of puts that never finished (a crash), older than the cutoff: the orphan sweep removes them
  async sweepTemp(olderThan: Date): Promise<number> {
    let n = 0;
    for (const name of await dirNames(this.tmpDir)) {
      const p = join(this.tmpDir, name);
      const st = await stat(p).catch(() => null);
      if (st && st.mtime < olderThan) {
        await unlink(p).catch(() => undefined);
        n++;
      }
    }
    return n;
  }

  async close(): Promise<void> {}
}

async function dirNames(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw wrapFsError(err);
  }
}

function wrapFsError(err: unknown): Error {
  const code = (err as NodeJS.ErrnoException)?.code;
  // a disk that is full, read-only or gone; anything else (the body's own error) passes through
  if (code && ['ENOSPC', 'EROFS', 'EIO', 'EACCES', 'EPERM', 'EDQUOT'].includes(code)) return new StoreUnavailableError(`filesystem: ${code}`, { cause: err });
  return err as Error;
}

// ---------------------------------------------------------------------------------------------------------------
// S3 (MinIO, Ceph, a cloud bucket) through the AWS SDK v3. The SDK is loaded only when this store is chosen.
export type S3Settings = {
  endpoint?: string;
  bucket: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
  // multipart part size (lib-storage's minimum is 5 MiB)
  partSize?: number;
};

type S3Sdk = typeof import('@aws-sdk/client-s3');

export class S3ObjectStore implements ObjectStore {
  readonly kind = 's3' as const;
  private readonly sdk: S3Sdk;
  readonly client: import('@aws-sdk/client-s3').S3Client;

  constructor(readonly settings: S3Settings) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    this.sdk = require('@aws-sdk/client-s3') as S3Sdk;
    this.client = new this.sdk.S3Client({
      endpoint: settings.endpoint,
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      credentials:
        settings.accessKeyId && settings.secretAccessKey ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } : undefined,
      maxAttempts: 2,
    });
  }

  async put(key: string, body: Readable): Promise<{ bytes: number }> {
    assertObjectKey(key);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Upload } = require('@aws-sdk/lib-storage') as typeof import('@aws-sdk/lib-storage');
    const counter = new Counter();
    const pass = new PassThrough();
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.settings.bucket, Key: key, Body: pass, ContentType: 'application/octet-stream' },
      partSize: this.settings.partSize ?? 5 * 1024 * 1024,
      queueSize: 2,
      leavePartsOnError: false,
    });
    // whichever fails first decides the error: the body's own (a limit passed, a client gone), or the store's (the
    // upload failing, or the SDK giving up on the stream it reads)
    let first: { from: 'body' | 'store'; err: unknown } | null = null;
    body.once('error', (err) => {
      first ??= { from: 'body', err };
      void upload.abort().catch(() => undefined);
    });
    pass.once('error', (err) => (first ??= { from: 'store', err }));
    const feeding = pipeline(body, counter, pass);
    const uploading = upload.done().catch((err: unknown) => {
      first ??= { from: 'store', err };
      throw err;
    });
    try {
      await Promise.all([uploading, feeding]);
      return { bytes: counter.bytes };
    } catch {
      body.destroy();
      pass.destroy();
      await Promise.allSettled([uploading, feeding]);
      await upload.abort().catch(() => undefined);
      // a single-part upload may have completed just before the failure: remove it (best effort; if the store is
      // gone, the orphan sweep removes it later)
      await this.client.send(new this.sdk.DeleteObjectCommand({ Bucket: this.settings.bucket, Key: key })).catch(() => undefined);
      const f = first as { from: 'body' | 'store'; err: unknown } | null;
      if (f?.from === 'body') throw f.err;
      throw this.wrap(f?.err, 'put');
    }
  }

  async get(key: string): Promise<Readable> {
    assertObjectKey(key);
    try {
      const r = await this.client.send(new this.sdk.GetObjectCommand({ Bucket: this.settings.bucket, Key: key }));
      return r.Body as Readable;
    } catch (err) {
      if (isNotFound(err)) throw new ObjectMissingError(key);
      throw this.wrap(err, 'get');
    }
  }

  async exists(key: string): Promise<boolean> {
    assertObjectKey(key);
    try {
      await this.client.send(new this.sdk.HeadObjectCommand({ Bucket: this.settings.bucket, Key: key }));
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw this.wrap(err, 'exists');
    }
  }

  async delete(key: string): Promise<void> {
    assertObjectKey(key);
    try {
      await this.client.send(new this.sdk.DeleteObjectCommand({ Bucket: this.settings.bucket, Key: key }));
    } catch (err) {
      if (isNotFound(err)) return;
      throw this.wrap(err, 'delete');
    }
  }

  async *list(): AsyncIterable<StoredObject> {
    let token: string | undefined;
    do {
      let page: import('@aws-sdk/client-s3').ListObjectsV2CommandOutput;
      try {
        page = await this.client.send(new this.sdk.ListObjectsV2Command({ Bucket: this.settings.bucket, ContinuationToken: token }));
      } catch (err) {
        throw this.wrap(err, 'list');
      }
      for (const o of page.Contents ?? []) {
        if (o.Key && KEY_RE.test(o.Key)) yield { key: o.Key, bytes: Number(o.Size ?? 0), modifiedAt: o.LastModified ?? new Date(0) };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async close(): Promise<void> {
    this.client.destroy();
  }

  private wrap(err: unknown, op: string): Error {
    if (err instanceof ObjectMissingError || err instanceof StoreUnavailableError) return err;
    const name = (err as { name?: string })?.name ?? 'Error';
    return new StoreUnavailableError(`s3 ${op}: ${name}`, { cause: err });
  }
}

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
}

// ---------------------------------------------------------------------------------------------------------------
// The one place that chooses the store (like queue-backend.ts): FILE_STORE=fs|s3, default fs, s3 when S3_BUCKET is set.
export type ObjectStoreSettings = { kind: 'fs'; dir: string } | ({ kind: 's3' } & S3Settings);

export function createObjectStore(s: ObjectStoreSettings): ObjectStore {
  return s.kind === 's3' ? new S3ObjectStore(s) : new FsObjectStore(s.dir);
}
