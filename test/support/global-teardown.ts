import { Client } from 'pg';
import { adminQuery, dbUrl } from './pg';

// Drops the template and every per-file database of this run (and any left over by a crashed run).
export default async function globalTeardown(): Promise<void> {
  const template = process.env.KAYTUU_TEST_TEMPLATE_DB;
  if (!template) return;
  const suffix = template.replace('kaytuu_tpl_', '');
  const c = new Client({ connectionString: dbUrl('postgres') });
  await c.connect();
  const { rows } = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`, [
    template,
    `kaytuu_t_${suffix}_%`,
  ]);
  await c.end();
  for (const r of rows) await adminQuery(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
}
