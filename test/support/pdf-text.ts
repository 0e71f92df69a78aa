import { execFile } from 'node:child_process';

// The text of a PDF, read back with unpdf (PDF.js) in a child Node process: PDF.js loads itself with a dynamic
// import, which jest's VM cannot run.
const SCRIPT = `
const { extractText, getDocumentProxy } = await import('unpdf');
const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const pdf = await getDocumentProxy(new Uint8Array(Buffer.concat(chunks)));
const { text } = await extractText(pdf, { mergePages: true });
process.stdout.write(JSON.stringify(text));
`;

export function pdfText(pdf: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['--input-type=module', '-e', SCRIPT], { cwd: __dirname, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`pdf read-back failed: ${stderr || err.message}`));
      else resolve(JSON.parse(stdout) as string);
    });
    child.stdin?.end(pdf);
  });
}
