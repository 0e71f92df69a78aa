import { AAD } from '@kaytuu/shared';
import type { Ctx, Expectation, Row, Scope } from './authz-matrix';

// The messages rows of the authorisation matrix (issue 18; spread into MATRIX in authz-matrix.ts). Only types come from
// there, so the two files load in either order. A returnee's messages are office case work: staff of the returnee's
// office (another office's: 404), admins (no case work) and NGO staff 403; the delivery figures are for supervisors
// (their office; another office's: 404) and admins.
const officeWork = (ok: number): Expectation => ({ admin: 403, supervisor: [ok, 404], caseworker: [ok, 404], ngo_staff: 403, anonymous: 401 });
const figures: Expectation = { admin: 200, supervisor: [200, 404], caseworker: 403, ngo_staff: 403, anonymous: 401 };
const officeOf = ({ fx }: Ctx, scope: Scope) => (scope === 'own' ? fx.officeA.id : fx.officeB.id);

// a fresh returnee of the scope's office who may be texted, and one message sent to them
async function messageIn(ctx: Ctx, scope: Scope): Promise<{ id: string; returneeId: string }> {
  const { t } = ctx;
  const officeId = officeOf(ctx, scope);
  const r = await t.given.returnee({ officeId, phone: `+99655${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}` });
  await t.db.query(`INSERT INTO consent (returnee_id, scope, given_at) VALUES ($1, '{contact_by_phone}', now() - interval '1 day')`, [r.id]);
  const { rows } = await t.db.query(
    `INSERT INTO message (returnee_id, office_id, channel, direction, kind, language, body_enc, status, segments, encoding, sent_at)
     VALUES ($1, $2, 'sms', 'out', 'free', 'ru', $3, 'sent', 1, 'ucs2', now()) RETURNING id`,
    [r.id, officeId, t.given.cipher.encrypt('Здравствуйте', AAD.messageBody)],
  );
  return { id: rows[0].id, returneeId: r.id };
}

export const MESSAGES_ROWS: Row[] = [
  {
    route: 'GET /api/messages',
    expect: officeWork(200),
    request: async (ctx, _r, scope) => ({
      method: 'GET',
      path: '/api/messages',
      query: { filter: JSON.stringify({ returneeId: (await messageIn(ctx, scope)).returneeId }) },
    }),
  },
  {
    route: 'GET /api/messages/:id',
    expect: officeWork(200),
    request: async (ctx, _r, scope) => ({ method: 'GET', path: `/api/messages/${(await messageIn(ctx, scope)).id}` }),
  },
  {
    route: 'POST /api/returnees/:id/messages',
    expect: officeWork(201),
    request: async (ctx, _r, scope) => ({
      method: 'POST',
      path: `/api/returnees/${(await messageIn(ctx, scope)).returneeId}/messages`,
      body: { text: 'Позвоните нам, пожалуйста' },
    }),
  },
  {
    // the composer's templates: the same for every office (no returnee in them), for those who send messages
    route: 'GET /api/message-templates',
    expect: { admin: 403, supervisor: 200, caseworker: 200, ngo_staff: 403, anonymous: 401 },
    request: () => ({ method: 'GET', path: '/api/message-templates' }),
    list: { shared: true, ownId: () => 'appointment_reminder.evening', foreignId: () => 'monitoring.thanks' },
  },
  {
    route: 'GET /api/messages/stats',
    expect: figures,
    request: async (ctx, _r, scope) => ({
      method: 'GET',
      path: '/api/messages/stats',
      query: { from: '2026-01-01', to: '2026-12-31', officeId: officeOf(ctx, scope) },
    }),
  },
];
