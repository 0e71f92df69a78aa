import { randomUUID } from 'node:crypto';
import { AAD, Actor } from '@kaytuu/shared';
import { ReturneeLookupService } from '@kaytuu/returnees';
import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';

type Body = Record<string, unknown>;

// PIN = sex digit (1 female, 2 male) + birth date DDMMYYYY + 5-digit serial; unique per call so tests never collide.
let serial = 10000 + Math.floor(Math.random() * 50000);
function pinFor(sex: 'female' | 'male', birthDate: string): string {
  const [y, m, d] = birthDate.split('-');
  return `${sex === 'female' ? 1 : 2}${d}${m}${y}${String(++serial).padStart(5, '0')}`;
}

// local form "0555 123 456" and its E.164 form "+996555123456"
let phoneSerial = 100000 + Math.floor(Math.random() * 800000);
const localPhone = () => {
  const n = String(++phoneSerial);
  return { local: `0555 ${n.slice(0, 3)} ${n.slice(3)}`, e164: `+996555${n}` };
};

function returneeBody(over: Body = {}): Body {
  const sex = (over.sex as 'female' | 'male') ?? 'male';
  const birthDate = (over.birthDate as string) ?? '1991-03-21';
  return {
    pin: pinFor(sex, birthDate),
    lastName: 'Жээнбеков',
    firstName: 'Айбек',
    patronymic: 'Асанович',
    sex,
    birthDate,
    phone: localPhone().local,
    oblast: 'osh',
    district: 'Ноокатский',
    address: 'с. Ноокат, ул. Ленина 12',
    householdSize: 6,
    dependents: 3,
    languages: ['ky', 'ru'],
    education: 'secondary',
    skills: ['каменщик', 'сварщик'],
    disability: 'none',
    vulnerabilities: ['debt'],
    episodes: [
      {
        country: 'RU',
        city: 'Москва',
        departedOn: '2016-04-01',
        returnedOn: '2019-11-15',
        sector: 'construction',
        employmentFormal: false,
        returnReason: 'end_of_contract',
      },
      {
        country: 'RU',
        city: 'Екатеринбург',
        departedOn: '2021-02-10',
        returnedOn: '2024-09-03',
        sector: 'construction',
        employmentFormal: true,
        returnReason: 'entry_ban',
        entryBan: { active: true, until: '2029-09-03', authority: 'МВД РФ' },
      },
    ],
    consent: { scope: ['data_processing', 'contact_by_phone'], givenAt: '2025-01-15T09:30:00+06:00' },
    ...over,
  };
}

