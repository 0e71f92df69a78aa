import { Client } from 'pg';
import { hashPassword } from '@kaytuu/access';
import { AAD, FieldCipher, KG, Oblast } from '@kaytuu/shared';
import { buildSearchText } from '../../../../libs/returnees/src/name-search';
import { DEMO_PASSWORD } from './demo-data';

// Large synthetic dataset for load tests (`npm run seed:big -- --returnees 1000000`). Rows are produced set-based inside
// Postgres (generate_series + INSERT … SELECT in batches) because a round trip per row cannot reach 14M rows in minutes.
// Every random choice is a hash of (seed, row number, purpose), so the same seed gives the same data; weighted choices
// index into 1000-slot bucket arrays built here from the reference weights.

// `cipher`: the data keys of the API that will read the database (PINs, phones and health details are stored encrypted).
export type BigSeedOptions = { returnees: number; cipher: FieldCipher; seed?: number; append?: boolean; batchSize?: number; log?: (line: string) => void };
export type BigSeedResult = { counts: Record<string, number>; millis: Record<string, number>; totalMillis: number };

// Population in thousands (National Statistical Committee, 2023, rounded): where returnees live.
const OBLAST_WEIGHTS: Record<Oblast, number> = {
  bishkek: 1145,
  osh_city: 335,
  chuy: 990,
  osh: 1390,
  jalal_abad: 1300,
  batken: 555,
  naryn: 300,
  issyk_kul: 510,
  talas: 275,
};
const CITIES: Record<string, string[]> = {
  RU: ['Москва', 'Санкт-Петербург', 'Екатеринбург', 'Новосибирск', 'Казань', 'Якутск', 'Сургут'],
  KZ: ['Алматы', 'Астана', 'Шымкент'],
  TR: ['Стамбул', 'Анкара'],
  KR: ['Сеул', 'Ансан'],
  AE: ['Дубай'],
  US: ['Чикаго'],
  DE: ['Мюнхен'],
  PL: ['Варшава'],
};
const SECTORS = { construction: 30, trade: 20, services: 18, domestic_work: 8, transport: 10, agriculture: 5, manufacturing: 7, other: 2 };
const LAST_REASONS = { end_of_contract: 30, family: 18, economic: 15, entry_ban: 14, health: 10, deported: 8, other: 5 };
const EARLIER_REASONS = { end_of_contract: 5, family: 3, economic: 2 };
// mean 3.0 cases per returnee
const CASES_PER_RETURNEE = { 1: 14, 2: 24, 3: 26, 4: 20, 5: 16 };
const CASE_TYPES = { job_placement: 40, legal_aid: 25, health_referral: 20, pension_claim: 15 };
const STATUSES = { open: 25, in_progress: 35, on_hold: 8, pending_closure: 10, closed: 22 };
const PRIORITIES = { low: 15, normal: 55, high: 22, urgent: 8 };
const PHONE_PREFIXES = ['500', '502', '505', '550', '555', '559', '700', '701', '705', '770', '777', '779', '220', '222'];
const SKILLS = [
  'сварка',
  'кладка кирпича',
  'вождение кат. C',
  'швейное дело',
  'кулинария',
  'уход за пожилыми',
  'продажи',
  'ремонт авто',
  'электрика',
  'сантехника',
];
const VULNERABILITIES = ['single_parent', 'gbv_survivor', 'chronic_illness', 'tb', 'no_documents', 'debt', 'elderly_dependents', 'child_left_behind'];
const STREETS = ['Ленина', 'Манаса', 'Токтогула', 'Курманжан Датки', 'Чуй', 'Жибек Жолу'];
const WORKERS_PER_OFFICE = 4;
// id prefixes per table ("5eed" marks generated rows; the counter in the last group keeps btree inserts append-only)
const TAG = { returnee: 0x5eed0001, episode: 0x5eed0002, caseFile: 0x5eed0003, event: 0x5eed0004 };

// Slot array of length 1000 where each key fills a share proportional to its weight.
export function buckets(weights: Record<string, number>): string[] {
  const entries = Object.entries(weights);
  const total = entries.reduce((a, [, w]) => a + w, 0);
  const out: string[] = [];
  let acc = 0;
  for (const [k, w] of entries) {
    acc += w;
    const until = Math.round((acc / total) * 1000);
    while (out.length < until) out.push(k);
  }
  return out;
}

