import { ConfigModule, ConfigType } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { appConfig } from '../config/app.config';
import { baseDataSourceOptions } from './data-source';

// The API and the worker boot on the same validated config and the same database settings (the API migrates; the
// worker never does); both import these instead of repeating them.
export const AppConfigModule = ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [appConfig] });

export const DatabaseModule = TypeOrmModule.forRootAsync({
  inject: [appConfig.KEY],
  useFactory: (cfg: ConfigType<typeof appConfig>) => ({ ...baseDataSourceOptions(cfg.databaseUrl, { sqlTraceFile: cfg.sqlTraceFile }), autoLoadEntities: true }),
});
