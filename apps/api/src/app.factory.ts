import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { appConfig, configureListTotals, TOTAL_ESTIMATED_HEADER } from '@kaytuu/shared';
import { AppModule, AppModuleOptions } from './app.module';
import { serveConsole } from './http/console-static';
import { mountQueueBoard, QUEUE_BOARD_PATH } from './http/queue-board';
import { withErrorEnvelope } from './http/error-envelope.schema';

export type CreateAppOptions = AppModuleOptions & { consoleDist?: string | null; bufferLogs?: boolean };

export const BODY_LIMIT = '256kb';

// Builds the fully configured API (used by main.ts and by the e2e tests, so tests exercise the same wiring).
export async function createApp(opts: CreateAppOptions = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(opts), {
    bufferLogs: opts.bufferLogs ?? true,
    bodyParser: false,
    ...(opts.logLevel === 'silent' ? { logger: false } : {}),
  });
  if (opts.logLevel !== 'silent') app.useLogger(app.get(Logger));
  app.useBodyParser('json', { limit: BODY_LIMIT });
  const cfg = app.get<ConfigType<typeof appConfig>>(appConfig.KEY);
  // X-Forwarded-For is believed from these proxies only (TRUST_PROXY; loopback by default)
  app.set('trust proxy', cfg.trustProxy);
  app.disable('x-powered-by');
  app.use(securityHeaders());
  app.setGlobalPrefix('api');
  // the console is served from the same origin; other origins only when listed in CORS_ORIGINS
  app.enableCors({ exposedHeaders: ['Content-Range', TOTAL_ESTIMATED_HEADER], origin: cfg.corsOrigins.length ? cfg.corsOrigins : false });
  configureListTotals({ exactLimit: cfg.listExactTotalLimit });
  app.enableShutdownHooks();

  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApiConfig()), { jsonDocumentUrl: 'api/docs-json' });

  mountQueueBoard(app);

  const dist = opts.consoleDist === undefined ? (cfg.consoleDist ?? defaultConsoleDist()) : opts.consoleDist;
  if (dist && existsSync(join(dist, 'index.html'))) serveConsole(app, dist);
  return app;
}

// helmet's headers with a CSP the built console (emotion injects <style> tags, hence 'unsafe-inline' for styles only),
// the Swagger UI (external scripts, data: icons) and bull-board work under; bull-board alone may load its Google font.
// No upgrade-insecure-requests: TLS ends at the proxy, and HSTS already keeps browsers on https.
export function securityHeaders(): RequestHandler {
  const directives = (fonts: boolean) => ({
    defaultSrc: ["'self'"],
    baseUri: ["'self'"],
    connectSrc: ["'self'"],
    fontSrc: fonts ? ["'self'", 'data:', 'https://fonts.gstatic.com'] : ["'self'", 'data:'],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    objectSrc: ["'none'"],
    scriptSrc: ["'self'"],
    scriptSrcAttr: ["'none'"],
    styleSrc: fonts ? ["'self'", "'unsafe-inline'", 'https://fonts.googleapis.com'] : ["'self'", "'unsafe-inline'"],
    upgradeInsecureRequests: null,
  });
  const common = { frameguard: { action: 'deny' as const }, strictTransportSecurity: { maxAge: 15_552_000, includeSubDomains: true } };
  const app = helmet({ ...common, contentSecurityPolicy: { useDefaults: false, directives: directives(false) } });
  const board = helmet({ ...common, contentSecurityPolicy: { useDefaults: false, directives: directives(true) } });
  return (req: Request, res: Response, next: NextFunction) =>
    (req.path === QUEUE_BOARD_PATH || req.path.startsWith(`${QUEUE_BOARD_PATH}/`) ? board : app)(req, res, next);
}

// The repo root is the nearest ancestor holding apps/console (the same from sources under jest and from dist/).
export function openApiConfig() {
  const builder = new DocumentBuilder()
    .setTitle('Kaytuu API')
    .setDescription(
      "Case management for returning labour migrants. Lists speak the ra-data-simple-rest dialect: the total is in `Content-Range`; `X-Total-Estimated: true` means it is the planner's estimate (the filtered set is larger than LIST_EXACT_TOTAL_LIMIT), `false` that it is exact.",
    )
    .setVersion('0.1.0')
    .addBearerAuth();
  return withErrorEnvelope(builder);
}

export function defaultConsoleDist(): string {
  let dir = __dirname;
  while (dirname(dir) !== dir && !existsSync(join(dir, 'apps/console/package.json'))) dir = dirname(dir);
  return join(dir, 'apps/console/dist');
}