function maleSurname(stem: string): string {
  return /[аоуыэеёиюя]$/i.test(stem) ? `${stem}ев` : `${stem}ов`;
}

type NameRow = { sex: 'female' | 'male'; idx: number; lastName: string; firstName: string; patronymic: string | null; searchText: string };

// Every name the generator can produce: given name × surname stem × (Kyrgyz "stem уулу/кызы" or Russian-style surname
// with a "father уулу/кызы" patronymic). search_text is computed by the app's own function, so search sees seeded rows
// exactly as it sees rows created through the API.
export function nameCombos(): NameRow[] {
  const n = KG.names;
  const out: NameRow[] = [];
  for (const sex of ['female', 'male'] as const) {
    const given = sex === 'female' ? n.femaleGiven : n.maleGiven;
    const marker = sex === 'female' ? 'кызы' : 'уулу';
    given.forEach((firstName, g) => {
      n.surnameStems.forEach((stem, s) => {
        for (let f = 0; f <= n.maleGiven.length; f++) {
          const kyrgyz = f === n.maleGiven.length;
          const lastName = kyrgyz ? `${stem} ${marker}` : sex === 'female' ? `${maleSurname(stem)}а` : maleSurname(stem);
          const patronymic = kyrgyz ? null : `${n.maleGiven[f]} ${marker}`;
          const idx = (g * n.surnameStems.length + s) * (n.maleGiven.length + 1) + f;
          out.push({ sex, idx, lastName, firstName, patronymic, searchText: buildSearchText({ lastName, firstName, patronymic }) });
        }
      });
    });
  }
  return out;
}

// The batch's PINs and phones (temp table seed_b) encrypted and hashed in Node into temp table seed_sealed.
async function sealPersonal(db: Client, cipher: FieldCipher): Promise<void> {
  const rows: Array<{ i: string; pin: string | null; phone: string | null }> = (await db.query(`SELECT i, pin, phone FROM seed_b`)).rows;
  await db.query(
    `CREATE TEMP TABLE seed_sealed ON COMMIT DROP AS
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[]) AS u(i, pin_enc, pin_hmac, phone_enc, phone_hmac)`,
    [
      rows.map((r) => r.i),
      rows.map((r) => cipher.encryptNullable(r.pin, AAD.returneePin)),
      rows.map((r) => cipher.pinHmacNullable(r.pin)),
      rows.map((r) => cipher.encryptNullable(r.phone, AAD.returneePhone)),
      rows.map((r) => cipher.phoneHmacNullable(r.phone)),
    ],
  );
  await db.query(`CREATE INDEX ON seed_sealed (i); ANALYZE seed_sealed; ANALYZE seed_b`);
}

