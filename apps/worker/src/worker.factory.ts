import { INestApplicationContext, Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { loadAppConfig, runtimeDatabaseUrl } from '@kaytuu/shared';
import { WorkerHealthServer } from './health-server';
import { waitForAppLogin, waitForSchema } from './schema-gate';
import { WorkerModule, WorkerModuleOptions } from './worker.module';

// Builds the worker (used by main.ts and by the e2e tests, so tests boot the same wiring). The processors start
// in onApplicationBootstrap, so the returned context is already consuming its queues.
export async function createWorkerApp(opts: WorkerModuleOptions = {}): Promise<INestApplicationContext> {
  const silent = opts.logLevel === 'silent';
  const startup = new NestLogger('WorkerStartup');
  const cfg = loadAppConfig();
  const log = (m: string) => (silent ? undefined : startup.log(m));
  await waitForSchema(cfg.databaseUrl, { log });
  // the pool signs in as the least-privilege login, which the API makes on its first start
  await waitForAppLogin(runtimeDatabaseUrl(cfg), { log });
  const app = await NestFactory.createApplicationContext(WorkerModule.register(opts), silent ? { logger: false } : { bufferLogs: true });
  if (!silent) app.useLogger(app.get(Logger));
  // every processor's onApplicationBootstrap has returned: the probe says ready
  app.get(WorkerHealthServer).markReady();
  return app;
}
