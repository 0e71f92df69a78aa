import { DataSource, DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '@kaytuu/migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';
import { sqlTraceOptions } from './sql-trace';

export type DataSourceExtras = { sqlTraceFile?: string };

// The connection pool's size (`extra.max`) is also the bench floor's pool size (bench/api.mjs reads it from here).
export const DB_POOL_SIZE = 10;

export function baseDataSourceOptions(url: string, extras: DataSourceExtras = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    namingStrategy: new SnakeNamingStrategy(),
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    synchronize: false,
    migrationsRun: false,
    // the migrations create the extensions they use (pg_trgm, btree_gist); the app's least-privilege login could not,
    // and TypeORM's own attempt (uuid-ossp, which nothing here uses: ids default to gen_random_uuid()) only logged a refusal
    installExtensions: false,
    extra: { max: DB_POOL_SIZE, application_name: 'kaytuu' },
    // only with KAYTUU_SQL_TRACE set; otherwise TypeORM keeps its default, silent logger and no subscriber
    ...(extras.sqlTraceFile ? sqlTraceOptions(extras.sqlTraceFile) : {}),
  };
}

// Runs the append-only migrations (used on API start, by `npm run migration:run` and by the test global setup).
export async function runMigrations(url: string): Promise<string[]> {
  const ds = new DataSource(baseDataSourceOptions(url));
  await ds.initialize();
  try {
    const done = await ds.runMigrations({ transaction: 'each' });
    return done.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
