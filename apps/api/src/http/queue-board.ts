import { INestApplication } from '@nestjs/common';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { AuthService } from '@kaytuu/access';
import { QUEUE_NAMES, Queues } from '@kaytuu/shared';

export const QUEUE_BOARD_PATH = '/admin/queues';
export const QUEUE_BOARD_COOKIE = 'kaytuu_board';

type Req = { headers: Record<string, string | undefined>; ip?: string };
type Res = { status(n: number): Res; json(b: unknown): void };
type Next = () => void;

// bull-board (queue depth, failed jobs, retries) for admins only. A browser tab cannot send the bearer header, so the
// console first calls POST /api/admin/queue-board-session, which puts the admin's access token in an HttpOnly,
// SameSite=Strict cookie scoped to this path; API clients may send the bearer header instead.
export function mountQueueBoard(app: INestApplication): void {
  const queues = app.get(Queues);
  const auth = app.get(AuthService);
  const adapter = new ExpressAdapter();
  adapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({ queues: Object.values(QUEUE_NAMES).map((name) => new BullMQAdapter(queues.get(name))), serverAdapter: adapter });

  const guard = (req: Req, res: Res, next: Next) => {
    const token = bearer(req.headers.authorization) ?? cookie(req.headers.cookie, QUEUE_BOARD_COOKIE);
    const deny = (status: number, code: string, message: string) =>
      res.status(status).json({ statusCode: status, error: status === 401 ? 'Unauthorized' : 'Forbidden', code, message });
    if (!token) return deny(401, 'UNAUTHENTICATED', 'Sign in as an administrator to see the queues');
    auth.actorFromAccessToken(token, req.ip ?? null).then(
      (actor) => (actor.role === 'admin' ? next() : deny(403, 'FORBIDDEN', 'Only administrators may see the queues')),
      () => deny(401, 'UNAUTHENTICATED', 'Your session has expired; sign in again'),
    );
  };
  const http = app.getHttpAdapter().getInstance() as { use(path: string, ...handlers: unknown[]): void };
  // bull-board runs its own express app, which would put X-Powered-By back after helmet removed it
  const board = adapter.getRouter() as { disable(setting: string): void };
  board.disable('x-powered-by');
  http.use(QUEUE_BOARD_PATH, guard, board);
}

function bearer(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return m ? m[1] : null;
}

function cookie(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name && v.length) return decodeURIComponent(v.join('='));
  }
  return null;
}
