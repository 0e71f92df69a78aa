import { AppConfig, loadAppConfig, runMigrations, withStartupLock } from '@kaytuu/shared';
import { createApp } from './app.factory';
import { BootstrapService } from './bootstrap.service';
import { DemoSeedService } from './seed/demo-seed.service';

// Production entry: config is checked before anything connects, migrations run before the app takes traffic
// (the worker never migrates, so the API is the single writer of schema changes).
async function main(): Promise<void> {
  const cfg = readConfigOrExit();
  // replicas starting together take turns here (withStartupLock): one migrates and seeds, the others find it done
  const app = await withStartupLock(cfg.databaseUrl, async () => {
    const applied = await runMigrations(cfg.databaseUrl);
    // stdout on purpose: the pino logger only exists once the app is built
    console.log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database schema is up to date');

    const built = await createApp();
    // the demo goes only into a database without any user, so it runs before the ADMIN_EMAIL account is made
    if (cfg.seedDemo) await built.get(DemoSeedService).seedIfEmpty();
    await built.get(BootstrapService).ensureAdmin();
    return built;
  });
  await app.listen(cfg.port);
  console.log(`Kaytuu console: http://localhost:${cfg.port}/  (API: http://localhost:${cfg.port}/api)`);
}

function readConfigOrExit(): AppConfig {
  try {
    return loadAppConfig();
  } catch (err) {
    console.error(`Kaytuu API cannot start. ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}

main().catch((err: unknown) => {
  console.error('Kaytuu API failed to start:', err);
  process.exit(1);
});
