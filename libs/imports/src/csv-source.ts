import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { detect } from 'chardet';
import iconv from 'iconv-lite';
import { ImportError } from './imports.errors';

// Streaming CSV reading for imports: the encoding is decided from the first bytes (UTF-8 with or without BOM, or
// Windows-1251, which Excel on Russian-language Windows writes), the delimiter (, or ;) from the header line, and
// csv-parse turns the decoded text into records one at a time, so a large file is never held in memory whole.

export type CsvEncoding = 'utf8' | 'win1251';
export type CsvRecord = { line: number; cells: string[] };

const SNIFF_BYTES = 64 * 1024;
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

// Binary files (xlsx, images) hold NUL bytes or many control characters; text CSV holds neither.
function looksBinary(head: Buffer): boolean {
  let control = 0;
  for (const b of head) {
    if (b === 0) return true;
    if (b < 0x09 || (b > 0x0d && b < 0x20)) control++;
  }
  return control > head.length / 100;
}

const isCyrillic1251 = (b: number) => b >= 0xc0 || b === 0xa8 || b === 0xb8;

function looksCyrillic1251(head: Buffer): boolean {
  let high = 0;
  let letters = 0;
  let inRuns = 0;
  for (let i = 0; i < head.length; i++) {
    const b = head[i];
    if (b < 0x80) continue;
    high++;
    if (isCyrillic1251(b)) letters++;
    if ((i > 0 && head[i - 1] >= 0x80) || (i + 1 < head.length && head[i + 1] >= 0x80)) inRuns++;
  }
  return high > 0 && letters / high >= 0.9 && inRuns / high >= 0.8;
}

export function detectEncoding(head: Buffer): CsvEncoding {
  if (head.subarray(0, 3).equals(UTF8_BOM)) return 'utf8';
  if (looksBinary(head)) throw ImportError.notText();
  try {
    // stream mode: a character cut at the end of the sample is not an error
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'utf8';
  } catch {
    // every byte string is "valid" Windows-1251, so the bytes must look like Cyrillic words: chardet says so, or (it is
    // unsure on short files) nearly every non-ASCII byte is a Cyrillic letter standing next to another one — accented
    // letters of Latin-1/1252 text stand alone between ASCII letters
    if (detect(head) === 'windows-1251' || looksCyrillic1251(head)) return 'win1251';
    throw ImportError.badEncoding();
  }
}

export function detectDelimiter(firstLine: string): ',' | ';' {
  const count = (ch: string) => firstLine.split(ch).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

// Reads the first bytes, then yields the decoded text chunk by chunk (an invalid UTF-8 sequence later in the file is
// an encoding error too).
async function* decodeText(source: AsyncIterable<Buffer>, onEncoding: (e: CsvEncoding) => void): AsyncGenerator<string> {
  const it = source[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headBytes = 0;
  let done = false;
  while (headBytes < SNIFF_BYTES) {
    const next = await it.next();
    if (next.done) {
      done = true;
      break;
    }
    head.push(next.value);
    headBytes += next.value.length;
  }
  let first = Buffer.concat(head);
  const encoding = detectEncoding(first);
  onEncoding(encoding);
  if (encoding === 'utf8' && first.subarray(0, 3).equals(UTF8_BOM)) first = first.subarray(3);
  const decoder = encoding === 'utf8' ? new TextDecoder('utf-8', { fatal: true }) : null;
  const cp1251 = encoding === 'win1251' ? iconv.getDecoder('win1251') : null;
  const decode = (buf: Buffer, last: boolean): string => {
    if (!decoder) return (cp1251 as NonNullable<typeof cp1251>).write(buf) + (last ? ((cp1251 as NonNullable<typeof cp1251>).end() ?? '') : '');
    try {
      return decoder.decode(buf, { stream: !last });
    } catch {
      throw ImportError.badEncoding();
    }
  };
  yield decode(first, done);
  while (!done) {
    const next = await it.next();
    if (next.done) break;
    if (next.value.includes(0)) throw ImportError.notText();
    yield decode(next.value, false);
  }
  if (!done) yield decode(Buffer.alloc(0), true);
}

// The delimiter is known only once the header line has been decoded: the text is buffered up to its first line break.
async function* withDelimiter(text: AsyncGenerator<string>, onDelimiter: (d: ',' | ';') => void): AsyncGenerator<string> {
  let buffered: string | null = '';
  for await (const chunk of text) {
    if (buffered === null) {
      yield chunk;
      continue;
    }
    buffered += chunk;
    const nl = buffered.search(/\r?\n/);
    if (nl < 0 && buffered.length < SNIFF_BYTES) continue;
    onDelimiter(detectDelimiter(nl < 0 ? buffered : buffered.slice(0, nl)));
    yield buffered;
    buffered = null;
  }
  if (buffered !== null) {
    onDelimiter(detectDelimiter(buffered.split(/\r?\n/)[0]));
    yield buffered;
  }
}

type CsvParseError = Error & { code?: string; lines?: number };

// Records of the file, header first; blank lines are skipped; a record may have more or fewer cells than the header
// (the caller reports that per line). Malformed CSV (an unclosed quote) is a 400 naming the line.
export async function* readCsv(source: AsyncIterable<Buffer>, info: { encoding?: CsvEncoding; delimiter?: ',' | ';' } = {}): AsyncGenerator<CsvRecord> {
  let delimiter: ',' | ';' | null = null;
  const text = withDelimiter(
    decodeText(source, (e) => (info.encoding = e)),
    (d) => {
      delimiter = d;
      info.delimiter = d;
    },
  );
  // pull the first decoded piece before the parser exists, so the delimiter is known when it is built
  const first = await text.next();
  if (first.done) return;
  const parser = parse({ delimiter: delimiter ?? ',', relax_column_count: true, skip_empty_lines: true, info: true, bom: false });
  const input = Readable.from(
    (async function* () {
      yield first.value;
      yield* text;
    })(),
    { objectMode: false },
  );
  input.on('error', (err) => parser.destroy(err));
  input.pipe(parser);
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const cells = item.record;
      // a line of only delimiters is as blank as an empty one
      if (cells.every((c) => c.trim() === '')) continue;
      yield { line: item.info.lines, cells };
    }
  } catch (err) {
    if (err instanceof ImportError) throw err;
    const e = err as CsvParseError;
    if (e && typeof e.code === 'string' && e.code.startsWith('CSV_')) throw ImportError.malformed(e.lines ?? null, e.message.replace(/^Invalid [^:]*: /, ''));
    throw err;
  } finally {
    input.destroy();
  }
}
