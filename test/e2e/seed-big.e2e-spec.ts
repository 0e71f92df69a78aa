import { seedBig, BigSeedResult } from '../../apps/api/src/seed/big-seed';
import { AAD } from '../../libs/shared/src/crypto/field-cipher';
import { dbUrl } from '../support/pg';
import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';

// Passport-style Latin spelling (Жээнбекова Айгуль → Zheenbekova Aigul), written independently of the app's folding.
const LATIN: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'yo',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  ң: 'n',
  о: 'o',
  ө: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ү: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};
const latin = (s: string) => [...s.toLowerCase()].map((ch) => LATIN[ch] ?? ch).join('');

describe('big dataset generator (seed:big)', () => {
  const RETURNEES = 3000;
  let t: TestApp;
  let admin: GivenUser;
  let result: BigSeedResult;
  const scalar = async (sql: string): Promise<number> => Number(Object.values((await t.db.query(sql)).rows[0])[0]);

  beforeAll(async () => {
    t = await createTestApp();
    result = await seedBig(dbUrl(t.dbName), { returnees: RETURNEES, seed: 7, batchSize: 1000, cipher: t.given.cipher });
    admin = await t.given.user('admin');
  }, 120_000);
  afterAll(() => t.close());

  it('should insert the requested returnees with ≈ 3 cases and ≈ 10 case events each when asked for 3,000', async () => {
    expect(await t.given.count('returnee')).toBe(RETURNEES);
    const cases = await t.given.count('case_file');
    const events = await t.given.count('case_event');
    expect(cases / RETURNEES).toBeGreaterThan(2.8);
    expect(cases / RETURNEES).toBeLessThan(3.2);
    expect(events / RETURNEES).toBeGreaterThan(9);
    expect(events / RETURNEES).toBeLessThan(11);
    expect(await t.given.count('migration_episode')).toBeGreaterThanOrEqual(RETURNEES);
    expect(result.counts).toMatchObject({ returnee: RETURNEES, case_file: cases, case_event: events });
    for (const table of ['returnee', 'migration_episode', 'case_file', 'case_event']) expect(result.millis[table]).toBeGreaterThan(0);
  });

  it('should have ~40% women, a median age of 26–30 and Russia as the most common destination when generated', async () => {
    const women = await scalar(`SELECT avg((sex = 'female')::int) FROM returnee`);
    expect(women).toBeGreaterThanOrEqual(0.35);
    expect(women).toBeLessThanOrEqual(0.45);
    const medianAge = await scalar(`SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(year FROM age(birth_date))) FROM returnee`);
    expect(medianAge).toBeGreaterThanOrEqual(26);
    expect(medianAge).toBeLessThanOrEqual(30);
    const { rows } = await t.db.query(`SELECT country, count(*)::int AS n FROM migration_episode GROUP BY country ORDER BY n DESC`);
    expect(rows[0].country).toBe('RU');
    expect(rows.length).toBeGreaterThan(3);
    // populous oblasts hold more returnees than small ones
    expect(await t.given.count(`returnee WHERE oblast = 'osh'`)).toBeGreaterThan(await t.given.count(`returnee WHERE oblast = 'talas'`));
    expect(await t.given.count(`returnee WHERE last_name ~ ' (уулу|кызы)$'`)).toBeGreaterThan(0);
  });

  it("should give every status and type a share and keep each case in its returnee's office when generated", async () => {
    expect(await t.given.count(`case_file c JOIN returnee r ON r.id = c.returnee_id WHERE c.office_id <> r.office_id`)).toBe(0);
    expect(await t.given.count(`case_file c WHERE NOT EXISTS (SELECT 1 FROM returnee r WHERE r.id = c.returnee_id)`)).toBe(0);
    expect(await t.given.count(`case_event e WHERE NOT EXISTS (SELECT 1 FROM case_file c WHERE c.id = e.case_id)`)).toBe(0);
    expect(await t.given.count(`case_file c WHERE NOT EXISTS (SELECT 1 FROM case_event e WHERE e.case_id = c.id AND e.kind = 'created')`)).toBe(0);
    expect(await t.given.count(`case_file c JOIN app_user u ON u.id = c.assignee_id WHERE u.office_id <> c.office_id`)).toBe(0);
    expect(await t.given.count(`returnee r WHERE NOT EXISTS (SELECT 1 FROM office o WHERE o.id = r.office_id AND o.oblast = r.oblast)`)).toBe(0);
    expect(await scalar(`SELECT count(DISTINCT status) FROM case_file`)).toBe(5);
    expect(await scalar(`SELECT count(DISTINCT type) FROM case_file`)).toBe(4);
    expect(await t.given.count(`case_file WHERE status = 'closed' AND (closed_at IS NULL OR closed_at < opened_at)`)).toBe(0);
    expect(await t.given.count(`migration_episode WHERE entry_ban_active`)).toBeGreaterThan(0);
  });

  it('should produce unique codes and well-formed unique PINs that match sex and birth date when generated', async () => {
    expect(await scalar(`SELECT count(DISTINCT code) FROM returnee`)).toBe(RETURNEES);
    expect(await scalar(`SELECT count(DISTINCT code) = count(*) FROM case_file`)).toBe(1);
    const withPin = await t.given.count(`returnee WHERE pin_enc IS NOT NULL`);
    expect(withPin / RETURNEES).toBeGreaterThan(0.7);
    expect(await scalar(`SELECT count(DISTINCT pin_hmac) FROM returnee WHERE pin_enc IS NOT NULL`)).toBe(withPin);
    // stored encrypted: decrypted with the test keys, each PIN matches sex and birth date and its keyed hash
    const { rows } = await t.db.query(`SELECT sex, to_char(birth_date, 'DDMMYYYY') AS born, pin_enc, pin_hmac, phone_enc, phone_hmac FROM returnee`);
    const c = t.given.cipher;
    const badPins = rows.filter((r) => {
      if (!r.pin_enc) return false;
      const pin = c.decrypt(r.pin_enc, AAD.returneePin);
      return pin !== `${r.sex === 'female' ? '1' : '2'}${r.born}${pin.slice(-5)}` || c.pinHmac(pin) !== r.pin_hmac;
    });
    expect(badPins).toHaveLength(0);
    const badPhones = rows.filter((r) => r.phone_enc && !/^\+996[0-9]{9}$/.test(c.decrypt(r.phone_enc, AAD.returneePhone)));
    expect(badPhones).toHaveLength(0);
    expect(rows.filter((r) => r.phone_enc).length / RETURNEES).toBeGreaterThan(0.7);
    // health details only as ciphertext
    expect(await t.given.count(`case_file WHERE type = 'health_referral' AND (details <> '{}'::jsonb OR details_enc IS NULL)`)).toBe(0);
    const [health] = (await t.db.query(`SELECT details_enc FROM case_file WHERE type = 'health_referral' LIMIT 1`)).rows;
    expect(c.decryptJson<Record<string, unknown>>(health.details_enc, AAD.caseDetails)).toEqual({ condition: expect.any(String), urgency: expect.any(String) });
  });

  it('should find a seeded returnee through the API when searching the Latin spelling of the name', async () => {
    const { rows } = await t.db.query(
      `SELECT id, last_name, first_name FROM returnee WHERE last_name LIKE 'Жээнбек%' AND patronymic IS NOT NULL ORDER BY code LIMIT 1`,
    );
    expect(rows).toHaveLength(1);
    const q = `${latin(rows[0].last_name)} ${latin(rows[0].first_name)}`;
    expect(q).toMatch(/^zheenbekova? [a-z]+$/);

    const res = await t.http
      .get('/api/returnees')
      .set(bearer(admin))
      .query({ filter: JSON.stringify({ q }), range: JSON.stringify([0, 99]) });

    expect(res.status).toBe(200);
    expect((res.body as Array<{ id: string }>).map((r) => r.id)).toContain(rows[0].id);
  });

  it('should refuse to run when the database already has returnees and --append is not given', async () => {
    await expect(seedBig(dbUrl(t.dbName), { returnees: 10, seed: 7, cipher: t.given.cipher })).rejects.toThrow(/already has 3000 returnees/);
    expect(await t.given.count('returnee')).toBe(RETURNEES);
  });

  it('should add more rows without clashing ids, codes or PINs when run again with append', async () => {
    const before = await t.given.count('case_file');
    const res = await seedBig(dbUrl(t.dbName), { returnees: 500, seed: 7, append: true, batchSize: 1000, cipher: t.given.cipher });
    expect(res.counts.returnee).toBe(RETURNEES + 500);
    expect(res.counts.case_file).toBeGreaterThan(before);
    expect(await t.given.count('office')).toBe(9);
    expect(await t.given.count(`app_user WHERE role = 'caseworker'`)).toBe(9 * 4);
  }, 60_000);
});