describe('returnees', () => {
  let t: TestApp;
  let officeA: { id: string };
  let officeB: { id: string };
  let cwA: GivenUser;
  let supA: GivenUser;
  let cwB: GivenUser;
  let admin: GivenUser;
  let ngo: GivenUser;

  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_THROTTLE_PER_MINUTE: '1000' } });
    officeA = await t.given.office({ oblast: 'osh', district: 'Ноокатский' });
    officeB = await t.given.office({ oblast: 'naryn', district: 'Кочкорский' });
    cwA = await t.given.user('caseworker', { officeId: officeA.id });
    supA = await t.given.user('supervisor', { officeId: officeA.id });
    cwB = await t.given.user('caseworker', { officeId: officeB.id });
    admin = await t.given.user('admin');
    ngo = await t.given.user('ngo_staff');
  });
  afterAll(() => t.close());

  const create = (user: GivenUser, body: Body) => t.http.post('/api/returnees').set(bearer(user)).send(body);
  const list = (user: GivenUser, query: { filter?: Body; sort?: [string, string]; range?: [number, number] } = {}) =>
    t.http
      .get('/api/returnees')
      .set(bearer(user))
      .query({
        ...(query.filter ? { filter: JSON.stringify(query.filter) } : {}),
        ...(query.sort ? { sort: JSON.stringify(query.sort) } : {}),
        ...(query.range ? { range: JSON.stringify(query.range) } : {}),
      });
  const search = async (user: GivenUser, q: string, filter: Body = {}): Promise<string[]> => {
    const res = await list(user, { filter: { q, ...filter }, range: [0, 99] });
    expect(res.status).toBe(200);
    return (res.body as Array<{ id: string }>).map((r) => r.id);
  };
  const counts = async () => ({
    returnee: await t.given.count('returnee'),
    episode: await t.given.count('migration_episode'),
    consent: await t.given.count('consent'),
  });

  describe('create', () => {
    it('should keep codes unique past a million (the number widens instead of being cut to six digits)', async () => {
      const {
        rows: [seq],
      } = await t.db.query(`SELECT last_value FROM returnee_code_seq`);
      await t.db.query(`SELECT setval('returnee_code_seq', 999999)`);
      // names and dates of their own, so later tests do not see them as possible duplicates
      const first = await create(cwA, returneeBody({ phone: localPhone().local, lastName: 'Миңбаев', firstName: 'Эрмек', birthDate: '1979-02-02', pin: null }));
      const second = await create(
        cwA,
        returneeBody({ phone: localPhone().local, lastName: 'Миңбаева', firstName: 'Айгерим', birthDate: '1979-03-03', pin: null, sex: 'female' }),
      );
      expect(first.status).toBe(201);
      expect(second.status).toBe(201);
      expect(first.body.code).toMatch(/^KT-\d{4}-1000000$/);
      expect(second.body.code).toMatch(/^KT-\d{4}-1000001$/);
      // back where it was, so the six-digit codes other tests expect stay six digits
      await t.db.query(`SELECT setval('returnee_code_seq', $1)`, [seq.last_value]);
    });

    it('should register a returnee with episodes, consent and an audit row when a caseworker posts a valid record', async () => {
      const phone = localPhone();
      const body = returneeBody({ phone: phone.local });
      const before = await counts();

      const res = await create(cwA, body);

      expect(res.status).toBe(201);
      const year = new Date(Date.now() + 6 * 3600_000).getUTCFullYear();
      expect(res.body.code).toMatch(new RegExp(`^KT-${year}-\\d{6}$`));
      expect(res.body).toMatchObject({
        pin: body.pin,
        lastName: 'Жээнбеков',
        fullName: 'Жээнбеков Айбек Асанович',
        phone: phone.e164,
        officeId: officeA.id,
        createdBy: cwA.id,
        version: 1,
        lastCountry: 'RU',
        lastReturnReason: 'entry_ban',
        entryBanActive: true,
        possibleDuplicates: [],
      });
      expect(res.body.age).toBeGreaterThanOrEqual(33);
      expect(res.body.episodes).toHaveLength(2);
      expect(res.body.episodes[1]).toMatchObject({ country: 'RU', city: 'Екатеринбург', entryBan: { active: true, until: '2029-09-03', authority: 'МВД РФ' } });
      expect(res.body.consents).toHaveLength(1);
      expect(res.body.consents[0]).toMatchObject({ scope: ['data_processing', 'contact_by_phone'], givenAt: '2025-01-15T03:30:00.000Z', recordedBy: cwA.id });
      expect(res.body.searchText).toBeUndefined();
      expect(await counts()).toEqual({ returnee: before.returnee + 1, episode: before.episode + 2, consent: before.consent + 1 });

      const { rows: stored } = await t.db.query(`SELECT search_text, phone_enc, phone_hmac FROM returnee WHERE id = $1`, [res.body.id]);
      expect(stored[0].search_text).toContain('jenbekov aibek');
      expect(stored[0].phone_enc).not.toContain(phone.e164.slice(4));
      expect(t.given.cipher.decrypt(stored[0].phone_enc, AAD.returneePhone)).toBe(phone.e164);
      expect(stored[0].phone_hmac).toBe(t.given.cipher.phoneHmac(phone.e164));
      const { rows: audit } = await t.db.query(
        `SELECT actor_id, diff::text AS diff FROM audit_log WHERE action = 'create' AND entity = 'returnee' AND entity_id = $1`,
        [res.body.id],
      );
      expect(audit).toHaveLength(1);
      expect(audit[0].actor_id).toBe(cwA.id);
      expect(audit[0].diff).not.toContain(body.pin as string);
      expect(audit[0].diff).not.toContain(phone.e164.slice(4));
    });

    it('should let an admin register into a chosen office and require the office when it is missing', async () => {
      const ok = await create(admin, returneeBody({ lastName: 'Садыкова', firstName: 'Бермет', sex: 'female', officeId: officeB.id }));
      expect(ok.status).toBe(201);
      expect(ok.body.officeId).toBe(officeB.id);

      const missing = await create(admin, returneeBody({ lastName: 'Садыкова', firstName: 'Бермет', sex: 'female' }));
      expect(missing.status).toBe(400);
      expect(missing.body.errors.officeId).toBeDefined();

      const unknown = await create(admin, returneeBody({ officeId: randomUUID() }));
      expect(unknown.status).toBe(422);
      expect(unknown.body.errors.officeId).toBe('does not exist');
    });

    it('should answer 403 and store nothing when a caseworker registers into another office', async () => {
      const before = await counts();
      const res = await create(cwA, returneeBody({ officeId: officeB.id }));
      expect(res.status).toBe(403);
      expect(await counts()).toEqual(before);
    });

    it('should answer 409 DUPLICATE_PIN and store nothing when the PIN belongs to a live record', async () => {
      const first = await create(cwA, returneeBody({ lastName: 'Осмонов', firstName: 'Эрмек' }));
      expect(first.status).toBe(201);
      const before = await counts();

      const sameOffice = await create(supA, returneeBody({ lastName: 'Исаков', firstName: 'Нурбек', pin: first.body.pin }));
      expect(sameOffice.status).toBe(409);
      expect(sameOffice.body).toMatchObject({ code: 'DUPLICATE_PIN', errors: { pin: 'is already registered' } });
      expect(sameOffice.body.message).toContain(first.body.code);

      // the other office learns that the PIN is taken, but not which record holds it
      const otherOffice = await create(cwB, returneeBody({ lastName: 'Исаков', firstName: 'Нурбек', pin: first.body.pin }));
      expect(otherOffice.status).toBe(409);
      expect(otherOffice.body.code).toBe('DUPLICATE_PIN');
      expect(otherOffice.body.message).not.toContain(first.body.code);
      expect(otherOffice.body.existingCode).toBeUndefined();
      expect(await counts()).toEqual(before);
    });

    it('should answer one 201 and one 409 when two creates race with the same PIN', async () => {
      const body = returneeBody({ lastName: 'Турдубаев', firstName: 'Канат' });
      const [a, b] = await Promise.all([create(cwA, body), create(supA, { ...body, firstName: 'Канатбек' })]);
      expect([a.status, b.status].sort()).toEqual([201, 409]);
      expect([a, b].find((r) => r.status === 409)?.body.code).toBe('DUPLICATE_PIN');
    });

    it('should still create but list possible duplicates when a similar name has the same birth date', async () => {
      const first = await create(cwA, returneeBody({ lastName: 'Мамытов', firstName: 'Бакыт', birthDate: '1988-07-02' }));
      expect(first.status).toBe(201);

      const second = await create(cwA, returneeBody({ lastName: 'Mamytov', firstName: 'Bakyt', patronymic: null, birthDate: '1988-07-02' }));

      expect(second.status).toBe(201);
      expect(second.body.possibleDuplicates).toEqual([{ id: first.body.id, code: first.body.code, fullName: first.body.fullName, birthDate: '1988-07-02' }]);
      const otherDate = await create(cwA, returneeBody({ lastName: 'Мамытов', firstName: 'Бакыт', birthDate: '1988-07-03' }));
      expect(otherDate.status).toBe(201);
      expect(otherDate.body.possibleDuplicates).toEqual([]);
      // a caseworker of another office is not shown office A's records
      const foreign = await create(cwB, returneeBody({ lastName: 'Мамытов', firstName: 'Бакыт', birthDate: '1988-07-02' }));
      expect(foreign.status).toBe(201);
      expect(foreign.body.possibleDuplicates).toEqual([]);
    });
  });

  describe('read', () => {
    it('should write an audit read row when a returnee is fetched', async () => {
      const created = await create(cwA, returneeBody({ lastName: 'Алымкулова', firstName: 'Нургуль', sex: 'female' }));
      const before = await t.given.count(`audit_log WHERE action = 'read' AND entity_id = '${created.body.id}'`);

      const res = await t.http.get(`/api/returnees/${created.body.id}`).set(bearer(supA));

      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: created.body.id, fullName: 'Алымкулова Нургуль Асанович', episodes: expect.any(Array) });
      expect(res.body.possibleDuplicates).toBeUndefined();
      const { rows } = await t.db.query(`SELECT actor_id FROM audit_log WHERE action = 'read' AND entity = 'returnee' AND entity_id = $1`, [created.body.id]);
      expect(rows).toHaveLength(before + 1);
      expect(rows[rows.length - 1].actor_id).toBe(supA.id);
    });

    it('should hide office A records from office B when listing and fetching', async () => {
      const office = await t.given.office();
      const cw = await t.given.user('caseworker', { officeId: office.id });
      const other = await t.given.user('caseworker', { officeId: (await t.given.office()).id });
      const ids: string[] = [];
      for (const [lastName, firstName] of [
        ['Эсенгулов', 'Улан'],
        ['Шаршеналиев', 'Темирлан'],
        ['Кудайбергенов', 'Медер'],
      ]) {
        const r = await create(cw, returneeBody({ lastName, firstName }));
        expect(r.status).toBe(201);
        ids.push(r.body.id);
      }

      const own = await list(cw, { range: [0, 1] });
      expect(own.status).toBe(200);
      expect(own.body).toHaveLength(2);
      expect(own.headers['content-range']).toBe('returnees 0-1/3');

      const foreign = await list(other);
      expect(foreign.status).toBe(200);
      expect(foreign.body).toEqual([]);
      expect(foreign.headers['content-range']).toBe('returnees */0');
      const byId = await list(other, { filter: { id: ids } });
      expect(byId.body).toEqual([]);
      const get = await t.http.get(`/api/returnees/${ids[0]}`).set(bearer(other));
      expect(get.status).toBe(404);
      expect(get.body.code).toBe('NOT_FOUND');

      const all = await list(admin, { filter: { officeId: office.id } });
      expect(all.headers['content-range']).toBe('returnees 0-2/3');
    });

    it('should write one audit read row listing the returned ids when a page is listed', async () => {
      const before = await t.given.count(`audit_log WHERE action = 'read' AND entity = 'returnee' AND entity_id IS NULL`);
      const res = await list(cwA, { range: [0, 2] });
      expect(res.status).toBe(200);
      const { rows } = await t.db.query(
        `SELECT diff FROM audit_log WHERE action = 'read' AND entity = 'returnee' AND entity_id IS NULL ORDER BY id DESC LIMIT 1`,
      );
      expect(await t.given.count(`audit_log WHERE action = 'read' AND entity = 'returnee' AND entity_id IS NULL`)).toBe(before + 1);
      expect(rows[0].diff.ids).toEqual((res.body as Array<{ id: string }>).map((r) => r.id));
    });

    it('should answer 403 on every returnee route when the caller is NGO staff', async () => {
      const created = await create(cwA, returneeBody({ lastName: 'Бекмуратова', firstName: 'Айпери', sex: 'female' }));
      const id = created.body.id as string;
      const responses = [
        await list(ngo),
        await t.http.get(`/api/returnees/${id}`).set(bearer(ngo)),
        await create(ngo, returneeBody()),
        await t.http.put(`/api/returnees/${id}`).set(bearer(ngo)).send({ version: 1, firstName: 'Айпери' }),
        await t.http.delete(`/api/returnees/${id}`).set(bearer(ngo)),
      ];
      expect(responses.map((r) => r.status)).toEqual([403, 403, 403, 403, 403]);
      expect(responses[0].body.code).toBe('FORBIDDEN');
    });
  });

  describe('update', () => {
    it('should change fields, replace episodes and bump the version when the version is current', async () => {
      const created = await create(cwA, returneeBody({ lastName: 'Жусупова', firstName: 'Динара', sex: 'female' }));
      const newPhone = localPhone();

      const res = await t.http
        .put(`/api/returnees/${created.body.id}`)
        .set(bearer(cwA))
        .send({
          version: 1,
          lastName: 'Токтогулова',
          phone: newPhone.local,
          dependents: 4,
          episodes: [{ country: 'KZ', departedOn: '2022-03-01', returnedOn: '2025-01-20', sector: 'trade', returnReason: 'family' }],
        });

      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        version: 2,
        lastName: 'Токтогулова',
        phone: newPhone.e164,
        dependents: 4,
        lastCountry: 'KZ',
        lastReturnReason: 'family',
        entryBanActive: false,
      });
      expect(res.body.episodes).toHaveLength(1);
      expect(await t.given.count(`migration_episode WHERE returnee_id = '${created.body.id}'`)).toBe(1);
      expect(await search(cwA, 'Toktogulova')).toContain(created.body.id);
      const { rows } = await t.db.query(`SELECT diff FROM audit_log WHERE action = 'update' AND entity_id = $1`, [created.body.id]);
      expect(rows).toHaveLength(1);
      expect(rows[0].diff.lastName).toEqual({ from: 'Жусупова', to: 'Токтогулова' });
      expect(rows[0].diff.phone).toBe('[redacted]');
      expect(JSON.stringify(rows[0].diff)).not.toContain(newPhone.e164.slice(4));
    });

    it('should accept the read-only fields of a record read back by react-admin and ignore them', async () => {
      const created = await create(cwA, returneeBody({ lastName: 'Назарова', firstName: 'Асель', sex: 'female' }));
      const { possibleDuplicates: _ignored, ...record } = created.body;
      const res = await t.http
        .put(`/api/returnees/${created.body.id}`)
        .set(bearer(cwA))
        .send({ ...record, firstName: 'Айжан', code: 'KT-0000-000000' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ firstName: 'Айжан', code: created.body.code, version: 2 });
    });

    it('should answer 409 STALE_VERSION and change nothing when the version is stale', async () => {
      const created = await create(cwA, returneeBody({ lastName: 'Орозбекова', firstName: 'Чолпон', sex: 'female' }));
      const first = await t.http.put(`/api/returnees/${created.body.id}`).set(bearer(cwA)).send({ version: 1, firstName: 'Жылдыз' });
      expect(first.status).toBe(200);
      const auditBefore = await t.given.count(`audit_log WHERE action = 'update' AND entity_id = '${created.body.id}'`);

      const stale = await t.http
        .put(`/api/returnees/${created.body.id}`)
        .set(bearer(supA))
        .send({ version: 1, firstName: 'Гулзат', episodes: [{ country: 'TR', departedOn: '2020-01-01', sector: 'services', returnReason: 'economic' }] });

      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({ code: 'STALE_VERSION', currentVersion: 2 });
      const { rows } = await t.db.query(`SELECT first_name, version FROM returnee WHERE id = $1`, [created.body.id]);
      expect(rows[0]).toEqual({ first_name: 'Жылдыз', version: 2 });
      expect(await t.given.count(`migration_episode WHERE returnee_id = '${created.body.id}'`)).toBe(2);
      expect(await t.given.count(`audit_log WHERE action = 'update' AND entity_id = '${created.body.id}'`)).toBe(auditBefore);
    });

    it('should answer 404 when staff of another office update a record, and 409 when the new PIN is taken', async () => {
      const a = await create(cwA, returneeBody({ lastName: 'Абдыкадыров', firstName: 'Алмазбек' }));
      const b = await create(cwA, returneeBody({ lastName: 'Абдрайымов', firstName: 'Эрлан' }));
      const foreign = await t.http.put(`/api/returnees/${a.body.id}`).set(bearer(cwB)).send({ version: 1, firstName: 'Самат' });
      expect(foreign.status).toBe(404);
      const taken = await t.http.put(`/api/returnees/${b.body.id}`).set(bearer(cwA)).send({ version: 1, pin: a.body.pin });
      expect(taken.status).toBe(409);
      expect(taken.body.code).toBe('DUPLICATE_PIN');
      const move = await t.http.put(`/api/returnees/${b.body.id}`).set(bearer(cwA)).send({ version: 1, officeId: officeB.id });
      expect(move.status).toBe(403);
      const { rows } = await t.db.query(`SELECT pin_enc, office_id, version FROM returnee WHERE id = $1`, [b.body.id]);
      expect({ ...rows[0], pin_enc: t.given.cipher.decrypt(rows[0].pin_enc, AAD.returneePin) }).toEqual({
        pin_enc: b.body.pin,
        office_id: officeA.id,
        version: 1,
      });
    });
  });

  describe('search', () => {
    let jeenbekov: string;
    let tologonova: string;
    let asanUulu: string;
    let office: { id: string };
    let cw: GivenUser;
    let byPin: { id: string; pin: string; code: string; phone: string };

    beforeAll(async () => {
      office = await t.given.office({ oblast: 'chuy', district: 'Сокулукский' });
      cw = await t.given.user('caseworker', { officeId: office.id });
      const phone = localPhone();
      const r1 = await create(cw, returneeBody({ lastName: 'Жээнбеков', firstName: 'Мирлан', patronymic: null, phone: phone.local }));
      const r2 = await create(cw, returneeBody({ lastName: 'Төлөгөнова', firstName: 'Айгүл', sex: 'female', patronymic: null }));
      const r3 = await create(cw, returneeBody({ lastName: 'Асан уулу', firstName: 'Нурлан', patronymic: null }));
      await create(cw, returneeBody({ lastName: 'Осмонов', firstName: 'Данияр', patronymic: null }));
      await create(cw, returneeBody({ lastName: 'Нурматова', firstName: 'Самара', sex: 'female', patronymic: null }));
      expect([r1.status, r2.status, r3.status]).toEqual([201, 201, 201]);
      jeenbekov = r1.body.id;
      tologonova = r2.body.id;
      asanUulu = r3.body.id;
      byPin = { id: r1.body.id, pin: r1.body.pin, code: r1.body.code, phone: phone.local };
    });

    it.each(['Zheenbekov', 'Jeenbekov', 'Dzheenbekov', 'жэнбеков', 'Жээнбеков', 'ZHEENBEKOV Mirlan', 'Jeenbekv', 'Jinbekav'])(
      'should find Жээнбеков when searching %s',
      async (q) => {
        const ids = await search(cw, q);
        expect(ids[0]).toBe(jeenbekov);
        expect(ids).not.toContain(tologonova);
      },
    );

    it.each(['Tologonova', 'Толгонова', 'Тологонова', 'tologonva', 'Tologanava', 'Aigul Tologonova'])('should find Төлөгөнова when searching %s', async (q) => {
      const ids = await search(cw, q);
      expect(ids).toContain(tologonova);
      expect(ids).not.toContain(jeenbekov);
    });

    it.each(['Асан уулу Нурлан', 'Nurlan Asan uulu', 'asan uly', 'Нурлан Асан'])(
      'should find the patronymic-style name Асан уулу Нурлан when searching %s',
      async (q) => {
        expect(await search(cw, q)).toContain(asanUulu);
      },
    );

    it('should find nobody when the name is unrelated', async () => {
      expect(await search(cw, 'Кыдыралиев')).toEqual([]);
      // three letters apart from Нурлан: not a typo any more
      expect(await search(cw, 'Нурбек')).not.toContain(asanUulu);
    });

    it('should answer 200 with no rows when the query is SQL-like, symbols only or very long', async () => {
      expect(await search(cw, "'; DROP TABLE returnee; --")).toEqual([]);
      expect(await search(cw, '%_\\')).toEqual([]);
      expect(await search(cw, 'ц'.repeat(200))).toEqual([]);
      expect(await t.given.count('returnee')).toBeGreaterThan(0);
    });

    it('should find a returnee by PIN, by phone in local form and by code in lower case', async () => {
      expect(await search(cw, byPin.pin)).toEqual([byPin.id]);
      expect(await search(cw, byPin.phone)).toEqual([byPin.id]);
      expect(await search(cw, byPin.code.toLowerCase())).toEqual([byPin.id]);
    });

    it("should not find another office's returnee when searching by its PIN", async () => {
      expect(await search(cwB, byPin.pin)).toEqual([]);
    });
  });

  describe('filters and sort', () => {
    let office: { id: string };
    let sup: GivenUser;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      office = await t.given.office({ oblast: 'batken', district: 'Лейлекский' });
      sup = await t.given.user('supervisor', { officeId: office.id });
      const today = new Date();
      const yearsAgo = (n: number) => `${today.getUTCFullYear() - n}-01-01`;
      const specs: Array<[string, Body]> = [
        [
          'young',
          {
            lastName: 'Бекова',
            firstName: 'Элнура',
            sex: 'female',
            birthDate: yearsAgo(17),
            oblast: 'batken',
            vulnerabilities: ['single_parent'],
            episodes: [{ country: 'KZ', departedOn: '2023-05-01', returnedOn: '2024-05-01', sector: 'trade', returnReason: 'family' }],
          },
        ],
        [
          'banned',
          {
            lastName: 'Карабеков',
            firstName: 'Руслан',
            sex: 'male',
            birthDate: yearsAgo(35),
            oblast: 'osh',
            vulnerabilities: [],
            episodes: [
              {
                country: 'RU',
                departedOn: '2018-05-01',
                returnedOn: '2024-05-01',
                sector: 'construction',
                returnReason: 'entry_ban',
                entryBan: { active: true, until: null },
              },
            ],
          },
        ],
        [
          'expired',
          {
            lastName: 'Чыныбаев',
            firstName: 'Талант',
            sex: 'male',
            birthDate: yearsAgo(52),
            oblast: 'osh',
            vulnerabilities: ['tb', 'debt'],
            episodes: [
              {
                country: 'RU',
                departedOn: '2010-05-01',
                returnedOn: '2015-05-01',
                sector: 'transport',
                returnReason: 'deported',
                entryBan: { active: true, until: '2020-01-01' },
              },
              { country: 'TR', departedOn: '2019-05-01', returnedOn: '2023-05-01', sector: 'services', returnReason: 'health' },
            ],
          },
        ],
      ];
      for (const [key, body] of specs) {
        const res = await create(sup, returneeBody({ patronymic: null, ...body }));
        expect(res.status).toBe(201);
        ids[key] = res.body.id;
      }
    });

    const ids_ = async (filter: Body, sort?: [string, string]) => {
      const res = await list(sup, { filter, sort, range: [0, 49] });
      expect(res.status).toBe(200);
      return (res.body as Array<{ id: string }>).map((r) => r.id);
    };

    it('should filter by oblast, sex, age band and vulnerability when given', async () => {
      expect(await ids_({ oblast: 'batken' })).toEqual([ids.young]);
      expect(await ids_({ sex: 'male' })).toEqual(expect.arrayContaining([ids.banned, ids.expired]));
      expect(await ids_({ sex: 'male' })).not.toContain(ids.young);
      expect(await ids_({ ageBand: 'under_18' })).toEqual([ids.young]);
      expect(await ids_({ ageBand: ['30_39', '50_plus'] })).toEqual(expect.arrayContaining([ids.banned, ids.expired]));
      expect(await ids_({ ageBand: '30_39' })).toEqual([ids.banned]);
      expect(await ids_({ vulnerability: 'tb' })).toEqual([ids.expired]);
    });

    it('should match any episode when filtering by return reason, country and entry ban', async () => {
      expect(await ids_({ returnReason: 'health' })).toEqual([ids.expired]);
      expect(await ids_({ returnReason: 'deported' })).toEqual([ids.expired]);
      expect((await ids_({ country: 'tr' })).sort()).toEqual([ids.expired]);
      expect((await ids_({ country: ['RU', 'KZ'] })).sort()).toEqual([ids.young, ids.banned, ids.expired].sort());
      // a ban whose end date has passed is not in force
      expect(await ids_({ entryBan: true })).toEqual([ids.banned]);
      expect((await ids_({ entryBan: false })).sort()).toEqual([ids.young, ids.expired].sort());
    });

    it('should sort by the requested field and direction', async () => {
      expect(await ids_({}, ['birthDate', 'ASC'])).toEqual([ids.expired, ids.banned, ids.young]);
      expect(await ids_({}, ['lastName', 'DESC'])).toEqual([ids.expired, ids.banned, ids.young]);
    });

    it('should answer 400 naming the key when the filter key or sort field is unknown', async () => {
      const badFilter = await list(sup, { filter: { salary: 100 } });
      expect(badFilter.status).toBe(400);
      expect(badFilter.body.errors['filter.salary']).toMatch(/unknown filter/);
      const badSort = await list(sup, { sort: ['pin', 'ASC'] });
      expect(badSort.status).toBe(400);
      expect(badSort.body.errors.sort).toMatch(/cannot sort/);
      const badValue = await list(sup, { filter: { ageBand: '60_plus' } });
      expect(badValue.status).toBe(400);
      expect(badValue.body.errors['filter.ageBand']).toBeDefined();
    });
  });

  describe('delete', () => {
    it('should soft-delete and then answer 404 when an admin deletes a returnee', async () => {
      const created = await create(cwA, returneeBody({ lastName: 'Сулайманов', firstName: 'Азамат' }));
      const res = await t.http.delete(`/api/returnees/${created.body.id}`).set(bearer(admin));
      expect(res.status).toBe(200);
      expect(res.body.id).toBe(created.body.id);

      expect((await t.http.get(`/api/returnees/${created.body.id}`).set(bearer(cwA))).status).toBe(404);
      expect((await t.http.get(`/api/returnees/${created.body.id}`).set(bearer(admin))).status).toBe(404);
      expect((await t.http.delete(`/api/returnees/${created.body.id}`).set(bearer(admin))).status).toBe(404);
      expect(await search(cwA, created.body.code)).toEqual([]);
      const { rows } = await t.db.query(`SELECT deleted_at IS NOT NULL AS deleted FROM returnee WHERE id = $1`, [created.body.id]);
      expect(rows[0].deleted).toBe(true);
      expect(await t.given.count(`audit_log WHERE action = 'delete' AND entity_id = '${created.body.id}'`)).toBe(1);
      // the PIN of a deleted record may be registered again
      expect((await create(cwA, returneeBody({ lastName: 'Сулайманов', firstName: 'Азамат', pin: created.body.pin }))).status).toBe(201);
    });

    it('should answer 403 and keep the record when a caseworker or supervisor deletes', async () => {
      const created = await create(cwA, returneeBody({ lastName: 'Нурмаматов', firstName: 'Жоомарт' }));
      expect((await t.http.delete(`/api/returnees/${created.body.id}`).set(bearer(cwA))).status).toBe(403);
      expect((await t.http.delete(`/api/returnees/${created.body.id}`).set(bearer(supA))).status).toBe(403);
      expect((await t.http.get(`/api/returnees/${created.body.id}`).set(bearer(cwA))).status).toBe(200);
    });
  });

  describe('bad input', () => {
    const episode = { country: 'RU', departedOn: '2019-01-01', returnedOn: '2022-01-01', sector: 'construction', returnReason: 'economic' };
    const future = `${new Date().getUTCFullYear() + 1}-01-01`;
    const badCreates: Array<[string, Body, string]> = [
      ['a number as last name', { lastName: 42 }, 'lastName'],
      ['an unknown top-level property', { salary: 30000 }, 'salary'],
      ['an unknown property inside an episode', { episodes: [{ ...episode, salary: 1 }] }, 'episodes[0].salary'],
      ['a 101-character first name', { firstName: 'А'.repeat(101) }, 'firstName'],
      ['an invalid oblast', { oblast: 'moscow' }, 'oblast'],
      ['an invalid sex', { sex: 'x' }, 'sex'],
      ['an invalid language', { languages: ['ky', 'de'] }, 'languages'],
      ['an invalid vulnerability', { vulnerabilities: ['poor'] }, 'vulnerabilities'],
      ['a 13-digit PIN', { pin: '2140519970012' }, 'pin'],
      ['a PIN starting with 3', { pin: '31405199700123' }, 'pin'],
      ['a Russian phone', { phone: '+79161234567' }, 'phone'],
      ['a birth date in the future', { birthDate: future }, 'birthDate'],
      ['a birth date giving age 10', { birthDate: `${new Date().getUTCFullYear() - 10}-01-01` }, 'birthDate'],
      ['an impossible birth date', { birthDate: '1990-02-30' }, 'birthDate'],
      ['returnedOn before departedOn', { episodes: [{ ...episode, departedOn: '2022-01-01', returnedOn: '2021-12-31' }] }, 'episodes[0].returnedOn'],
      ['empty episodes', { episodes: [] }, 'episodes'],
      ['a lower-case country', { episodes: [{ ...episode, country: 'ru' }] }, 'episodes[0].country'],
      ['an invalid return reason', { episodes: [{ ...episode, returnReason: 'bored' }] }, 'episodes[0].returnReason'],
      ['dependents of 31', { dependents: 31 }, 'dependents'],
      ['a household of 0', { householdSize: 0 }, 'householdSize'],
      ['dependents as a string', { dependents: '3' }, 'dependents'],
      ['an empty district', { district: '   ' }, 'district'],
      ['an invalid consent scope', { consent: { scope: ['sell_data'], givenAt: '2025-01-01' } }, 'consent.scope'],
      ['an unknown property in consent', { consent: { scope: ['data_processing'], givenAt: '2025-01-01', signedBy: 'x' } }, 'consent.signedBy'],
      ['entry ban that is not an object', { episodes: [{ ...episode, entryBan: 'yes' }] }, 'episodes[0].entryBan'],
    ];

    it.each(badCreates)('should answer 400 naming the field and store nothing when POST has %s', async (_label, over, field) => {
      const before = await counts();
      const res = await create(cwA, returneeBody(over));
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
      expect(res.body.errors[field]).toEqual(expect.any(String));
      expect(await counts()).toEqual(before);
    });

    it('should answer 400 MALFORMED_JSON and store nothing when POST has malformed JSON', async () => {
      const before = await counts();
      const res = await t.http.post('/api/returnees').set(bearer(cwA)).set('Content-Type', 'application/json').send('{"lastName": "Асанов", ');
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('MALFORMED_JSON');
      expect(await counts()).toEqual(before);
    });

    it('should answer 400 naming each missing required field when POST body is empty', async () => {
      const res = await create(cwA, {});
      expect(res.status).toBe(400);
      expect(Object.keys(res.body.errors)).toEqual(expect.arrayContaining(['lastName', 'firstName', 'sex', 'birthDate', 'oblast', 'district', 'episodes']));
    });

    describe('on update', () => {
      let target: { id: string; version: number };
      beforeAll(async () => {
        const res = await create(cwA, returneeBody({ lastName: 'Исакова', firstName: 'Акмарал', sex: 'female' }));
        target = { id: res.body.id, version: res.body.version };
      });

      const badUpdates: Array<[string, Body, string]> = [
        ['no version', { firstName: 'Айдай' }, 'version'],
        ['a null last name', { version: 1, lastName: null }, 'lastName'],
        ['a number as first name', { version: 1, firstName: 7 }, 'firstName'],
        ['an unknown top-level property', { version: 1, nickname: 'Ака' }, 'nickname'],
        ['an unknown property inside an episode', { version: 1, episodes: [{ ...episode, employer: 'ООО Стрoй' }] }, 'episodes[0].employer'],
        ['a 301-character address', { version: 1, address: 'а'.repeat(301) }, 'address'],
        ['an invalid disability', { version: 1, disability: 'blind' }, 'disability'],
        ['a 13-digit PIN', { version: 1, pin: '1140519970012' }, 'pin'],
        ['a Russian phone', { version: 1, phone: '+7 916 123 45 67' }, 'phone'],
        ['a birth date in the future', { version: 1, birthDate: future }, 'birthDate'],
        [
          'returnedOn before departedOn',
          { version: 1, episodes: [{ ...episode, departedOn: '2022-01-01', returnedOn: '2020-01-01' }] },
          'episodes[0].returnedOn',
        ],
        ['empty episodes', { version: 1, episodes: [] }, 'episodes'],
        ['a departure in the future', { version: 1, episodes: [{ ...episode, departedOn: future, returnedOn: null }] }, 'episodes[0].departedOn'],
        ['an unknown country code', { version: 1, episodes: [{ ...episode, country: 'XX' }] }, 'episodes[0].country'],
        ['too many skills', { version: 1, skills: Array.from({ length: 31 }, (_, i) => `навык ${i}`) }, 'skills'],
      ];

      it.each(badUpdates)('should answer 400 naming the field and change nothing when PUT has %s', async (_label, body, field) => {
        const before = await counts();
        const res = await t.http.put(`/api/returnees/${target.id}`).set(bearer(cwA)).send(body);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        expect(res.body.errors[field]).toEqual(expect.any(String));
        expect(await counts()).toEqual(before);
        const { rows } = await t.db.query(`SELECT version, first_name FROM returnee WHERE id = $1`, [target.id]);
        expect(rows[0]).toEqual({ version: target.version, first_name: 'Акмарал' });
      });

      it('should answer 400 MALFORMED_JSON when PUT has malformed JSON', async () => {
        const res = await t.http.put(`/api/returnees/${target.id}`).set(bearer(cwA)).set('Content-Type', 'application/json').send('{"version": 1,,}');
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('MALFORMED_JSON');
      });

      it('should answer 400 when the id is not a UUID', async () => {
        const res = await t.http.put('/api/returnees/not-a-uuid').set(bearer(cwA)).send({ version: 1 });
        expect(res.status).toBe(400);
        expect(res.body.errors.id).toBeDefined();
      });
    });
  });

  describe('public service for other contexts', () => {
    const actorOf = (u: GivenUser): Actor => ({
      userId: u.id,
      role: u.role as Actor['role'],
      officeId: u.officeId,
      organizationId: u.organizationId,
      ip: null,
    });

    it('should return the summary in scope, 404 out of scope or deleted, and 403 for NGO staff', async () => {
      const service = t.app.get(ReturneeLookupService);
      const created = await create(cwA, returneeBody({ lastName: 'Үсөнов', firstName: 'Кубанычбек', patronymic: null }));

      await expect(service.requireInScope(actorOf(supA), created.body.id)).resolves.toEqual({
        id: created.body.id,
        officeId: officeA.id,
        fullName: 'Үсөнов Кубанычбек',
      });
      await expect(service.requireInScope(actorOf(cwB), created.body.id)).rejects.toMatchObject({ status: 404 });
      await expect(service.requireInScope(actorOf(cwA), 'nope')).rejects.toMatchObject({ status: 404 });
      await expect(service.requireInScope(actorOf(ngo), created.body.id)).rejects.toMatchObject({ status: 403 });
      await t.http.delete(`/api/returnees/${created.body.id}`).set(bearer(admin));
      await expect(service.requireInScope(actorOf(admin), created.body.id)).rejects.toMatchObject({ status: 404 });

      const names = await service.namesByIds([created.body.id, randomUUID(), 'garbage']);
      expect(names).toEqual(new Map([[created.body.id, 'Үсөнов Кубанычбек']]));
    });

    it('should return ids the list’s own q matches, in scope and live only, without an audit row, when another context searches', async () => {
      const service = t.app.get(ReturneeLookupService);
      const office = await t.given.office({ oblast: 'talas', district: 'Бакай-Атинский' });
      const cw = await t.given.user('caseworker', { officeId: office.id });
      const erlan = (await create(cw, returneeBody({ lastName: 'Бейшеналиев', firstName: 'Эрлан', patronymic: null }))).body;
      const gulzat = (await create(cw, returneeBody({ lastName: 'Бейшеналиева', firstName: 'Гүлзат', sex: 'female', patronymic: null }))).body;
      const deleted = (await create(cw, returneeBody({ lastName: 'Бейшеналиев', firstName: 'Азамат', patronymic: null }))).body;
      const elsewhere = (await create(admin, returneeBody({ lastName: 'Бейшеналиев', firstName: 'Эрлан', patronymic: null, officeId: officeB.id }))).body;
      expect(await t.http.delete(`/api/returnees/${deleted.id}`).set(bearer(admin))).toHaveProperty('status', 200);
      const reads = () => t.given.count(`audit_log WHERE entity = 'returnee' AND action = 'read'`);
      const readsBefore = await reads();

      await expect(service.findIdsMatching(actorOf(cw), 'Beyshenaliev Erlan')).resolves.toEqual([erlan.id]);
      await expect(service.findIdsMatching(actorOf(cw), 'Бейшеналев Эрлан')).resolves.toEqual([erlan.id]);
      expect((await service.findIdsMatching(actorOf(cw), 'Бейшеналиев')).sort()).toEqual([erlan.id, gulzat.id].sort());
      await expect(service.findIdsMatching(actorOf(cw), 'Бейшеналиев', 1)).resolves.toHaveLength(1);
      await expect(service.findIdsMatching(actorOf(cw), erlan.pin)).resolves.toEqual([erlan.id]);
      await expect(service.findIdsMatching(actorOf(cw), '%_\\')).resolves.toEqual([]);
      await expect(service.findIdsMatching(actorOf(cwB), 'Beyshenaliev Erlan')).resolves.toEqual([elsewhere.id]);
      // admin searches every office (other tests' fuzzy look-alikes may be there too), still never a deleted record
      const all = await service.findIdsMatching(actorOf(admin), 'Beyshenaliev Erlan');
      expect(all).toEqual(expect.arrayContaining([erlan.id, elsewhere.id]));
      expect(all).not.toContain(deleted.id);
      await expect(service.findIdsMatching(actorOf(ngo), 'Beyshenaliev')).rejects.toMatchObject({ status: 403 });
      expect(await reads()).toBe(readsBefore);
    });
  });
});
