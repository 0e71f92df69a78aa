import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule, ConfigType } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { appConfig } from '../config/app.config';
import { ensureAppRole, runtimeDatabaseUrl } from './app-role';
import { baseDataSourceOptions } from './data-source';

// The API and the worker boot on the same validated config and the same database settings (the API migrates; the
// worker never does); both import these instead of repeating them.
export const AppConfigModule = ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [appConfig] });

// Whose login the pool uses (see app-role.ts): 'owner' = DATABASE_URL (the CLI scripts, beside the migrations);
// 'app' = the least-privilege login, DATABASE_APP_URL or kaytuu_api, which the API ('app-ensure') makes at boot if
// missing and the worker ('app') only derives.
export type DatabaseLogin = 'owner' | 'app' | 'app-ensure';
export const DATABASE_LOGIN = Symbol('DATABASE_LOGIN');

@Global()
@Module({})
export class DatabaseLoginModule {
  static use(login: DatabaseLogin): DynamicModule {
    return { module: DatabaseLoginModule, global: true, providers: [{ provide: DATABASE_LOGIN, useValue: login }], exports: [DATABASE_LOGIN] };
  }
}

async function poolUrl(cfg: ConfigType<typeof appConfig>, login: DatabaseLogin): Promise<string> {
  if (login === 'owner') return cfg.databaseUrl;
  if (login === 'app' || cfg.databaseAppUrl) return runtimeDatabaseUrl(cfg);
  return ensureAppRole(cfg.databaseUrl);
}

// One registration (TypeORM warns about a second data source of the same name); the login comes from
// DatabaseLoginModule.use(…) in the app's module, the owner's when none is given.
export const DatabaseModule = TypeOrmModule.forRootAsync({
  inject: [appConfig.KEY, { token: DATABASE_LOGIN, optional: true }],
  useFactory: async (cfg: ConfigType<typeof appConfig>, login: DatabaseLogin | undefined) => ({
    ...baseDataSourceOptions(await poolUrl(cfg, login ?? 'owner'), { sqlTraceFile: cfg.sqlTraceFile }),
    autoLoadEntities: true,
  }),
});
