import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { cleanFileName, contentDisposition, ContentSniffer, downloadName, zipEntryNames } from './file-content';

async function sniff(bytes: Buffer): Promise<string> {
  const s = new ContentSniffer();
  await pipeline(
    Readable.from([bytes]),
    s,
    new Writable({
      write: (_c, _e, cb) => cb(),
    }),
  );
  return s.decide();
}

function zip(names: string[]): Buffer {
  return Buffer.concat(
    names.map((n) => {
      const h = Buffer.alloc(30);
      h.writeUInt32LE(0x04034b50, 0);
      h.writeUInt32LE(1, 18);
      h.writeUInt16LE(Buffer.byteLength(n), 26);
      return Buffer.concat([h, Buffer.from(n), Buffer.from('x')]);
    }),
  );
}

describe('file content', () => {
  it('should keep only a clean base name', () => {
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('C:\\Users\\a\\..\\scan.pdf')).toBe('scan.pdf');
    expect(cleanFileName('pass\u0000\u0007wd\u202e\r\n.pdf')).toBe('passwd.pdf');
    expect(cleanFileName('...hidden')).toBe('hidden');
    expect(cleanFileName('a<b>:"c|?*.pdf')).toBe('a_b___c___.pdf');
    expect(cleanFileName('')).toBe('document');
    expect(cleanFileName('../')).toBe('document');
    expect([...cleanFileName('я'.repeat(500))]).toHaveLength(200);
  });

  it('should name a download by its real content', () => {
    expect(downloadName('scan.pdf', 'application/pdf')).toBe('scan.pdf');
    expect(downloadName('photo.jpg', 'application/pdf')).toBe('photo.jpg.pdf');
    expect(downloadName('IMG.JPEG', 'image/jpeg')).toBe('IMG.JPEG');
    expect(downloadName('noext', 'image/png')).toBe('noext.png');
    expect(downloadName('photo.png', 'image/webp', '-thumbnail')).toBe('photo.png-thumbnail.webp');
  });

  it('should give an ASCII fallback and the exact name in filename*', () => {
    expect(contentDisposition('attachment', 'Паспорт "1".pdf')).toBe(
      `attachment; filename="_______ _1_.pdf"; filename*=UTF-8''%D0%9F%D0%B0%D1%81%D0%BF%D0%BE%D1%80%D1%82%20%221%22.pdf`,
    );
    expect(contentDisposition('inline', "it's (a).pdf")).toBe(`inline; filename="it_s (a).pdf"; filename*=UTF-8''it%27s%20%28a%29.pdf`);
  });

  it('should read the entry names of a zip and tell DOCX from XLSX from a plain zip', async () => {
    expect(zipEntryNames(zip(['[Content_Types].xml', 'word/document.xml']))).toEqual(['[Content_Types].xml', 'word/document.xml']);
    await expect(sniff(zip(['[Content_Types].xml', '_rels/.rels', 'word/document.xml']))).resolves.toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    await expect(sniff(zip(['[Content_Types].xml', 'xl/workbook.xml']))).resolves.toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    await expect(sniff(zip(['readme.txt']))).rejects.toMatchObject({ code: 'UNSUPPORTED_FILE_TYPE' });
  });

  it('should refuse what is not an accepted type, and an empty file', async () => {
    await expect(sniff(Buffer.from('%PDF-1.7\n%%EOF'))).resolves.toBe('application/pdf');
    await expect(sniff(Buffer.from('hello, plain text'))).rejects.toMatchObject({ code: 'UNSUPPORTED_FILE_TYPE' });
    await expect(sniff(Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), Buffer.alloc(5000)]))).rejects.toMatchObject({
      code: 'UNSUPPORTED_FILE_TYPE',
    });
    await expect(sniff(Buffer.alloc(0))).rejects.toMatchObject({ code: 'EMPTY_FILE' });
  });
});
