import { DynamicModule, Module } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
import { AccessModule } from '@kaytuu/access';
import { AuditModule } from '@kaytuu/audit';
import { FollowUpsModule } from '@kaytuu/follow-ups';
import { ImportsModule } from '@kaytuu/imports';
import { MessagingModule, OutreachModule, TelegramModule } from '@kaytuu/messaging';
import { ReferralsModule } from '@kaytuu/referrals';
import { appConfig, QueueModule, ClockModule, AppConfigModule, DatabaseLoginModule, DatabaseModule, CryptoModule, StorageModule } from '@kaytuu/shared';
import { AuditSealProcessor } from './processors/audit-seal.processor';
import { CHECKINS_PROCESSOR_OPTIONS, CheckinsProcessor, CheckinsProcessorOptions } from './processors/checkins.processor';
import { ESCALATION_PROCESSOR_OPTIONS, EscalationProcessor, EscalationProcessorOptions } from './processors/escalation.processor';
import { FILE_SWEEP_PROCESSOR_OPTIONS, FileSweepProcessor, FileSweepProcessorOptions } from './processors/file-sweep.processor';
import { HeartbeatProcessor } from './processors/heartbeat.processor';
import { ImportsProcessor } from './processors/imports.processor';
import { WorkerHealthServer } from './health-server';
import { MessagesProcessor } from './processors/messages.processor';
import { ReferralMessagesProcessor } from './processors/referral-messages.processor';
import { TelegramBotProcessor } from './processors/telegram-bot.processor';
import { REMINDERS_PROCESSOR_OPTIONS, RemindersProcessor, RemindersProcessorOptions } from './processors/reminders.processor';

export type WorkerModuleOptions = {
  logLevel?: string;
  reminders?: RemindersProcessorOptions;
  escalation?: EscalationProcessorOptions;
  fileSweep?: FileSweepProcessorOptions;
  checkins?: CheckinsProcessorOptions;
};

@Module({})
export class WorkerModule {
  static register(opts: WorkerModuleOptions = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        AppConfigModule,
        LoggerModule.forRootAsync({
          inject: [appConfig.KEY],
          useFactory: (cfg: ConfigType<typeof appConfig>) => ({ pinoHttp: { level: opts.logLevel ?? cfg.logLevel } }),
        }),
        // same database as the API; only the API runs migrations
        DatabaseModule,
        DatabaseLoginModule.use('app'),
        CryptoModule,
        StorageModule,
        QueueModule,
        ClockModule,
        // global providers the follow-ups context relies on (audit rows, office staff lookups); no HTTP here
        AuditModule,
        AccessModule,
        FollowUpsModule,
        ReferralsModule,
        ImportsModule,
        MessagingModule,
        TelegramModule,
        OutreachModule,
      ],
      providers: [
        AuditSealProcessor,
        HeartbeatProcessor,
        RemindersProcessor,
        EscalationProcessor,
        ReferralMessagesProcessor,
        ImportsProcessor,
        FileSweepProcessor,
        MessagesProcessor,
        CheckinsProcessor,
        TelegramBotProcessor,
        WorkerHealthServer,
        { provide: REMINDERS_PROCESSOR_OPTIONS, useValue: opts.reminders ?? {} },
        { provide: ESCALATION_PROCESSOR_OPTIONS, useValue: opts.escalation ?? {} },
        { provide: FILE_SWEEP_PROCESSOR_OPTIONS, useValue: opts.fileSweep ?? {} },
        { provide: CHECKINS_PROCESSOR_OPTIONS, useValue: opts.checkins ?? {} },
      ],
    };
  }
}