export async function seedBig(databaseUrl: string, opts: BigSeedOptions): Promise<BigSeedResult> {
  const log = opts.log ?? (() => undefined);
  const seed = (opts.seed ?? 1) >>> 0;
  const batchSize = opts.batchSize ?? 50_000;
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const millis: Record<string, number> = { setup: 0, returnee: 0, migration_episode: 0, case_file: 0, case_event: 0, analyze: 0 };
  const t0 = Date.now();
  try {
    const existing = Number((await db.query(`SELECT count(*) AS n FROM returnee`)).rows[0].n);
    if (existing > 0 && !opts.append) throw new Error(`the database already has ${existing} returnees; pass --append to add more`);
    // row estimates for generate_series pipelines are far off, and JIT would spend seconds compiling each batch
    await db.query(`SET synchronous_commit = off; SET jit = off`);
    // The rows reference each other correctly by construction, so foreign-key triggers (≈ 40% of the insert time) are
    // skipped the way pg_restore --disable-triggers does; this needs a superuser, and without one they simply run.
    // Only rows inserted by this session are affected; CHECK, NOT NULL and unique constraints are still enforced.
    const fkSkipped = await db.query(`SET session_replication_role = replica`).then(
      () => true,
      () => false,
    );
    log(fkSkipped ? 'foreign-key triggers skipped for the bulk insert' : 'foreign-key triggers active (not a superuser)');
    const seedHex = (seed & 0xffff).toString(16).padStart(4, '0');
    // r(i, k) ∈ [0,1): independent streams per purpose k; inlined by the planner (plain SQL, immutable)
    await db.query(`CREATE OR REPLACE FUNCTION pg_temp.r(i bigint, k int) RETURNS float8 LANGUAGE sql IMMUTABLE AS
      $$ SELECT (hashint8extended(i, ${seed}::bigint * 1000 + k) & 4294967295)::float8 / 4294967296 $$`);
    await db.query(`CREATE OR REPLACE FUNCTION pg_temp.sid(tag bigint, i bigint) RETURNS uuid LANGUAGE sql IMMUTABLE AS
      $$ SELECT (lpad(to_hex(tag), 8, '0') || '-${seedHex}-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid $$`);
    // the app's format (KT-2026-000123, year in Bishkek time), widened past six digits instead of lpad truncating
    const year = new Date(Date.now() + 6 * 3600_000).getUTCFullYear();
    await db.query(`CREATE OR REPLACE FUNCTION pg_temp.code(prefix text, n bigint) RETURNS text LANGUAGE sql IMMUTABLE AS
      $$ SELECT prefix || '${year}-' || lpad(n::text, greatest(6, length(n::text)), '0') $$`);

    const setup = Date.now();
    // offices and staff: one office per oblast (an existing one is reused), a supervisor and a few caseworkers each
    const hash = await hashPassword(DEMO_PASSWORD);
    await db.query('BEGIN');
    for (const [oblast, ref] of Object.entries(KG.oblasts) as Array<[Oblast, { ru: string; districts: string[] }]>) {
      const found = await db.query(`SELECT id FROM office WHERE oblast = $1 ORDER BY created_at, id LIMIT 1`, [oblast]);
      const officeId: string =
        found.rows[0]?.id ??
        (
          await db.query(`INSERT INTO office (name, oblast, district) VALUES ($1, $2, $3) RETURNING id`, [
            `${ref.ru} — отдел реинтеграции`,
            oblast,
            ref.districts[0],
          ])
        ).rows[0].id;
      const staff = [{ role: 'supervisor', email: `seed.supervisor.${oblast}@kaytuu.kg` }];
      for (let w = 1; w <= WORKERS_PER_OFFICE; w++) staff.push({ role: 'caseworker', email: `seed.caseworker${w}.${oblast}@kaytuu.kg` });
      for (const [k, s] of staff.entries()) {
        const fullName = `${KG.names.maleGiven[k % KG.names.maleGiven.length]} ${maleSurname(KG.names.surnameStems[(k * 7 + oblast.length) % KG.names.surnameStems.length])}`;
        await db.query(
          `INSERT INTO app_user (email, full_name, role, office_id, locale, password_hash) VALUES ($1, $2, $3, $4, 'ru', $5) ON CONFLICT (email) DO NOTHING`,
          [s.email, fullName, s.role, officeId, hash],
        );
      }
    }
    await db.query('COMMIT');
    const oblastRef = JSON.stringify(KG.oblasts);
    await db.query(`CREATE TEMP TABLE seed_oblast (oblast text PRIMARY KEY, office_id uuid NOT NULL, districts text[] NOT NULL, workers uuid[] NOT NULL)`);
    await db.query(
      `
      INSERT INTO seed_oblast
      SELECT o.oblast, o.id, ARRAY(SELECT jsonb_array_elements_text(d.value->'districts')),
             (SELECT array_agg(u.id ORDER BY u.email) FROM app_user u WHERE u.office_id = o.id AND u.email LIKE 'seed.caseworker%')
      FROM (SELECT DISTINCT ON (oblast) oblast, id FROM office ORDER BY oblast, created_at, id) o
      JOIN jsonb_each($1::jsonb) d ON d.key = o.oblast`,
      [oblastRef],
    );
    await db.query(`CREATE TEMP TABLE seed_city (country text PRIMARY KEY, cities text[] NOT NULL)`);
    await db.query(`INSERT INTO seed_city SELECT key, ARRAY(SELECT jsonb_array_elements_text(value)) FROM jsonb_each($1::jsonb)`, [JSON.stringify(CITIES)]);
    const names = nameCombos();
    await db.query(
      `CREATE TEMP TABLE seed_name (sex text, idx int, last_name text, first_name text, patronymic text, search_text text, PRIMARY KEY (sex, idx))`,
    );
    await db.query(`INSERT INTO seed_name SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[])`, [
      names.map((x) => x.sex),
      names.map((x) => x.idx),
      names.map((x) => x.lastName),
      names.map((x) => x.firstName),
      names.map((x) => x.patronymic),
      names.map((x) => x.searchText),
    ]);
    await db.query(`ANALYZE seed_name; ANALYZE seed_oblast; ANALYZE seed_city`);
    const offset = Number(
      (await db.query(`SELECT count(*) AS n FROM returnee WHERE id::text LIKE $1`, [`${TAG.returnee.toString(16)}-${seedHex}-%`])).rows[0].n,
    );
    millis.setup = Date.now() - setup;

    const destinations = Object.fromEntries(Object.entries(KG.destinationsWeighted as Record<string, number>).map(([k, v]) => [k === 'other' ? 'PL' : k, v]));
    const p = {
      oblasts: buckets(OBLAST_WEIGHTS),
      countries: buckets(destinations),
      sectors: buckets(SECTORS),
      lastReasons: buckets(LAST_REASONS),
      earlierReasons: buckets(EARLIER_REASONS),
      nCases: buckets(CASES_PER_RETURNEE),
      types: buckets(CASE_TYPES),
      statuses: buckets(STATUSES),
      priorities: buckets(PRIORITIES),
    };
    const nNames = KG.names.femaleGiven.length * KG.names.surnameStems.length * (KG.names.maleGiven.length + 1);
    const nStems = KG.names.surnameStems.length;
    const nFathers = KG.names.maleGiven.length;

    // Dates count back from the start of today (not now()), so one seed gives the same rows all day.
    // Per-returnee values used by several tables are recomputed from the same hash streams instead of being read back:
    // k=1 sex, 2 oblast, 3 age, 20 days since the last return, 21 number of episodes, 22 number of cases.
    const base = (lo: string) => `
      SELECT i, CASE WHEN pg_temp.r(i, 1) < 0.4 THEN 'female' ELSE 'male' END AS sex,
             ($1::text[])[1 + floor(pg_temp.r(i, 2) * 1000)::int] AS oblast,
             greatest(17, least(62, round(19 + power(pg_temp.r(i, 3), 2.2) * 42)))::int AS age,
             (5 + floor(pg_temp.r(i, 20) * 700))::int AS since_return
      FROM generate_series(${lo}) AS i`;
    // registered a few days after the return (never in the future)
    const createdAt = (a: string) => `(current_date - ${a}.since_return + floor(pg_temp.r(${a}.i, 26) * least(30, ${a}.since_return))::int + time '09:00')`;

    for (let lo = offset; lo < offset + opts.returnees; lo += batchSize) {
      const hi = Math.min(lo + batchSize, offset + opts.returnees) - 1;
      const range = `${lo}::bigint, ${hi}::bigint`;
      const batchNo = Math.floor(lo / batchSize);
      await db.query('BEGIN');

      let t = Date.now();
      // PIN serial = per-batch block of 1,000 + rank within (sex, birth date) in the batch (a few per date), so seeded PINs
      // do not collide for 100 batches (5M returnees at the default size); a PIN already taken is left empty instead.
      // The batch's people are generated into a temporary table first: their PINs and phones go through Node once to be
      // encrypted and hashed (FieldCipher, as the API stores them), then the insert joins the sealed values back.
      await db.query(
        `
        CREATE TEMP TABLE seed_b ON COMMIT DROP AS
        SELECT x.*, CASE WHEN pg_temp.r(x.i, 6) < 0.8
                    THEN CASE WHEN x.sex = 'female' THEN '1' ELSE '2' END || to_char(x.birth_date, 'DDMMYYYY')
                         || lpad(((${batchNo} % 100) * 1000 + row_number() OVER (PARTITION BY x.sex, x.birth_date ORDER BY x.i))::text, 5, '0') END AS pin,
               CASE WHEN pg_temp.r(x.i, 7) < 0.85 THEN '+996' || ($2::text[])[1 + floor(pg_temp.r(x.i, 8) * ${PHONE_PREFIXES.length})::int] || lpad(floor(pg_temp.r(x.i, 9) * 1000000)::text, 6, '0') END AS phone
        FROM (
          SELECT a.*, make_date(extract(year FROM current_date)::int - a.age, 1 + floor(pg_temp.r(a.i, 4) * 12)::int, 1 + floor(pg_temp.r(a.i, 5) * 28)::int) AS birth_date,
                 ${createdAt('a')} AS created_at
          FROM (${base(range)}) a
        ) x`,
        [p.oblasts, PHONE_PREFIXES],
      );
      await sealPersonal(db, opts.cipher);
      await db.query(
        `
        INSERT INTO returnee (id, code, pin_enc, pin_hmac, last_name, first_name, patronymic, sex, birth_date, phone_enc, phone_hmac, oblast, district, address, household_size,
                              dependents, languages, education, skills, disability, vulnerabilities, office_id, created_by, search_text, created_at, updated_at)
        SELECT pg_temp.sid(${TAG.returnee}, b.i), pg_temp.code('KT-', nextval('returnee_code_seq')),
               CASE WHEN NOT pk.taken THEN s.pin_enc END, CASE WHEN NOT pk.taken THEN s.pin_hmac END,
               n.last_name, n.first_name, n.patronymic, b.sex, b.birth_date, s.phone_enc, s.phone_hmac,
               b.oblast, o.districts[1 + floor(pg_temp.r(b.i, 10) * cardinality(o.districts))::int],
               CASE WHEN pg_temp.r(b.i, 11) < 0.6 THEN 'ул. ' || ($1::text[])[1 + floor(pg_temp.r(b.i, 12) * ${STREETS.length})::int] || ', ' || (1 + floor(pg_temp.r(b.i, 13) * 150))::int END,
               1 + floor(pg_temp.r(b.i, 14) * 8)::int, floor(pg_temp.r(b.i, 15) * 5)::int,
               CASE WHEN pg_temp.r(b.i, 16) < 0.9 THEN '{ky,ru}'::text[] ELSE '{ky}'::text[] END,
               (ARRAY['secondary','vocational','higher','primary'])[1 + floor(pg_temp.r(b.i, 17) * 4)::int],
               ARRAY(SELECT s FROM unnest($2::text[]) WITH ORDINALITY AS u(s, k) WHERE pg_temp.r(b.i * 16 + k, 18) < 0.15),
               CASE WHEN pg_temp.r(b.i, 19) < 0.05 THEN (ARRAY['physical','sensory','other'])[1 + floor(pg_temp.r(b.i, 23) * 3)::int] ELSE 'none' END,
               ARRAY(SELECT v FROM unnest($3::text[]) WITH ORDINALITY AS u(v, k) WHERE pg_temp.r(b.i * 16 + k, 24) < 0.12),
               o.office_id, o.workers[1 + floor(pg_temp.r(b.i, 25) * cardinality(o.workers))::int], n.search_text,
               b.created_at, b.created_at
        FROM seed_b b
        JOIN seed_sealed s ON s.i = b.i
        CROSS JOIN LATERAL (SELECT s.pin_hmac IS NOT NULL AND EXISTS (SELECT 1 FROM returnee x WHERE x.pin_hmac = s.pin_hmac AND x.deleted_at IS NULL) AS taken) pk
        JOIN seed_oblast o ON o.oblast = b.oblast
        JOIN seed_name n ON n.sex = b.sex AND n.idx = ((floor(pg_temp.r(b.i, 27) * ${KG.names.femaleGiven.length})::int * ${nStems} + floor(pg_temp.r(b.i, 28) * ${nStems})::int) * ${nFathers + 1}
                                                      + CASE WHEN pg_temp.r(b.i, 29) < 0.3 THEN ${nFathers} ELSE floor(pg_temp.r(b.i, 30) * ${nFathers})::int END) % ${nNames}
        ORDER BY b.i`,
        [STREETS, SKILLS, VULNERABILITIES],
      );
      millis.returnee += Date.now() - t;

      t = Date.now();
      // episodes, most recent first (e = 0); each sits in its own 1,600-day window so they never overlap
      await db.query(
        `
        INSERT INTO migration_episode (id, returnee_id, position, country, city, departed_on, returned_on, sector, employment_formal, return_reason,
                                       entry_ban_active, entry_ban_until, entry_ban_authority, created_at)
        SELECT pg_temp.sid(${TAG.episode}, e.i * 4 + e.e), pg_temp.sid(${TAG.returnee}, e.i), e.n - 1 - e.e, e.country, c.cities[1 + floor(pg_temp.r(e.j, 42) * cardinality(c.cities))::int],
               e.returned_on - (120 + floor(pg_temp.r(e.j, 43) * 1200))::int, e.returned_on,
               ($3::text[])[1 + floor(pg_temp.r(e.j, 44) * 1000)::int], pg_temp.r(e.j, 45) < 0.3, e.reason,
               e.banned AND e.ban_until > current_date, CASE WHEN e.banned THEN e.ban_until END,
               CASE WHEN e.banned THEN CASE WHEN e.country = 'RU' THEN 'МВД России' ELSE 'Миграционная служба' END END,
               e.created_at
        FROM (
          SELECT y.*, y.reason = 'entry_ban' OR (y.reason = 'deported' AND pg_temp.r(y.j, 46) < 0.6) AS banned,
                 y.returned_on + (365 * (1 + floor(pg_temp.r(y.j, 47) * 5)))::int AS ban_until
          FROM (
            SELECT b.i, g.e, b.n, b.i * 4 + g.e AS j, ${createdAt('b')} AS created_at,
                   ($2::text[])[1 + floor(pg_temp.r(b.i * 4 + g.e, 40) * 1000)::int] AS country,
                   current_date - b.since_return - g.e * 1600 - (CASE WHEN g.e = 0 THEN 0 ELSE floor(pg_temp.r(b.i * 4 + g.e, 41) * 100) END)::int AS returned_on,
                   CASE WHEN g.e = 0 THEN ($4::text[])[1 + floor(pg_temp.r(b.i, 48) * 1000)::int] ELSE ($5::text[])[1 + floor(pg_temp.r(b.i * 4 + g.e, 49) * 1000)::int] END AS reason
            FROM (SELECT a.*, CASE WHEN a.age < 24 THEN 1 WHEN pg_temp.r(a.i, 21) < 0.7 THEN 1 WHEN pg_temp.r(a.i, 21) < 0.94 OR a.age < 30 THEN 2 ELSE 3 END AS n
                  FROM (${base(range)}) a) b
            CROSS JOIN LATERAL generate_series(0, b.n - 1) AS g(e)
          ) y
        ) e
        JOIN seed_city c ON c.country = e.country
        ORDER BY e.i, e.e`,
        [p.oblasts, p.countries, p.sectors, p.lastReasons, p.earlierReasons],
      );
      millis.migration_episode += Date.now() - t;

      t = Date.now();
      // cases open between the return and today; the office is the returnee's (same oblast → same office). Generated into a
      // temporary table first: the health cases' details go through Node to be encrypted (details_enc, `details` {}).
      await db.query(
        `
        CREATE TEMP TABLE seed_c ON COMMIT DROP AS
        SELECT pg_temp.sid(${TAG.caseFile}, c.j) AS id, c.j, pg_temp.sid(${TAG.returnee}, c.i) AS returnee_id, c.type, c.status, c.priority,
               CASE WHEN pg_temp.r(c.j, 53) < 0.9 THEN o.workers[1 + floor(pg_temp.r(c.j, 54) * cardinality(o.workers))::int] END AS assignee_id, o.office_id,
               CASE c.type WHEN 'health_referral' THEN 'Направление к врачу' WHEN 'legal_aid' THEN 'Юридическая консультация'
                           WHEN 'job_placement' THEN 'Поиск работы' ELSE 'Учёт трудового стажа за рубежом' END AS title,
               CASE c.type WHEN 'health_referral' THEN 'Требуется обследование после возвращения.' WHEN 'legal_aid' THEN 'Нужна помощь юриста.'
                           WHEN 'job_placement' THEN 'Ищет работу рядом с домом.' ELSE 'Сбор документов о стаже для пенсии по соглашению ЕАЭС.' END AS summary,
               CASE c.type
                 WHEN 'health_referral' THEN jsonb_build_object('condition', (ARRAY['tb','chronic','mental_health','injury','hiv','maternal','other'])[1 + floor(pg_temp.r(c.j, 55) * 7)::int],
                                                               'urgency', (ARRAY['routine','soon','urgent'])[1 + floor(pg_temp.r(c.j, 56) * 3)::int])
                 WHEN 'legal_aid' THEN jsonb_build_object('issue', (ARRAY['entry_ban','unpaid_wages','documents','labour_dispute','detention','family'])[1 + floor(pg_temp.r(c.j, 55) * 6)::int], 'country', 'RU')
                 WHEN 'job_placement' THEN jsonb_build_object('targetSectors', jsonb_build_array(($6::text[])[1 + floor(pg_temp.r(c.j, 55) * 1000)::int]), 'desiredOblast', c.oblast, 'training', pg_temp.r(c.j, 56) < 0.4)
                 ELSE jsonb_build_object('country', 'RU', 'periods', '[]'::jsonb, 'claimStatus', (ARRAY['collecting_documents','submitted'])[1 + floor(pg_temp.r(c.j, 55) * 2)::int])
               END AS details,
               c.opened_at, CASE WHEN pg_temp.r(c.j, 57) < 0.8 THEN c.opened_at + make_interval(days => 14 + floor(pg_temp.r(c.j, 58) * 76)::int) END AS due_at,
               c.closed_at, CASE WHEN c.closed_at IS NOT NULL THEN 'Цель достигнута' END AS closure_reason, CASE WHEN c.closed_at IS NOT NULL THEN 'Услуга оказана' END AS outcome,
               o.workers[1 + floor(pg_temp.r(c.j, 59) * cardinality(o.workers))::int] AS created_by
        FROM (
          SELECT z.*, CASE WHEN z.status = 'closed' THEN z.opened_at + (current_date::timestamp - z.opened_at) * pg_temp.r(z.j, 52) END AS closed_at
          FROM (
            SELECT b.i, b.oblast, b.i * 8 + g.k AS j,
                   ($3::text[])[1 + floor(pg_temp.r(b.i * 8 + g.k, 50) * 1000)::int] AS type,
                   ($4::text[])[1 + floor(pg_temp.r(b.i * 8 + g.k, 51) * 1000)::int] AS status,
                   ($5::text[])[1 + floor(pg_temp.r(b.i * 8 + g.k, 60) * 1000)::int] AS priority,
                   ${createdAt('b')} + (current_date::timestamp - ${createdAt('b')}) * pg_temp.r(b.i * 8 + g.k, 61) AS opened_at
            FROM (${base(range)}) b
            CROSS JOIN LATERAL generate_series(1, ($2::text[])[1 + floor(pg_temp.r(b.i, 22) * 1000)::int]::int) AS g(k)
          ) z
        ) c
        JOIN seed_oblast o ON o.oblast = c.oblast`,
        [p.oblasts, p.nCases, p.types, p.statuses, p.priorities, p.sectors],
      );
      const health: Array<{ j: string; details: Record<string, unknown> }> = (await db.query(`SELECT j, details FROM seed_c WHERE type = 'health_referral'`))
        .rows;
      await db.query(`CREATE TEMP TABLE seed_c_sealed ON COMMIT DROP AS SELECT * FROM unnest($1::bigint[], $2::text[]) AS u(j, details_enc)`, [
        health.map((h) => h.j),
        health.map((h) => opts.cipher.encryptJson(h.details, AAD.caseDetails)),
      ]);
      await db.query(`
        INSERT INTO case_file (id, code, returnee_id, type, status, priority, assignee_id, office_id, title, summary, details, details_enc, opened_at, due_at, closed_at,
                               closure_reason, outcome, created_by, created_at, updated_at)
        SELECT c.id, pg_temp.code('KT-C-', nextval('case_code_seq')), c.returnee_id, c.type, c.status, c.priority, c.assignee_id, c.office_id, c.title, c.summary,
               CASE WHEN e.details_enc IS NULL THEN c.details ELSE '{}'::jsonb END, e.details_enc, c.opened_at, c.due_at, c.closed_at,
               c.closure_reason, c.outcome, c.created_by, c.opened_at, coalesce(c.closed_at, c.opened_at)
        FROM seed_c c LEFT JOIN seed_c_sealed e ON e.j = c.j
        ORDER BY c.j`);
      millis.case_file += Date.now() - t;

      t = Date.now();
      // timeline: "created", then notes/assignments/follow-ups, and a status change for cases that left "open";
      // more events the further the case has gone (1–2 open, 2–4 active, 4–6 closing or closed: ≈ 3.3 per case)
      await db.query(`
        INSERT INTO case_event (id, case_id, at, actor_id, kind, data)
        SELECT pg_temp.sid(${TAG.event}, v.j * 8 + v.e), v.id, v.opened_at + (v.span * v.e / v.n), v.actor, v.kind,
               CASE v.kind
                 WHEN 'created' THEN jsonb_build_object('code', v.code, 'type', v.type, 'status', 'open', 'priority', v.priority, 'assigneeId', v.assignee_id, 'returneeId', v.returnee_id)
                 WHEN 'status_changed' THEN jsonb_build_object('from', 'open', 'to', v.status)
                 WHEN 'assigned' THEN jsonb_build_object('from', NULL, 'to', v.assignee_id)
                 WHEN 'follow_up_scheduled' THEN jsonb_build_object('dueAt', v.opened_at + interval '14 days')
                 ELSE jsonb_build_object('text', 'Связались с клиентом, обсудили следующие шаги.')
               END
        FROM (
          SELECT w.*, CASE WHEN w.e = 0 THEN 'created' WHEN w.e = w.n - 1 AND w.status <> 'open' THEN 'status_changed'
                           ELSE (ARRAY['note','note','assigned','follow_up_scheduled'])[1 + floor(pg_temp.r(w.j * 8 + w.e, 71) * 4)::int] END AS kind
          FROM (
            SELECT c.id, c.code, c.type, c.status, c.priority, c.assignee_id, c.returnee_id, c.opened_at,
                   coalesce(c.closed_at, current_date::timestamptz) - c.opened_at AS span, coalesce(c.assignee_id, c.created_by) AS actor,
                   ('x' || right(c.id::text, 12))::bit(48)::bigint AS j, g.e,
                   CASE c.status WHEN 'open' THEN 1 WHEN 'in_progress' THEN 2 WHEN 'on_hold' THEN 2 ELSE 4 END
                     + floor(pg_temp.r(('x' || right(c.id::text, 12))::bit(48)::bigint, 70) * CASE c.status WHEN 'open' THEN 2 ELSE 3 END) AS n
            FROM case_file c
            CROSS JOIN LATERAL generate_series(0, 7) AS g(e)
            WHERE c.id BETWEEN pg_temp.sid(${TAG.caseFile}, ${lo}::bigint * 8) AND pg_temp.sid(${TAG.caseFile}, ${hi}::bigint * 8 + 7)
          ) w
          WHERE w.e < w.n
        ) v
        ORDER BY v.j, v.e`);
      millis.case_event += Date.now() - t;

      await db.query('COMMIT');
      log(`  returnees ${hi + 1 - offset}/${opts.returnees} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    }

    const ta = Date.now();
    await db.query(`ANALYZE returnee; ANALYZE migration_episode; ANALYZE case_file; ANALYZE case_event`);
    millis.analyze = Date.now() - ta;
    const counts: Record<string, number> = {};
    for (const table of ['returnee', 'migration_episode', 'case_file', 'case_event']) {
      counts[table] = Number((await db.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
    }
    return { counts, millis, totalMillis: Date.now() - t0 };
  } catch (err) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await db.end();
  }
}
