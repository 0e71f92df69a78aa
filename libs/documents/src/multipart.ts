import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Readable, Writable } from 'node:stream';
import { DocumentsError } from './documents.errors';

// busboy 1.x ships no types: the part of its API used here (as in libs/imports/src/multipart.ts).
type FileStream = Readable & { truncated: boolean };
type Busboy = Writable & {
  on(event: 'file', listener: (name: string, stream: FileStream, info: { filename: string }) => void): Busboy;
  on(event: 'field', listener: (name: string, value: string, info: { valueTruncated: boolean; nameTruncated: boolean }) => void): Busboy;
  on(event: 'close', listener: () => void): Busboy;
  on(event: 'error', listener: (err: Error) => void): Busboy;
  on(event: 'fieldsLimit' | 'filesLimit' | 'partsLimit', listener: () => void): Busboy;
};
type BusboyConfig = {
  headers: IncomingHttpHeaders;
  defParamCharset?: string;
  limits?: { fileSize?: number; files?: number; fields?: number; fieldSize?: number; fieldNameSize?: number; parts?: number };
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const busboy = require('busboy') as (config: BusboyConfig) => Busboy;

// A field longer than this is refused as a whole (a 10,000-character title still reaches validation and gets its 400)
const FIELD_BYTES = 64 * 1024;
const MAX_FIELDS = 16;
// the multipart envelope (boundaries, part headers, the fields) over the file's own size
const ENVELOPE_BYTES = MAX_FIELDS * FIELD_BYTES + 64 * 1024;

export type DocumentUpload = { fields: Record<string, string>; file: Readable; fileName: string; fileTruncated: () => boolean };

// Streams a multipart/form-data upload: the form fields FIRST, then one part `file`, handed to `handle` as it arrives
// (never buffered whole). A field after the file is ignored; a second file or another part name is a 400. A body whose declared
// length is already over the limit is refused before it is read. `maxBytes` caps the file as busboy reads it (one
// byte over, so the reader sees that it is too large and stops).
export function receiveDocumentUpload<T>(req: IncomingMessage, maxBytes: number, handle: (upload: DocumentUpload) => Promise<T>): Promise<T> {
  if (!/^multipart\/form-data/i.test(req.headers['content-type'] ?? '')) return Promise.reject(DocumentsError.notMultipart());
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes + ENVELOPE_BYTES) return Promise.reject(DocumentsError.tooLarge(maxBytes));

  return new Promise<T>((resolve, reject) => {
    let bb: Busboy;
    try {
      bb = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        limits: { fileSize: maxBytes + 1, files: 1, fields: MAX_FIELDS, fieldSize: FIELD_BYTES, fieldNameSize: 100, parts: MAX_FIELDS + 1 },
      });
    } catch {
      reject(DocumentsError.notMultipart());
      return;
    }
    // no prototype: a field named __proto__ is just a (refused) field
    const fields: Record<string, string> = Object.create(null) as Record<string, string>;
    let fieldError: Error | null = null;
    let handling: Promise<T> | null = null;
    let file: FileStream | null = null;
    let failed = false;
    const fail = (err: unknown) => {
      if (failed) return;
      failed = true;
      req.unpipe(bb);
      // a file still arriving ends in an error, so the store's writer stops and removes what it began
      if (file && !file.readableEnded && !file.destroyed) file.destroy(err instanceof Error ? err : new Error(String(err)));
      reject(err);
    };

    bb.on('field', (name, value, info) => {
      // a field after the file comes too late to count (the file is already being stored under the fields before it)
      if (handling) return;
      if (info.valueTruncated || info.nameTruncated) fieldError ??= DocumentsError.malformed(`the field "${name.slice(0, 60)}" is too long`);
      else if (Object.prototype.hasOwnProperty.call(fields, name)) fieldError ??= DocumentsError.malformed(`the field "${name.slice(0, 60)}" is given twice`);
      else fields[name] = value;
    });
    // what comes after the file cannot undo it: only problems before the file refuse the upload
    const refuse = (err: Error) => {
      if (!handling) fieldError ??= err;
    };
    bb.on('fieldsLimit', () => refuse(DocumentsError.malformed('too many form fields')));
    bb.on('partsLimit', () => refuse(DocumentsError.malformed('too many form parts')));
    bb.on('filesLimit', () => refuse(DocumentsError.malformed('only one file per upload')));
    bb.on('file', (name, stream, info) => {
      if (name !== 'file' || handling) {
        refuse(DocumentsError.unexpectedPart(name));
        stream.resume();
        return;
      }
      if (fieldError) {
        // the fields are already refused: the file is not worth reading
        fail(fieldError);
        return;
      }
      file = stream;
      // the reader listens for errors once it starts; one refused before that must not be an unhandled 'error'
      stream.on('error', () => undefined);
      handling = handle({ fields: { ...fields }, file: stream, fileName: info.filename ?? '', fileTruncated: () => stream.truncated });
      handling.then((v) => (failed ? undefined : settle(v)), fail);
    });
    let closed = false;
    let result: { v: T } | null = null;
    const settle = (v: T) => {
      result = { v };
      if (closed) done();
    };
    const done = () => {
      if (failed) return;
      if (fieldError) return fail(fieldError);
      if (!handling) return fail(DocumentsError.fileRequired());
      if (result) resolve(result.v);
    };
    bb.on('close', () => {
      closed = true;
      done();
    });
    bb.on('error', (err) => fail(DocumentsError.malformed(`the form data is broken (${err.message})`)));
    req.on('aborted', () => fail(DocumentsError.malformed('the upload was interrupted')));
    req.on('close', () => {
      if (!req.complete) fail(DocumentsError.malformed('the upload was interrupted'));
    });
    req.pipe(bb);
  });
}
