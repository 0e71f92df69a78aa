import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Readable, Writable } from 'node:stream';
import { ImportError } from './imports.errors';

// busboy 1.x ships no types (and @types/busboy is not installed): the part of its API used here, loaded untyped.
type FileStream = Readable & { truncated: boolean };
type Busboy = Writable & {
  on(event: 'file', listener: (name: string, stream: FileStream, info: { filename: string }) => void): Busboy;
  on(event: 'field', listener: (name: string, value: string) => void): Busboy;
  on(event: 'close', listener: () => void): Busboy;
  on(event: 'error', listener: (err: Error) => void): Busboy;
};
type BusboyConfig = {
  headers: IncomingHttpHeaders;
  defParamCharset?: string;
  limits?: { fileSize?: number; files?: number; fields?: number; fieldSize?: number; parts?: number };
};
// busboy ships no types and no ES module entry: loaded as CommonJS and typed by the shapes above
// eslint-disable-next-line @typescript-eslint/no-require-imports
const busboy = require('busboy') as (config: BusboyConfig) => Busboy;

export type UploadFields = { officeId?: string };
// What the import service reads: the file's bytes as they arrive, its name, and the other form fields, known only
// once the whole form has been read (a field may follow the file).
export type Upload = { file: AsyncIterable<Buffer>; fileName: string; fields: Promise<UploadFields> };

// Slack for the multipart envelope (boundaries, part headers, the officeId field) over the file's own size limit.
const ENVELOPE_BYTES = 64 * 1024;

// Streams a multipart/form-data upload with one part "file" (and an optional "officeId") into `handle`, refusing a
// file over `maxBytes` with 413 as soon as the limit is passed (or at once when Content-Length says so).
export function receiveUpload<T>(req: IncomingMessage, maxBytes: number, handle: (upload: Upload) => Promise<T>): Promise<T> {
  if (!/^multipart\/form-data/i.test(req.headers['content-type'] ?? '')) return Promise.reject(ImportError.notMultipart());
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes + ENVELOPE_BYTES) return Promise.reject(ImportError.tooLarge(maxBytes));

  return new Promise<T>((resolve, reject) => {
    let bb: Busboy;
    try {
      bb = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { fileSize: maxBytes, files: 1, fields: 2, fieldSize: 200, parts: 3 } });
    } catch {
      reject(ImportError.notMultipart());
      return;
    }
    const fields: UploadFields = {};
    let fieldError: ImportError | null = null;
    let settleFields!: { resolve: (f: UploadFields) => void; reject: (e: unknown) => void };
    const fieldsPromise = new Promise<UploadFields>((res, rej) => (settleFields = { resolve: res, reject: rej }));
    // the handler may never get to read the fields (a bad header fails first): no unhandled rejection then
    fieldsPromise.catch(() => undefined);
    let handling: Promise<T> | null = null;
    let failed = false;
    const fail = (err: unknown) => {
      if (failed) return;
      failed = true;
      req.unpipe(bb);
      settleFields.reject(err);
      reject(err);
    };

    bb.on('field', (name, value) => {
      if (name === 'officeId') fields.officeId = value.trim() || undefined;
      else fieldError ??= ImportError.unexpectedField(name);
    });
    bb.on('file', (name, stream, info) => {
      if (name !== 'file' || handling) {
        fieldError ??= ImportError.unexpectedField(name);
        stream.resume();
        return;
      }
      // busboy stops the file at the limit and marks it truncated; the reader then fails instead of seeing a short file
      const file = (async function* () {
        for await (const chunk of stream as AsyncIterable<Buffer>) yield chunk;
        if (stream.truncated) throw ImportError.tooLarge(maxBytes);
      })();
      handling = handle({ file, fileName: cleanFileName(info.filename), fields: fieldsPromise });
      handling.then((v) => (failed ? undefined : resolve(v)), fail);
    });
    bb.on('close', () => {
      if (fieldError) return fail(fieldError);
      if (!handling) return fail(ImportError.fileRequired());
      settleFields.resolve(fields);
    });
    bb.on('error', (err) => fail(ImportError.malformed(null, `the form data is broken (${err.message})`)));
    req.on('aborted', () => fail(ImportError.malformed(null, 'the upload was interrupted')));
    req.pipe(bb);
  });
}

// Only the base name, without control characters, at most 200 characters: it is shown in lists and audit rows.
function cleanFileName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const clean = base
    // control characters are exactly what is stripped from a file name
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .slice(0, 200);
  return clean || 'import.csv';
}
