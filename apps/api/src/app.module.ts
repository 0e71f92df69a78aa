import { DynamicModule, Module } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AccessModule } from '@kaytuu/access';
import { AssistanceModule } from '@kaytuu/assistance';
import { AuditModule } from '@kaytuu/audit';
import { CasesModule } from '@kaytuu/cases';
import { DirectoryModule } from '@kaytuu/directory';
import { DocumentsModule } from '@kaytuu/documents';
import { FollowUpsModule } from '@kaytuu/follow-ups';
import { ImportsModule } from '@kaytuu/imports';
import { MessagingModule, OutreachModule, TelegramModule } from '@kaytuu/messaging';
import { ReferralsModule } from '@kaytuu/referrals';
import { NotificationsModule } from '@kaytuu/notifications';
import { NotesModule } from '@kaytuu/notes';
import { PlansModule } from '@kaytuu/plans';
import { RecoveryModule } from '@kaytuu/recovery';
import { ReturneesModule } from '@kaytuu/returnees';
import { ReintegrationModule } from '@kaytuu/reintegration';
import { ReportsModule } from '@kaytuu/reports';
import { SupervisionModule } from '@kaytuu/supervision';
import { appConfig, ClockModule, QueueModule, AppConfigModule, DatabaseLoginModule, DatabaseModule, CryptoModule, StorageModule } from '@kaytuu/shared';
import { AuditController } from './admin/audit.controller';
import { QueueBoardController } from './admin/queue-board.controller';
import { BootstrapService } from './bootstrap.service';
import { HealthController } from './health/health.controller';
import { ShutdownDrain } from './health/shutdown-drain';
import { SeedModule } from './seed/seed.module';
import { ErrorFilter } from './http/error.filter';
import { requestLogSerializers } from './http/log-serializers';
import { createValidationPipe } from './http/validation.pipe';

export type AppModuleOptions = { logLevel?: string };

@Module({})
export class AppModule {
  static register(opts: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule,
        LoggerModule.forRootAsync({
          inject: [appConfig.KEY],
          useFactory: (cfg: ConfigType<typeof appConfig>) => ({
            pinoHttp: {
              level: opts.logLevel ?? cfg.logLevel,
              serializers: requestLogSerializers,
              autoLogging: { ignore: (req: { url?: string }) => req.url === '/api/health' },
            },
          }),
        }),
        DatabaseModule,
        DatabaseLoginModule.use('app-ensure'),
        CryptoModule,
        StorageModule,
        QueueModule,
        ClockModule,
        AuditModule,
        AccessModule,
        DirectoryModule,
        ReturneesModule,
        CasesModule,
        FollowUpsModule,
        ReferralsModule,
        NotificationsModule,
        ReintegrationModule,
        NotesModule,
        PlansModule,
        DocumentsModule,
        RecoveryModule,
        MessagingModule,
        TelegramModule,
        OutreachModule,
        AssistanceModule,
        ReportsModule,
        SupervisionModule,
        ImportsModule,
        SeedModule,
      ],
      controllers: [HealthController, QueueBoardController, AuditController],
      providers: [BootstrapService, ShutdownDrain, { provide: APP_PIPE, useFactory: createValidationPipe }, { provide: APP_FILTER, useClass: ErrorFilter }],
    };
  }
}
