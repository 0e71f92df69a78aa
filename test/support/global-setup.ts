import { randomBytes } from 'node:crypto';
import { runMigrations } from '../../libs/shared/src/db/data-source';
import { adminQuery, dbUrl } from './pg';

// Runs the real migrations once into a template database; each test file clones it (CREATE DATABASE … TEMPLATE).
export default async function globalSetup(): Promise<void> {
  const template = `kaytuu_tpl_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${template}`);
  await runMigrations(dbUrl(template));
  process.env.KAYTUU_TEST_TEMPLATE_DB = template;
}
