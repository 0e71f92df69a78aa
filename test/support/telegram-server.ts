import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

// A local Telegram Bot API server for the tests: the methods Kaytuu's bot uses (getMe, sendMessage with inline
// keyboards, answerCallbackQuery, editMessageReplyMarkup, setWebhook, deleteWebhook, getUpdates with offset and long
// poll), spoken over real HTTP at `${apiRoot}/bot<token>/<method>` as grammY calls it. Every call is recorded; the
// next calls of a method can be scripted to fail (429 with parameters.retry_after, 5xx); updates are pushed to the
// bot's webhook (with the secret-token header) or queued for getUpdates.

export type BotCall = { method: string; body: Record<string, unknown>; at: number; status: number };
// 403: the user blocked the bot; 5xx: Telegram's own trouble
export type Fault = { status: 429; retryAfter: number } | { status: 403 | 500 | 502 | 503 | 504 };
export type ChatUser = { chatId: number; firstName?: string; languageCode?: string };
export type Update = Record<string, unknown> & { update_id: number };

type Waiter = { offset: number; done: (updates: Update[]) => void; timer?: NodeJS.Timeout };

export type TelegramTestServer = {
  apiRoot: string;
  token: string;
  username: string;
  calls: BotCall[];
  callsOf(method: string): BotCall[];
  // the next calls of `method` answer these faults, in turn
  failNext(method: string, ...faults: Fault[]): void;
  // the webhook Telegram was last told to use (setWebhook), with its secret token
  webhook(): { url: string; secretToken?: string } | null;
  // an update as Telegram would send it when the user writes `text` / presses a button carrying `data`
  textUpdate(from: ChatUser, text: string): Update;
  callbackUpdate(from: ChatUser, data: string, messageId?: number): Update;
  // for getUpdates (polling mode)
  queueUpdate(update: Update): void;
  // POST the update to a webhook URL (the registered one by default) as Telegram does; resolves with its status
  pushUpdate(update: Update, opts?: { url?: string; secretToken?: string | null }): Promise<number>;
  close(): Promise<void>;
};

const ok = (result: unknown) => ({ ok: true, result });
const refusal = (code: number, description: string, parameters?: Record<string, unknown>) => ({
  ok: false,
  error_code: code,
  description,
  ...(parameters ? { parameters } : {}),
});

