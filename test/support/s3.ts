import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A real S3-protocol server (the s3rver package) for the tests, as a child process on a random port with its bucket
// created: `env` configures the app's S3 store for it. kill() is the store going away (SIGKILL, mid-request);
// start() brings it back on the same port and directory; stop() ends it and removes its files.
export type S3Handle = {
  endpoint: string;
  bucket: string;
  directory: string;
  env: Record<string, string>;
  kill(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
};

const CHILD = join(__dirname, 's3rver-child.cjs');

// every server still running when the test process exits (a failed test that never reached stop()) is killed
const running = new Set<ChildProcess>();
process.once('exit', () => running.forEach((p) => p.kill('SIGKILL')));

function launch(directory: string, port: number, bucket: string): Promise<{ proc: ChildProcess; port: number }> {
  const proc = spawn(process.execPath, [CHILD, directory, String(port), bucket], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(proc);
  proc.once('exit', () => running.delete(proc));
  let err = '';
  proc.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`s3rver did not start: ${err}`)), 20_000);
    proc.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /S3RVER_PORT=(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, port: Number(m[1]) });
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`s3rver exited (${code}): ${err}`));
    });
  });
}

function killed(proc: ChildProcess | null): Promise<void> {
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    proc.once('exit', () => resolve());
    proc.kill('SIGKILL');
  });
}

export async function startS3(bucket = 'kaytuu-test'): Promise<S3Handle> {
  const directory = mkdtempSync(join(tmpdir(), 'kaytuu-s3rver-'));
  let { proc, port } = await launch(directory, 0, bucket);
  let current: ChildProcess | null = proc;
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    directory,
    env: {
      FILE_STORE: 's3',
      S3_ENDPOINT: endpoint,
      S3_BUCKET: bucket,
      S3_REGION: 'us-east-1',
      // s3rver's fixed test credentials
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_FORCE_PATH_STYLE: 'true',
    },
    async kill() {
      await killed(current);
      current = null;
    },
    async start() {
      if (current) return;
      ({ proc, port } = await launch(directory, port, bucket));
      current = proc;
    },
    async stop() {
      await killed(current);
      current = null;
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
