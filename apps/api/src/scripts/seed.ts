import { loadAppConfig, runMigrations } from '@kaytuu/shared';
import { createApp } from '../app.factory';
import { DemoSeedService } from '../seed/demo-seed.service';

// `npm run seed`: migrate, then load the demo dataset if the database has no users yet (same as the first `npm start`).
async function main(): Promise<void> {
  const cfg = loadAppConfig();
  await runMigrations(cfg.databaseUrl);
  const app = await createApp({ consoleDist: null });
  try {
    const loaded = await app.get(DemoSeedService).seedIfEmpty();
    console.log(loaded ? 'Demo dataset loaded.' : 'The database already has users; nothing loaded.');
  } finally {
    await app.close();
  }
}

main().catch((err: unknown) => {
  console.error('Seeding failed:', err);
  process.exit(1);
});
