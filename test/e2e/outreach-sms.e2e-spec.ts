import { INestApplicationContext } from '@nestjs/common';
import { AAD } from '../../libs/shared/src/crypto/field-cipher';
import { SmppTestServer } from '../support/smpp-server';
import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';
import { startTestWorker } from '../support/worker';

jest.setTimeout(120_000);

// A TB check-in over real SMS: the schedule set through the API, the worker's sweep writes the check-in and its
// question, the worker's relay sends it through its SMPP bind to the test SMSC (UCS-2, the neutral text), the returnee's
// reply comes back as a deliver_sm and reaches the caseworker. The question is made due at once, whatever the hour the
// suite runs at (quiet hours are the messaging rules', tested there).
describe('TB check-in over SMPP', () => {
  let t: TestApp;
  let smsc: SmppTestServer;
  let worker: INestApplicationContext | null = null;
  let cw: GivenUser;
  let office: { id: string };

  beforeAll(async () => {
    smsc = await SmppTestServer.start();
    t = await createTestApp({ env: { ...smsc.env(), RELAY_INTERVAL_MS: '100', MESSAGES_DAILY_CAP: '100' } });
    office = await t.given.office();
    cw = await t.given.user('caseworker', { officeId: office.id });
    worker = await startTestWorker(t);
    await waitFor(() => smsc.isBound());
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await smsc?.close();
  });

  it('should ask by SMS in neutral words and take the numbered answer "3" to the caseworker', async () => {
    const phone = '+996707123456';
    const r = await t.given.returnee({ officeId: office.id, phone });
    await t.db.query(`UPDATE returnee SET languages = '{ky}' WHERE id = $1`, [r.id]);
    await t.db.query(`INSERT INTO consent (returnee_id, scope, given_at) VALUES ($1, '{data_processing,contact_by_phone}', now() - interval '1 day')`, [r.id]);
    const c = await t.given.caseFile({
      returneeId: r.id,
      officeId: office.id,
      type: 'health_referral',
      status: 'in_progress',
      assigneeId: cw.id,
      details: { condition: 'tb', urgency: 'soon', tbTreatmentStage: 'continuation' },
    });
    const res = await t.http.put(`/api/cases/${c.id}/checkin-schedule`).set(bearer(cw)).send({ frequency: 'daily', localTime: '10:00', channel: 'sms' });
    expect(res.status).toBe(200);
    const { rows } = await t.db.query(`SELECT id, message_id FROM checkin WHERE case_id = $1`, [c.id]);
    expect(rows).toHaveLength(1);
    await t.db.query(`UPDATE message SET fire_at = now(), expires_at = now() + interval '1 hour' WHERE id = $1`, [rows[0].message_id]);

    const sms = await waitFor(() => smsc.messages().find((m) => m.destination === phone.slice(1)), 30_000);
    expect(sms.text).toBe('Бүгүнкү планды аткардыңызбы? Жооп: 1 – ооба, 2 – жок, 3 – суроом бар.');
    expect(sms.dataCoding).toBe(8);
    const out = await t.db.query(`SELECT status, segments, body_enc FROM message WHERE id = $1`, [rows[0].message_id]);
    expect(t.given.cipher.decrypt(out.rows[0].body_enc, AAD.messageBody)).toBe(sms.text);
    await waitFor(async () =>
      ['sent', 'delivered'].includes((await t.db.query(`SELECT status FROM message WHERE id = $1`, [rows[0].message_id])).rows[0].status),
    );

    expect(await smsc.sendMo(phone.slice(1), '3')).toBe(0);
    const answered = await waitFor(async () => {
      const q = await t.db.query(`SELECT answer, escalated_at FROM checkin WHERE id = $1`, [rows[0].id]);
      return q.rows[0].answer ? q.rows[0] : null;
    });
    expect(answered.answer).toBe('side_effects');
    expect(answered.escalated_at).not.toBeNull();
    const note = await t.db.query(`SELECT user_id, data->>'reason' AS reason FROM notification WHERE kind = 'tb_checkin_concern'`);
    expect(note.rows).toEqual([{ user_id: cw.id, reason: 'side_effects' }]);
    // the thank-you goes out too (an answer to what the returnee wrote), without health words
    const thanks = await waitFor(() => smsc.messages().find((m) => m.destination === phone.slice(1) && m.text.startsWith('Рахмат')), 30_000);
    expect(thanks.text).toBe('Рахмат, жообуңуз алынды.');
  });
});
