import type { Ctx, Expectation, Row, Scope } from './authz-matrix';

// The TB check-in rows of the authorisation matrix (issue 18; spread into MATRIX in authz-matrix.ts). Only types come
// from there, so the two files load in either order. Each request works on a fresh TB health case in treatment of the
// scope's office, assigned to that office's caseworker: office staff who see its health details (200), another
// office's staff 404, admins (no case work) and NGO staff 403.
const officeWork = (ok: number): Expectation => ({ admin: 403, supervisor: [ok, 404], caseworker: [ok, 404], ngo_staff: 403, anonymous: 401 });

async function tbCaseIn({ t, fx }: Ctx, scope: Scope, withSchedule = false): Promise<string> {
  const officeId = scope === 'own' ? fx.officeA.id : fx.officeB.id;
  const assignee = scope === 'own' ? fx.users.caseworker : fx.others.caseworker;
  const r = await t.given.returnee({ officeId });
  const c = await t.given.caseFile({
    returneeId: r.id,
    officeId,
    type: 'health_referral',
    status: 'in_progress',
    assigneeId: assignee.id,
    details: { condition: 'tb', urgency: 'soon', tbTreatmentStage: 'intensive' },
  });
  if (withSchedule) {
    await t.db.query(
      `INSERT INTO checkin_schedule (case_id, returnee_id, office_id, frequency, local_time, starts_on, created_by) VALUES ($1, $2, $3, 'daily', '09:00', current_date, $4)`,
      [c.id, r.id, officeId, assignee.id],
    );
  }
  return c.id;
}

export const OUTREACH_ROWS: Row[] = [
  {
    route: 'GET /api/cases/:id/checkin-schedule',
    expect: officeWork(200),
    request: async (ctx, _r, scope) => ({ method: 'GET', path: `/api/cases/${await tbCaseIn(ctx, scope, true)}/checkin-schedule` }),
  },
  {
    route: 'PUT /api/cases/:id/checkin-schedule',
    expect: officeWork(200),
    request: async (ctx, _r, scope) => ({
      method: 'PUT',
      path: `/api/cases/${await tbCaseIn(ctx, scope)}/checkin-schedule`,
      body: { frequency: 'weekly', weekday: 2, localTime: '10:00', channel: 'sms' },
    }),
  },
  {
    route: 'GET /api/cases/:id/checkins',
    expect: officeWork(200),
    request: async (ctx, _r, scope) => ({ method: 'GET', path: `/api/cases/${await tbCaseIn(ctx, scope, true)}/checkins` }),
  },
];
