import { Transform, TransformCallback } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import { ContentType, CONTENT_TYPES, DOCX, XLSX } from './document.entity';
import { DocumentsError } from './documents.errors';

// What a file IS, from its bytes (magic numbers, via file-type), never from its name or the declared MIME type: a PDF
// named .jpg is a PDF; an executable named .pdf is refused. An OOXML file is a zip: DOCX and XLSX are told apart by
// the parts the zip holds (word/… or xl/…); any other zip (a plain archive, an ODF file, a JAR) is refused.

// file-type's own need for a decision on everything but zips
export const SNIFF_BYTES = 4100;
// how much of a zip's beginning is kept to find its parts (OOXML writers put [Content_Types].xml and the main part first)
export const ZIP_PREFIX_BYTES = 256 * 1024;

const ACCEPTED = new Set<string>(CONTENT_TYPES);
const ALIASES: Record<string, ContentType> = { 'image/heif': 'image/heic' };

function accepted(mime: string | undefined): ContentType | null {
  if (!mime) return null;
  const m = ALIASES[mime] ?? mime;
  return ACCEPTED.has(m) ? (m as ContentType) : null;
}

// The names of the entries in the local file headers of a zip's first bytes.
export function zipEntryNames(prefix: Buffer): string[] {
  const names: string[] = [];
  let i = 0;
  while (i + 30 <= prefix.length && prefix.readUInt32LE(i) === 0x04034b50) {
    const flags = prefix.readUInt16LE(i + 6);
    const compressed = prefix.readUInt32LE(i + 18);
    const nameLen = prefix.readUInt16LE(i + 26);
    const extraLen = prefix.readUInt16LE(i + 28);
    if (i + 30 + nameLen > prefix.length) break;
    names.push(prefix.subarray(i + 30, i + 30 + nameLen).toString('utf8'));
    // a streamed entry (bit 3) has its size after the data: the next header cannot be found from here
    if (flags & 0x08) break;
    i += 30 + nameLen + extraLen + compressed;
  }
  return names;
}

function ooxmlKind(prefix: Buffer): ContentType | null {
  const names = zipEntryNames(prefix);
  if (!names.includes('[Content_Types].xml') && !names.some((n) => n.startsWith('_rels/'))) {
    // file-type looks into [Content_Types].xml when it comes first; else the entry names decide
    if (!names.some((n) => n.startsWith('word/') || n.startsWith('xl/'))) return null;
  }
  if (names.some((n) => n.startsWith('word/'))) return DOCX;
  if (names.some((n) => n.startsWith('xl/'))) return XLSX;
  return null;
}

// Passes the bytes through unchanged while it decides: after the first SNIFF_BYTES a type that is neither accepted nor
// a zip stops the upload at once (415, the rest is not read); an empty file fails at its end (400). `decide()` gives
// the final answer once the whole file went through.
export class ContentSniffer extends Transform {
  private head: Buffer[] = [];
  private headBytes = 0;
  private early: string | null | undefined = undefined; // the mime file-type saw in the head; undefined: not yet looked
  private zip = false;
  total = 0;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.total += chunk.length;
    // one contiguous prefix: up to ZIP_PREFIX_BYTES until the head says it is not a zip
    const limit = this.early === undefined || this.zip ? ZIP_PREFIX_BYTES : 0;
    if (this.headBytes < limit) {
      const take = chunk.subarray(0, limit - this.headBytes);
      this.head.push(take);
      this.headBytes += take.length;
    }
    if (this.early === undefined && this.headBytes >= SNIFF_BYTES) {
      this.look().then(
        () => done(null, chunk),
        (err: unknown) => done(err as Error),
      );
      return;
    }
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    if (this.total === 0) return done(DocumentsError.empty());
    if (this.early !== undefined) return done();
    this.look().then(
      () => done(),
      (err: unknown) => done(err as Error),
    );
  }

  private async look(): Promise<void> {
    const head = Buffer.concat(this.head);
    this.head = [head];
    const t = await fileTypeFromBuffer(head.subarray(0, SNIFF_BYTES)).catch(() => undefined);
    this.early = t?.mime ?? null;
    this.zip = t?.mime === 'application/zip' || t?.mime === DOCX || t?.mime === XLSX;
    if (!this.zip && !accepted(t?.mime)) throw DocumentsError.unsupportedType(t?.mime ?? null);
  }

  // The content type of the whole file (after it went through); 415 for a zip that is not DOCX or XLSX.
  async decide(): Promise<ContentType> {
    const head = Buffer.concat(this.head);
    if (!this.zip) {
      const t = accepted(this.early ?? undefined);
      if (!t) throw DocumentsError.unsupportedType(this.early ?? null);
      return t;
    }
    const t = await fileTypeFromBuffer(head).catch(() => undefined);
    const byType = accepted(t?.mime);
    if (byType === DOCX || byType === XLSX) return byType;
    const byNames = ooxmlKind(head);
    if (byNames) return byNames;
    throw DocumentsError.unsupportedType(t?.mime ?? 'application/zip');
  }
}

// The base name only, without control, bidi-override or other invisible format characters, without leading dots,
// at most 200 characters; '' becomes `document`. It is shown in lists, audit rows and the download's name.
export function cleanFileName(name: string | undefined): string {
  const base = (name ?? '').normalize('NFC').split(/[\\/]/).pop() ?? '';
  const clean = base
    // control characters are exactly what is stripped from a file name
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/^[.\s]+/, '')
    .trim();
  return [...clean].slice(0, 200).join('').trim() || 'document';
}

export const EXTENSIONS: Record<ContentType, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/heic': 'heic',
  [DOCX]: 'docx',
  [XLSX]: 'xlsx',
};

// The name a download carries: the stored name with the extension of its real content (a PDF uploaded as scan.jpg
// downloads as scan.jpg.pdf, so the receiving computer opens it as what it is).
export function downloadName(fileName: string, contentType: ContentType, suffix = ''): string {
  const ext = EXTENSIONS[contentType];
  const dot = fileName.lastIndexOf('.');
  const stem = dot > 0 ? fileName.slice(0, dot) : fileName;
  const own = dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
  const same = own === ext || (ext === 'jpg' && own === 'jpeg') || (ext === 'heic' && own === 'heif');
  return same && !suffix ? fileName : `${same ? stem : fileName}${suffix}.${ext}`;
}

// Content-Disposition with an ASCII fallback (anything else becomes _) and the exact name in RFC 5987's filename*.
export function contentDisposition(kind: 'attachment' | 'inline', name: string): string {
  const ascii = name.replace(/[^A-Za-z0-9._ ()-]/g, '_').slice(0, 150) || 'document';
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
