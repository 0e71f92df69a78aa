import { DataSource, DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '@kaytuu/migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export function baseDataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    namingStrategy: new SnakeNamingStrategy(),
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    synchronize: false,
    migrationsRun: false,
    extra: { max: 10, application_name: 'kaytuu' },
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
