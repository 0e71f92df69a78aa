import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigType } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { appConfig, baseDataSourceOptions, QueueModule, ClockModule } from '@kaytuu/shared';
import { HeartbeatProcessor } from './processors/heartbeat.processor';

export type WorkerModuleOptions = { logLevel?: string };

@Module({})
export class WorkerModule {
  static register(opts: WorkerModuleOptions = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [appConfig] }),
        LoggerModule.forRootAsync({
          inject: [appConfig.KEY],
          useFactory: (cfg: ConfigType<typeof appConfig>) => ({ pinoHttp: { level: opts.logLevel ?? cfg.logLevel } }),
        }),
        // the API's database; migrationsRun stays false: only the API migrates (createWorkerApp waits for it)
        TypeOrmModule.forRootAsync({
          inject: [appConfig.KEY],
          useFactory: (cfg: ConfigType<typeof appConfig>) => ({ ...baseDataSourceOptions(cfg.databaseUrl), autoLoadEntities: true }),
        }),
        QueueModule,
        ClockModule,
      ],
      providers: [HeartbeatProcessor],
    };
  }
}
