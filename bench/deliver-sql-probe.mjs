// Postgres-side ceiling of one reminder delivery: the same 8 statements ReminderService.deliver issues for an in-app
// reminder (BEGIN, lock reminder, lock follow-up, read case, read returnee name, insert notification, mark sent, COMMIT),
// through raw `pg`, without TypeORM, Nest or BullMQ. Compare with bench/reminders.mjs to split the cost.
//
//   npm run build:server && node bench/deliver-sql-probe.mjs [n=20000] [pool=10] [inFlight=50] [batch=1]
// batch > 1: the same steps for `batch` reminders per transaction (row locks in id order, one multi-row insert) — what
// a batched delivery would cost.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { runMigrations } = require(join(ROOT, 'dist/apps/worker/libs/shared/src/db/data-source.js'));
const [N, POOL, IN_FLIGHT, BATCH] = [20000, 10, 50, 1].map((d, i) => Number(process.argv[2 + i] ?? d));
const SERVER = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const db = `kaytuu_probe_${Date.now().toString(36)}`;

const admin = new pg.Client({ connectionString: `${SERVER}/postgres` });
await admin.connect();
await admin.query(`CREATE DATABASE ${db}`);
const url = `${SERVER}/${db}`;
try {
  await runMigrations(url);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const {
    rows: [office],
  } = await c.query(`INSERT INTO office (name, oblast, district) VALUES ('Probe', 'chuy', 'alamudun') RETURNING id`);
  const {
    rows: [user],
  } = await c.query(
    `INSERT INTO app_user (email, full_name, role, office_id, password_hash) VALUES ('probe@kaytuu.test', 'Probe', 'caseworker', $1, 'x') RETURNING id`,
    [office.id],
  );
  await c.query(
    `INSERT INTO returnee (code, last_name, first_name, sex, birth_date, oblast, district, office_id) SELECT 'KT-P-' || g, 'Асанов', 'Бакыт', 'male', '1990-01-01', 'chuy', 'alamudun', $1 FROM generate_series(1, 1000) g`,
    [office.id],
  );
  await c.query(
    `INSERT INTO case_file (code, returnee_id, type, status, assignee_id, office_id, title) SELECT 'KT-C-P-' || row_number() OVER (ORDER BY id), id, 'legal_aid', 'in_progress', $2, $1, 'Probe' FROM returnee`,
    [office.id, user.id],
  );
  await c.query(
    `WITH cs AS (SELECT id, returnee_id, row_number() OVER (ORDER BY id) - 1 AS k FROM case_file),
          fu AS (INSERT INTO follow_up (case_id, returnee_id, office_id, assignee_id, kind, due_at)
                 SELECT cs.id, cs.returnee_id, $1, $2, 'call', now() FROM generate_series(0, $3::int - 1) g JOIN cs ON cs.k = g % 1000
                 RETURNING id, assignee_id, due_at)
     INSERT INTO reminder (follow_up_id, user_id, kind, fire_at, status) SELECT id, assignee_id, 'at_due', due_at, 'enqueued' FROM fu`,
    [office.id, user.id, N],
  );
  await c.query('ANALYZE');
  const ids = (await c.query('SELECT id FROM reminder')).rows.map((r) => r.id);
  await c.end();

  const pool = new pg.Pool({ connectionString: url, max: POOL });
  pool.on('error', () => undefined);
  const deliver = async (id) => {
    const k = await pool.connect();
    try {
      await k.query('START TRANSACTION');
      const {
        rows: [r],
      } = await k.query('SELECT r.* FROM reminder r WHERE r.id = $1 FOR UPDATE', [id]);
      const {
        rows: [f],
      } = await k.query('SELECT f.* FROM follow_up f WHERE f.id = $1 FOR SHARE', [r.follow_up_id]);
      const {
        rows: [cf],
      } = await k.query('SELECT c.* FROM case_file c WHERE c.deleted_at IS NULL AND c.id = $1', [f.case_id]);
      await k.query('SELECT r.id, r.office_id, r.last_name, r.first_name, r.patronymic FROM returnee r WHERE r.deleted_at IS NULL AND r.id = $1', [
        cf.returnee_id,
      ]);
      await k.query(
        `INSERT INTO notification (user_id, kind, title, body, link, data, dedupe_key)
         SELECT x.user_id, x.kind, x.title, x.body, x.link, COALESCE(x.data, '{}'::jsonb), x.dedupe_key
           FROM jsonb_to_recordset($1::jsonb) AS x(user_id uuid, kind text, title text, body text, link text, data jsonb, dedupe_key text)
         ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
        [
          JSON.stringify([
            {
              user_id: r.user_id,
              kind: 'follow_up_due',
              title: `Пора выполнить контакт по делу ${cf.code}`,
              body: 'Звонок',
              link: `#/cases/${cf.id}/show/follow-ups`,
              data: { caseId: cf.id, followUpId: f.id },
              dedupe_key: `reminder:${id}`,
            },
          ]),
        ],
      );
      await k.query(`UPDATE reminder SET status = 'sent', sent_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = $1`, [id]);
      await k.query('COMMIT');
    } finally {
      k.release();
    }
  };
  const deliverBatch = async (batch) => {
    const k = await pool.connect();
    try {
      await k.query('START TRANSACTION');
      const { rows: rs } = await k.query('SELECT r.* FROM reminder r WHERE r.id = ANY($1) ORDER BY r.id FOR UPDATE', [batch]);
      const { rows: fs } = await k.query('SELECT f.* FROM follow_up f WHERE f.id = ANY($1) ORDER BY f.id FOR SHARE', [rs.map((r) => r.follow_up_id)]);
      const { rows: cs } = await k.query('SELECT c.* FROM case_file c WHERE c.deleted_at IS NULL AND c.id = ANY($1)', [[...new Set(fs.map((f) => f.case_id))]]);
      await k.query('SELECT r.id, r.last_name, r.first_name, r.patronymic FROM returnee r WHERE r.deleted_at IS NULL AND r.id = ANY($1)', [
        cs.map((c) => c.returnee_id),
      ]);
      const fuById = new Map(fs.map((f) => [f.id, f]));
      const caseById = new Map(cs.map((c) => [c.id, c]));
      const rows = rs.map((r) => {
        const cf = caseById.get(fuById.get(r.follow_up_id).case_id);
        return {
          user_id: r.user_id,
          kind: 'follow_up_due',
          title: `Пора выполнить контакт по делу ${cf.code}`,
          body: 'Звонок',
          link: `#/cases/${cf.id}/show/follow-ups`,
          data: { caseId: cf.id, followUpId: r.follow_up_id },
          dedupe_key: `reminder:${r.id}`,
        };
      });
      await k.query(
        `INSERT INTO notification (user_id, kind, title, body, link, data, dedupe_key)
         SELECT x.user_id, x.kind, x.title, x.body, x.link, COALESCE(x.data, '{}'::jsonb), x.dedupe_key
           FROM jsonb_to_recordset($1::jsonb) AS x(user_id uuid, kind text, title text, body text, link text, data jsonb, dedupe_key text)
         ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
        [JSON.stringify(rows)],
      );
      await k.query(`UPDATE reminder SET status = 'sent', sent_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = ANY($1)`, [batch]);
      await k.query('COMMIT');
    } finally {
      k.release();
    }
  };
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < ids.length) {
        const batch = ids.slice(next, next + BATCH);
        next += BATCH;
        await (BATCH > 1 ? deliverBatch(batch) : deliver(batch[0]));
      }
    }),
  );
  const s = (performance.now() - t0) / 1000;
  const {
    rows: [check],
  } = await pool.query(`SELECT count(*)::int AS n FROM notification`);
  if (check.n !== N) throw new Error(`${check.n} notifications for ${N} reminders`);
  console.log(`pool ${POOL}, ${IN_FLIGHT} in flight, ${BATCH} per transaction: ${N} deliveries in ${s.toFixed(1)} s = ${(N / s).toFixed(0)}/s`);
  await pool.end();
} finally {
  await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  await admin.end();
}