export async function startTelegramServer(opts: { token?: string; username?: string } = {}): Promise<TelegramTestServer> {
  const token = opts.token ?? `${100000 + Math.floor(Math.random() * 800000)}:${randomBytes(18).toString('base64url')}`;
  const username = opts.username ?? 'kaytuu_test_bot';
  const botId = Number(token.split(':')[0]);
  const calls: BotCall[] = [];
  const faults = new Map<string, Fault[]>();
  const queue: Update[] = [];
  const waiters: Waiter[] = [];
  let hook: { url: string; secretToken?: string } | null = null;
  let nextUpdateId = 1000 + Math.floor(Math.random() * 1000);
  let nextMessageId = 1;
  let nextCallbackId = 1;

  const pending = (offset: number) => queue.filter((u) => u.update_id >= offset);
  const wake = () => {
    for (const w of [...waiters]) {
      const ready = pending(w.offset);
      if (ready.length) {
        waiters.splice(waiters.indexOf(w), 1);
        clearTimeout(w.timer);
        w.done(ready);
      }
    }
  };

  async function answer(method: string, body: Record<string, unknown>): Promise<[number, unknown]> {
    const fault = faults.get(method)?.shift();
    if (fault?.status === 429) return [429, refusal(429, `Too Many Requests: retry after ${fault.retryAfter}`, { retry_after: fault.retryAfter })];
    if (fault?.status === 403) return [403, refusal(403, 'Forbidden: bot was blocked by the user')];
    if (fault) return [fault.status, refusal(fault.status, 'Internal Server Error')];
    switch (method) {
      case 'getMe':
        return [
          200,
          ok({
            id: botId,
            is_bot: true,
            first_name: 'Kaytuu',
            username,
            can_join_groups: false,
            can_read_all_group_messages: false,
            supports_inline_queries: false,
          }),
        ];
      case 'sendMessage': {
        if (typeof body.chat_id !== 'number' && typeof body.chat_id !== 'string') return [400, refusal(400, 'Bad Request: chat_id is empty')];
        if (typeof body.text !== 'string' || body.text.length === 0) return [400, refusal(400, 'Bad Request: message text is empty')];
        if (body.text.length > 4096) return [400, refusal(400, 'Bad Request: message is too long')];
        const message = {
          message_id: nextMessageId++,
          date: Math.floor(Date.now() / 1000),
          chat: { id: Number(body.chat_id), type: 'private' },
          from: { id: botId, is_bot: true, first_name: 'Kaytuu', username },
          text: body.text,
          ...(body.reply_markup ? { reply_markup: body.reply_markup } : {}),
        };
        return [200, ok(message)];
      }
      case 'answerCallbackQuery':
        if (typeof body.callback_query_id !== 'string') return [400, refusal(400, 'Bad Request: query is too old or query ID is invalid')];
        return [200, ok(true)];
      case 'editMessageReplyMarkup':
        return [200, ok(true)];
      case 'setWebhook':
        if (typeof body.url !== 'string') return [400, refusal(400, 'Bad Request: bad webhook: URL is empty')];
        hook = { url: body.url, secretToken: typeof body.secret_token === 'string' ? body.secret_token : undefined };
        return [200, ok(true)];
      case 'deleteWebhook':
        hook = null;
        return [200, ok(true)];
      case 'getUpdates': {
        if (hook) return [409, refusal(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first")];
        const offset = typeof body.offset === 'number' ? body.offset : 0;
        // confirmed updates (ids below the offset) are forgotten, as Telegram does
        for (let i = queue.length - 1; i >= 0; i--) if (queue[i].update_id < offset) queue.splice(i, 1);
        const timeout = Math.min(typeof body.timeout === 'number' ? body.timeout : 0, 30);
        let ready = pending(offset);
        if (!ready.length && timeout > 0) {
          ready = await new Promise<Update[]>((resolve) => {
            const w: Waiter = { offset, done: resolve };
            waiters.push(w);
            w.timer = setTimeout(() => {
              const i = waiters.indexOf(w);
              if (i >= 0) waiters.splice(i, 1);
              resolve(pending(offset));
            }, timeout * 1000);
          });
        }
        const limit = typeof body.limit === 'number' ? body.limit : 100;
        return [200, ok(ready.slice(0, limit))];
      }
      default:
        return [404, refusal(404, 'Not Found: method not found')];
    }
  }

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec((req.url ?? '').split('?')[0]);
      const send = (status: number, payload: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
      if (!m) return send(404, refusal(404, 'Not Found'));
      if (m[1] !== token) return send(401, refusal(401, 'Unauthorized'));
      let body: Record<string, unknown> = {};
      try {
        const text = Buffer.concat(chunks).toString('utf8');
        if (text) body = JSON.parse(text) as Record<string, unknown>;
      } catch {
        return send(400, refusal(400, 'Bad Request: can not parse JSON'));
      }
      const call: BotCall = { method: m[2], body, at: Date.now(), status: 0 };
      answer(m[2], body).then(
        ([status, payload]) => {
          call.status = status;
          calls.push(call);
          if (!res.destroyed) send(status, payload);
        },
        (err: unknown) => send(500, refusal(500, String(err))),
      );
    });
  });
  // long polls must not keep the server from closing
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const apiRoot = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const user = (from: ChatUser) => ({ id: from.chatId, is_bot: false, first_name: from.firstName ?? 'Айбек', language_code: from.languageCode ?? 'ru' });
  const chat = (from: ChatUser) => ({ id: from.chatId, type: 'private', first_name: from.firstName ?? 'Айбек' });

  return {
    apiRoot,
    token,
    username,
    calls,
    callsOf: (method) => calls.filter((c) => c.method === method),
    failNext(method, ...list) {
      faults.set(method, [...(faults.get(method) ?? []), ...list]);
    },
    webhook: () => hook,
    textUpdate(from, text) {
      const entities = text.startsWith('/') ? [{ type: 'bot_command', offset: 0, length: text.split(' ')[0].length }] : undefined;
      return {
        update_id: nextUpdateId++,
        message: {
          message_id: nextMessageId++,
          date: Math.floor(Date.now() / 1000),
          chat: chat(from),
          from: user(from),
          text,
          ...(entities ? { entities } : {}),
        },
      };
    },
    callbackUpdate(from, data, messageId) {
      return {
        update_id: nextUpdateId++,
        callback_query: {
          id: String(nextCallbackId++),
          from: user(from),
          chat_instance: String(from.chatId),
          data,
          message: { message_id: messageId ?? nextMessageId++, date: Math.floor(Date.now() / 1000), chat: chat(from), text: '…' },
        },
      };
    },
    queueUpdate(update) {
      queue.push(update);
      wake();
    },
    async pushUpdate(update, o = {}) {
      const url = o.url ?? hook?.url;
      if (!url) throw new Error('no webhook set');
      const secret = o.secretToken === undefined ? hook?.secretToken : o.secretToken;
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}) },
        body: JSON.stringify(update),
      });
      await res.arrayBuffer();
      return res.status;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const w of waiters.splice(0)) {
          clearTimeout(w.timer);
          w.done([]);
        }
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
