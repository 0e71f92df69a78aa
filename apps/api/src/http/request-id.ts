import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { acceptOrMakeRequestId, REQUEST_ID_HEADER, runWithRequestId } from '@kaytuu/shared';

// Every request gets an id before anything else runs: a well-formed incoming X-Request-Id (from the ingress or the
// compose proxy) is kept, anything else is replaced by a fresh UUID. It is echoed in the response, put on req.id (the
// request log's req.id) and held for the rest of the request (the pino mixin puts it on every line; outbox rows and
// jobs written during the request carry it to the worker).
export function requestId(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const id = acceptOrMakeRequestId(req.headers[REQUEST_ID_HEADER.toLowerCase()]);
    (req as Request & { id?: string }).id = id;
    res.setHeader(REQUEST_ID_HEADER, id);
    runWithRequestId(id, next);
  };
}
