import type { Expectation, Row } from './authz-matrix';

// The messaging contact and Telegram rows of the authorisation matrix (spread into MATRIX in authz-matrix.ts). Only
// types come from there, so the two files load in either order.

// the bot the matrix app is configured with (MATRIX_ENV): no Bot API server answers on port 9, and no row needs one
export const MATRIX_TELEGRAM_SECRET = 'matrix-telegram-webhook-secret-0123456789';
export const MATRIX_TELEGRAM_ENV = {
  TELEGRAM_BOT_TOKEN: '123456:matrix-token-abcdefghijklmnopqrstuv',
  TELEGRAM_BOT_USERNAME: 'kaytuu_matrix_bot',
  TELEGRAM_API_ROOT: 'http://127.0.0.1:9',
  TELEGRAM_WEBHOOK_SECRET: MATRIX_TELEGRAM_SECRET,
  TELEGRAM_MODE: 'webhook',
};

// office case work: staff of the returnee's office (404 outside it); admins do no case work; NGO staff never
const officeWork = (ok: number): Expectation => ({ admin: 403, supervisor: [ok, 404], caseworker: [ok, 404], ngo_staff: 403, anonymous: 401 });
const anyone = (status: number): Expectation => ({ admin: status, supervisor: status, caseworker: status, ngo_staff: status, anonymous: status });

let updateId = 5_000_000 + Math.floor(Math.random() * 1_000_000);

export const TELEGRAM_ROWS: Row[] = [
  {
    route: 'GET /api/returnees/:id/contact',
    expect: officeWork(200),
    request: ({ fx }, _r, scope) => ({ method: 'GET', path: `/api/returnees/${fx.returnee[scope]}/contact` }),
  },
  {
    route: 'PUT /api/returnees/:id/contact',
    expect: officeWork(200),
    request: ({ fx }, _r, scope) => ({ method: 'PUT', path: `/api/returnees/${fx.returnee[scope]}/contact`, body: { preferredChannel: 'sms' } }),
  },
  {
    route: 'POST /api/returnees/:id/telegram-link',
    expect: officeWork(201),
    request: ({ fx }, _r, scope) => ({ method: 'POST', path: `/api/returnees/${fx.returnee[scope]}/telegram-link` }),
  },
  // Telegram's own call: no access token, the secret in the path and in its header; a text from a chat nobody linked is answered 200 and stores nothing, whoever sends it
  {
    route: 'POST /api/telegram/webhook/:secret',
    expect: anyone(200),
    request: () => ({
      method: 'POST',
      path: `/api/telegram/webhook/${MATRIX_TELEGRAM_SECRET}`,
      headers: { 'X-Telegram-Bot-Api-Secret-Token': MATRIX_TELEGRAM_SECRET },
      body: {
        update_id: ++updateId,
        message: { message_id: 1, date: Math.floor(Date.now() / 1000), chat: { id: 777000 + (updateId % 1000), type: 'private' }, text: 'Салам' },
      },
    }),
  },
];
