import { loadAppConfig, runMigrations } from '@kaytuu/shared';

// `npm run migration:run`: applies pending migrations to DATABASE_URL and names each one applied.
async function migrate(): Promise<void> {
  const cfg = loadAppConfig();
  const applied = await runMigrations(cfg.databaseUrl);
  if (applied.length === 0) console.log('No pending migrations.');
  for (const name of applied) console.log(`applied ${name}`);
}

migrate().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
