import { parse } from 'csv-parse/sync';
import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';

type Row = Record<string, string | number | null>;

// Households with children left behind (issue 16), counted by hand from this fixture. Ages are taken today; every
// returnee and member is recorded now, so the default range (the last 12 months) holds them all.
//
// Osh office:
//   A female, oblast osh:  a spouse at home; a child of 10 with her grandmother (concern health); a child of 14 abroad,
//                          nobody named → 2 children left behind, one without a caregiver, concern health
//   B male,   oblast osh:  a child of 11 with a caregiver, nobody named, concerns no_caregiver + not_in_school
//   C male,   oblast chuy: a child of 12 at home and a son of 26 with a caregiver → not left behind (at home / adult)
//   D female, oblast chuy: a child of 7 with her aunt → 1 child left behind, no concern
//   E female, oblast osh:  a child of 9 with a caregiver, but E was deleted → not counted
// Bishkek office:
//   G male: a child of 8 with a caregiver → only in the admin's report
describe('reports API: households with children left behind', () => {
  let t: TestApp;
  let supOsh: GivenUser;
  let cwOsh: GivenUser;
  let admin: GivenUser;
  const year = new Date().getUTCFullYear();
  const born = (age: number) => `${year - age - 1}-06-15`;

  beforeAll(async () => {
    t = await createTestApp();
    const osh = await t.given.office({ name: 'Ош', oblast: 'osh' });
    const bishkek = await t.given.office({ name: 'Бишкек', oblast: 'bishkek' });
    supOsh = await t.given.user('supervisor', { officeId: osh.id });
    cwOsh = await t.given.user('caseworker', { officeId: osh.id });
    admin = await t.given.user('admin');
    await t.db.query(`UPDATE app_user SET locale = 'en' WHERE id = $1`, [admin.id]);
    const person = async (officeId: string, sex: string, oblast: string) => {
      const r = await t.given.returnee({ officeId, sex, birthDate: '1985-01-01' });
      await t.db.query(`UPDATE returnee SET oblast = $2 WHERE id = $1`, [r.id, oblast]);
      return r.id;
    };
    const member = (returneeId: string, relation: string, age: number, livesWhere: string, caregiverName: string | null, concerns: string[] = []) =>
      t.db.query(
        `INSERT INTO household_member (returnee_id, relation, last_name, first_name, sex, birth_date, lives_where, caregiver_name, concerns)
         VALUES ($1, $2, 'Асанова', 'Айпери', 'female', $3, $4, $5, $6)`,
        [returneeId, relation, born(age), livesWhere, caregiverName, concerns],
      );
    const a = await person(osh.id, 'female', 'osh');
    await member(a, 'spouse', 40, 'with_returnee', null);
    await member(a, 'child', 10, 'with_caregiver', 'Бабушка', ['health']);
    await member(a, 'child', 14, 'abroad', null);
    const b = await person(osh.id, 'male', 'osh');
    await member(b, 'child', 11, 'with_caregiver', null, ['no_caregiver', 'not_in_school']);
    const c = await person(osh.id, 'male', 'chuy');
    await member(c, 'child', 12, 'with_returnee', null);
    await member(c, 'child', 26, 'with_caregiver', null);
    const d = await person(osh.id, 'female', 'chuy');
    await member(d, 'child', 7, 'with_caregiver', 'Тётя');
    const e = await person(osh.id, 'female', 'osh');
    await member(e, 'child', 9, 'with_caregiver', 'Дедушка');
    await t.db.query(`UPDATE returnee SET deleted_at = now() WHERE id = $1`, [e]);
    const g = await person(bishkek.id, 'male', 'bishkek');
    await member(g, 'child', 8, 'with_caregiver', 'Бабушка');
  });
  afterAll(() => t.close());

  const rows = async (u: GivenUser, query: string): Promise<Row[]> => {
    const res = await t.http.get(`/api/reports/children-left-behind${query}`).set(bearer(u));
    expect(res.status).toBe(200);
    return res.body.rows as Row[];
  };
  const NONE = { concernDisability: 0, concernChildLabourRisk: 0, concernOther: 0 };

  it('should count the households, their children left behind, those without a caregiver and each concern in the supervisor’s office', async () => {
    expect(await rows(supOsh, '')).toEqual([
      {
        households: 3,
        children: 4,
        withoutCaregiver: 2,
        concernNoCaregiver: 1,
        concernNotInSchool: 1,
        concernHealth: 1,
        ...NONE,
      },
    ]);
  });

  it('should break down by oblast and sex of the returnee', async () => {
    const got = await rows(supOsh, '?by=oblast,sex');
    expect(got).toEqual([
      {
        oblast: 'chuy',
        sex: 'female',
        households: 1,
        children: 1,
        withoutCaregiver: 0,
        concernNoCaregiver: 0,
        concernNotInSchool: 0,
        concernHealth: 0,
        ...NONE,
      },
      {
        oblast: 'osh',
        sex: 'female',
        households: 1,
        children: 2,
        withoutCaregiver: 1,
        concernNoCaregiver: 0,
        concernNotInSchool: 0,
        concernHealth: 1,
        ...NONE,
      },
      { oblast: 'osh', sex: 'male', households: 1, children: 1, withoutCaregiver: 1, concernNoCaregiver: 1, concernNotInSchool: 1, concernHealth: 0, ...NONE },
    ]);
  });

  it('should count every office for an admin and suppress counts from 1 to 4 when shared outside the office', async () => {
    expect(await rows(admin, '')).toEqual([expect.objectContaining({ households: 4, children: 5, withoutCaregiver: 2 })]);
    expect(await rows(supOsh, '?share=external')).toEqual([
      { households: '<5', children: '<5', withoutCaregiver: '<5', concernNoCaregiver: '<5', concernNotInSchool: '<5', concernHealth: '<5', ...NONE },
    ]);
  });

  it('should refuse a caseworker (403) and a breakdown the report does not have (400)', async () => {
    expect((await t.http.get('/api/reports/children-left-behind').set(bearer(cwOsh))).status).toBe(403);
    const res = await t.http.get('/api/reports/children-left-behind?by=caseType').set(bearer(supOsh));
    expect(res.status).toBe(400);
    expect(res.body.errors).toHaveProperty('by');
  });

  it('should export a CSV in the reader’s language with the same numbers', async () => {
    const res = await t.http.get('/api/reports/children-left-behind?by=sex&format=csv').set(bearer(admin)).buffer(true);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    const lines = parse(String(res.text).replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];
    expect(lines[0]).toEqual(['Report', 'Households with children left behind']);
    const header = lines.find((l) => l[0] === 'Sex')!;
    expect(header).toEqual(expect.arrayContaining(['Households', 'Children left behind', 'Households with a child without a caregiver', 'Concern: health']));
    const male = lines.find((l) => l[0] === 'Male')!;
    expect(male[header.indexOf('Households')]).toBe('2');
    expect(male[header.indexOf('Children left behind')]).toBe('2');
  });
});
