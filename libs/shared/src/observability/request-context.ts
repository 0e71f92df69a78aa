import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

// The request id of the work in progress: set per HTTP request by the API (apps/api/src/http/request-id.ts) and per
// job by the worker from the job's data, read by the pino mixin of both (every log line carries it) and by the code
// that writes outbox rows or queues jobs (the id travels with the work it caused).
export const REQUEST_ID_HEADER = 'X-Request-Id';

// Accepted from a client or proxy only in the shape proxies generate (ingress-nginx and nginx's $request_id: 32 hex
// digits; UUIDs): 16–64 hex digits and dashes with at least one letter, so no PIN or phone number (digits only) can be
// smuggled into the logs as an id. Anything else is replaced by a fresh UUID.
const WELL_FORMED = /^(?=[0-9a-fA-F-]*[a-fA-F])[0-9a-fA-F-]{16,64}$/;

export function acceptOrMakeRequestId(incoming: unknown): string {
  const value = Array.isArray(incoming) ? incoming[0] : incoming;
  return typeof value === 'string' && WELL_FORMED.test(value) ? value : randomUUID();
}

// A job's data may carry the id of the request that caused it; only a well-formed one is believed.
export function requestIdOf(data: unknown): string | undefined {
  const id = (data as { requestId?: unknown } | null | undefined)?.requestId;
  return typeof id === 'string' && WELL_FORMED.test(id) ? id : undefined;
}

type RequestContext = { requestId: string };
const storage = new AsyncLocalStorage<RequestContext>();

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

// Runs fn with this request id (none: fn runs outside any request's context).
export function runWithRequestId<T>(requestId: string | undefined, fn: () => T): T {
  return requestId ? storage.run({ requestId }, fn) : storage.exit(fn);
}

// pino's mixin: every line logged inside a request or a job carries its id.
export function requestIdLogMixin(): { requestId?: string } {
  const requestId = currentRequestId();
  return requestId ? { requestId } : {};
}
