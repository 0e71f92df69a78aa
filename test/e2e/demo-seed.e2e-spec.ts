import { DemoSeedService } from '../../apps/api/src/seed/demo-seed.service';
import { DEMO_PASSWORD } from '../../apps/api/src/seed/demo-data';
import { DEMO_DONOR } from '../../apps/api/src/seed/demo-assistance';
import { createTestApp, TestApp } from '../support/test-app';

describe('demo dataset on first start', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('should load offices, organisations, staff, ~300 returnees and cases of every type in every status into an empty database, once', async () => {
    const seed = t.app.get(DemoSeedService);
    expect(await seed.seedIfEmpty()).toBe(true);
    expect(await t.given.count('office')).toBe(3);
    expect(await t.given.count('organization')).toBe(5);
    expect(await t.given.count(`app_user WHERE role = 'supervisor'`)).toBe(2);
    expect(await t.given.count(`app_user WHERE role = 'caseworker'`)).toBe(4);
    expect(await t.given.count(`app_user WHERE role = 'ngo_staff'`)).toBe(4);
    expect(await t.given.count(`app_user WHERE role = 'donor'`)).toBe(1);
    expect(await t.given.count('returnee')).toBe(300);
    const { rows } = await t.db.query(`SELECT type, status, count(*)::int AS n FROM case_file GROUP BY type, status`);
    for (const type of ['health_referral', 'legal_aid', 'job_placement', 'pension_claim']) {
      for (const status of ['open', 'in_progress', 'on_hold', 'pending_closure', 'closed']) {
        expect(rows.find((r) => r.type === type && r.status === status)?.n ?? 0).toBeGreaterThan(0);
      }
    }
    // each case's timeline and audit were written by the real services
    expect(await t.given.count(`case_file c WHERE NOT EXISTS (SELECT 1 FROM case_event e WHERE e.case_id = c.id AND e.kind = 'created')`)).toBe(0);
    expect(await t.given.count(`returnee WHERE last_name ~ ' (уулу|кызы)$'`)).toBeGreaterThan(0);
    expect(await t.given.count(`migration_episode WHERE entry_ban_active`)).toBeGreaterThan(0);
    // households through the household service: derived counts, children left behind, the flag and its notification
    expect(await t.given.count('household_member')).toBeGreaterThan(50);
    expect(await t.given.count(`household_member WHERE lives_where = 'with_caregiver'`)).toBeGreaterThan(0);
    expect(
      await t.given.count(
        `returnee r WHERE EXISTS (SELECT 1 FROM household_member m WHERE m.returnee_id = r.id) AND r.household_size <> 1 + (SELECT count(*) FROM household_member m WHERE m.returnee_id = r.id)`,
      ),
    ).toBe(0);
    expect(await t.given.count('returnee WHERE child_without_caregiver')).toBeGreaterThan(0);
    // counselling and visit notes through the notes service: sealed, some confidential, some on a case, some corrected
    expect(await t.given.count('returnee_note')).toBeGreaterThan(100);
    expect(await t.given.count('returnee_note WHERE confidential')).toBeGreaterThan(0);
    expect(await t.given.count('returnee_note WHERE corrects_id IS NOT NULL')).toBeGreaterThan(0);
    expect(await t.given.count(`case_event WHERE kind = 'counselling_note'`)).toBeGreaterThan(0);
    // needs assessments: an intake for most returnees, a 12-month monitoring one for some, answers sealed
    expect(await t.given.count(`needs_assessment WHERE occasion = 'intake'`)).toBe(270);
    expect(await t.given.count(`needs_assessment WHERE occasion = 'monitoring_12m'`)).toBe(60);
    expect(await t.given.count(`needs_assessment WHERE answers_enc NOT LIKE 'v1.%' OR cardinality(priorities) > 3`)).toBe(0);
    // reintegration plans for every fifth returnee, in every state, one active plan each, a revised one in two versions
    expect(await t.given.count('plan_version WHERE version = 1')).toBe(60);
    for (const status of ['draft', 'submitted', 'returned', 'approved', 'under_review', 'completed', 'closed']) {
      expect([status, (await t.given.count(`plan_version WHERE status = '${status}'`)) > 0]).toEqual([status, true]);
    }
    expect(await t.given.count("plan_version WHERE version = 2 AND status = 'draft'")).toBeGreaterThan(0);
    expect(await t.given.count(`plan_action WHERE kind IN ('case', 'referral')`)).toBeGreaterThan(0);
    expect(await t.given.count(`plan_review WHERE cardinality(note_ids) > 0`)).toBeGreaterThan(0);
    // document recovery for returnees flagged no_documents: items in every status, a requested one chased by a
    // follow-up, a received one linked to its uploaded (encrypted) scan; closed pension claims carry the missing-papers reason
    for (const status of ['to_request', 'requested', 'received', 'refused']) {
      expect([status, (await t.given.count(`recovery_item WHERE status = '${status}'`)) > 0]).toEqual([status, true]);
    }
    expect(await t.given.count(`recovery_item WHERE status = 'requested' AND follow_up_id IS NOT NULL`)).toBeGreaterThan(0);
    expect(
      await t.given.count(
        `recovery_item ri JOIN document d ON d.id = ri.document_id JOIN document_version v ON v.document_id = d.id WHERE ri.status = 'received'`,
      ),
    ).toBeGreaterThan(0);
    expect(await t.given.count(`case_event WHERE kind = 'status_changed' AND data->>'missingDocumentsReason' IS NOT NULL`)).toBeGreaterThan(0);
    // TB check-ins (issue 18): two schedules with three weeks of questions sent and mostly answered yes
    expect(await t.given.count(`checkin_schedule WHERE active`)).toBe(2);
    expect(await t.given.count(`checkin c JOIN message m ON m.id = c.message_id WHERE m.status = 'sent' AND c.answer = 'yes'`)).toBe(2 * 18);
    expect(await t.given.count(`checkin WHERE answer = 'no'`)).toBe(2 * 2);

    // assistance (issue 19): a KGS programme and a USD one, items in every state through the service, the ledger behind
    // them, and a donor granted the USD programme whose report shows figures (five people or more), not suppressed cells
    const { rows: programmes } = await t.db.query(`SELECT id, currency FROM programme ORDER BY currency`);
    expect(programmes.map((p) => p.currency)).toEqual(['KGS', 'USD']);
    for (const status of ['proposed', 'approved', 'rejected', 'disbursed', 'verified', 'cancelled']) {
      expect([status, (await t.given.count(`assistance_item WHERE status = '${status}'`)) > 0]).toEqual([status, true]);
    }
    expect(await t.given.count(`assistance_item WHERE second_approved_by IS NOT NULL`)).toBeGreaterThan(0);
    expect(await t.given.count(`ledger_entry WHERE kind = 'disburse'`)).toBeGreaterThan(0);
    expect(await t.given.count(`audit_log WHERE entity = 'assistance_item'`)).toBeGreaterThan(0);
    const usd = programmes.find((p) => p.currency === 'USD').id;
    const { rows: grants } = await t.db.query(`SELECT d.programme_id FROM donor_programme d JOIN app_user u ON u.id = d.user_id WHERE u.role = 'donor'`);
    expect(grants.map((g) => g.programme_id)).toEqual([usd]);
    const donor = await t.http.post('/api/auth/login').send({ email: DEMO_DONOR.email, password: DEMO_PASSWORD });
    expect(donor.status).toBe(200);
    const donorReport = await t.http.get('/api/reports/assistance').set('Authorization', `Bearer ${donor.body.accessToken}`);
    expect(donorReport.status).toBe(200);
    expect(donorReport.body.rows).toEqual([expect.objectContaining({ programmeId: usd, currency: 'USD', people: expect.any(Number) })]);
    expect(donorReport.body.rows[0].people).toBeGreaterThanOrEqual(5);
    expect(donorReport.body.rows[0].disbursedMinor).toBeGreaterThan(0);
    expect((await t.http.get('/api/returnees').set('Authorization', `Bearer ${donor.body.accessToken}`)).status).toBe(403);
    // "1+1" businesses of the KGS programme through the matching service: approved by the committee, a first tranche
    // paid; one checked at 3 months and paid its second tranche, one closed at 3 months and the rest of its grant
    // released, one checked and waiting for its second tranche, one waiting for its 3-month check; some checked at 6
    // and 12 months; one still waits for the committee
    expect(await t.given.count(`matching_application WHERE status = 'approved' AND assistance_item_id IS NOT NULL`)).toBe(4);
    expect(await t.given.count(`matching_application WHERE status = 'proposed'`)).toBe(1);
    expect(await t.given.count(`business_survival_check WHERE milestone = '3m'`)).toBe(3);
    expect(await t.given.count(`business_survival_check WHERE milestone = '6m'`)).toBe(3);
    expect(await t.given.count(`business_survival_check WHERE milestone = '12m'`)).toBe(2);
    expect(await t.given.count(`matching_application WHERE follow_up_3m_id IS NOT NULL AND follow_up_6m_id IS NOT NULL AND follow_up_12m_id IS NOT NULL`)).toBe(
      4,
    );
    const paidTwice = `matching_application ma WHERE (SELECT count(*) FROM assistance_disbursement d WHERE d.assistance_item_id = ma.assistance_item_id AND d.kind = 'disburse') = 2`;
    expect(await t.given.count(paidTwice)).toBe(1);
    const { rows: released } = await t.db.query(
      `SELECT s.business_status FROM assistance_disbursement d JOIN matching_application ma ON ma.assistance_item_id = d.assistance_item_id
         JOIN business_survival_check s ON s.application_id = ma.id AND s.milestone = '3m' WHERE d.kind = 'release'`,
    );
    expect(released).toEqual([{ business_status: 'closed' }]);
    const adminLogin = await t.http.post('/api/auth/login').send({ email: 'admin@kaytuu.kg', password: DEMO_PASSWORD });
    const plus = await t.http.get('/api/reports/matching').set('Authorization', `Bearer ${adminLogin.body.accessToken}`);
    expect(plus.body.rows).toEqual([
      expect.objectContaining({
        currency: 'KGS',
        businesses: 4,
        checked3m: 3,
        operating3m: 2,
        checked6m: 3,
        operating6m: 2,
        shareOperating6m: 0.667,
        checked12m: 2,
        operating12m: 1,
      }),
    ]);

    const login = await t.http.post('/api/auth/login').send({ email: 'caseworker.osh@kaytuu.kg', password: DEMO_PASSWORD });
    expect(login.status).toBe(200);
    const list = await t.http.get('/api/returnees').set('Authorization', `Bearer ${login.body.accessToken}`);
    const total = Number(/\/(\d+)$/.exec(list.headers['content-range'])?.[1]);
    expect(total).toBeGreaterThan(50);
    expect(total).toBeLessThan(300);

    // referrals at every stage of the loop, visible to the organisation's demo login
    const { rows: stages } = await t.db.query(`SELECT status, count(*)::int AS n FROM referral GROUP BY status`);
    for (const status of ['sent', 'accepted', 'in_service', 'completed', 'declined']) {
      expect(stages.find((r) => r.status === status)?.n ?? 0).toBeGreaterThan(0);
    }
    const ngo = await t.http.post('/api/auth/login').send({ email: 'staff@adilet.example.kg', password: DEMO_PASSWORD });
    const inbox = await t.http.get('/api/referrals').set('Authorization', `Bearer ${ngo.body.accessToken}`);
    expect(inbox.status).toBe(200);
    expect(inbox.body.length).toBeGreaterThan(0);
    expect(inbox.body.every((r: { caseType: string }) => r.caseType === 'legal_aid')).toBe(true);

    expect(await seed.seedIfEmpty()).toBe(false);
    expect(await t.given.count('returnee')).toBe(300);
    // seeding takes 1–2 minutes while the suite's other workers share the cores
  }, 420_000);
});
