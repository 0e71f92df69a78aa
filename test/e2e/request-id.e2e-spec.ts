import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { INestApplicationContext } from '@nestjs/common';
import { createWorkerApp } from '../../apps/worker/src/worker.factory';
import { bearer, createTestApp, TestApp } from '../support/test-app';
import { waitFor, withEnv } from '../support/wait';

// A request id on every log line of a request (apps/api/src/http/request-id.ts), echoed in X-Request-Id, carried in
// the jobs the request queues and on the worker's log lines for them (libs/shared/src/observability). nestjs-pino
// keeps one root logger per process, so the in-process API and worker here write to the one stream given to the
// API (in production each is its own process with its own stdout); the worker's lines are told apart by what they
// say: only the worker validates an import.
type Line = { msg?: string; requestId?: string; req?: { id?: string; url?: string }; context?: string };

function collect(): { stream: PassThrough; lines: Line[] } {
  const stream = new PassThrough();
  const lines: Line[] = [];
  let rest = '';
  stream.on('data', (chunk: Buffer) => {
    const parts = (rest + chunk.toString('utf8')).split('\n');
    rest = parts.pop() ?? '';
    for (const p of parts) if (p.trim()) lines.push(JSON.parse(p) as Line);
  });
  return { stream, lines };
}

// one stream for the file: the first API built in this process fixes nestjs-pino's logger for all that follow
const logs = collect();

describe.each(['redis', 'postgres'] as const)('request ids from the API to the worker (%s queues)', (queue) => {
  let t: TestApp;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    t = await createTestApp({ queue, env: { LOG_LEVEL: 'debug' }, logStream: logs.stream });
    worker = await withEnv(t.env, () => createWorkerApp({ logLevel: 'debug' }));
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  it('should follow an import from the upload request to the worker validating it by one id', async () => {
    const cw = await t.given.user('caseworker');
    const id = randomUUID();
    const csv = [
      'pin,lastName,firstName,patronymic,sex,birthDate,phone,oblast,district,languages,country,departedOn,returnedOn,sector,returnReason',
      '21203199012345,Асанов,Бакыт,,male,1990-03-12,0700 123 456,bishkek,Ленинский,ky|ru,RU,2019-04-01,2024-10-15,construction,end_of_contract',
      '',
    ].join('\n');
    const res = await t.http
      .post('/api/imports')
      .set(bearer(cw))
      .set('X-Request-Id', id)
      .attach('file', Buffer.from(csv, 'utf8'), { filename: 'r.csv', contentType: 'text/csv' });
    expect([res.status, res.body.code]).toEqual([202, undefined]);
    expect(res.headers['x-request-id']).toBe(id);
    const importId = res.body.id as string;

    // the worker's lines about this import (read, checks, duplicates: ImportValidationService) carry the upload's id
    const workerLines = await waitFor(() => {
      const mine = logs.lines.filter((l) => l.msg?.includes(`import ${importId}`));
      return mine.length ? mine : null;
    }, 30_000);
    expect(workerLines.every((l) => l.requestId === id)).toBe(true);
    // the API's own line of the request: its req.id and requestId are the id
    const apiLines = await waitFor(() => {
      const mine = logs.lines.filter((l) => l.requestId === id);
      return mine.some((l) => l.req?.id === id && l.req.url === '/api/imports') ? mine : null;
    });
    expect(apiLines.length).toBeGreaterThanOrEqual(1);
    // every line with the id is the request's own or the worker's work on this import
    const carrying = logs.lines.filter((l) => l.requestId === id);
    expect(carrying.filter((l) => l.req?.id !== id && !l.msg?.includes(`import ${importId}`))).toEqual([]);
    expect(workerLines.some((l) => l.context === 'ImportValidationService')).toBe(true);
  });

  it('should make an id when none or a malformed one comes, and never log a digits-only value as an id', async () => {
    const none = await t.http.get('/api/health/live');
    expect(none.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // a PIN or phone number sent as an id is replaced, so it never reaches a log line
    for (const bad of ['21203199012345', '+996700123456', 'x'.repeat(20), `${'a'.repeat(65)}`, 'abc def 0123456789']) {
      const res = await t.http.get('/api/health/live').set('X-Request-Id', bad);
      expect(res.headers['x-request-id']).not.toBe(bad);
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
    const proxied = 'a3f1c2d4e5b60718293a4b5c6d7e8f90';
    expect((await t.http.get('/api/health/live').set('X-Request-Id', proxied)).headers['x-request-id']).toBe(proxied);
    expect(logs.lines.some((l) => JSON.stringify(l).includes('21203199012345'))).toBe(false);
  });
});
