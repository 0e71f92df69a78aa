import { registerAs } from '@nestjs/config';
import { plainToInstance, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';
import { DataKeyConfigError, DataKeys, parseDataKeys } from '../crypto/field-cipher';
import type { ObjectStoreSettings } from '../storage/object-store';

// The only place that reads process.env for the API and the worker. Checked at boot: a bad value stops the app.
class AppEnv {
  @IsString() DATABASE_URL: string;
  // the least-privilege login of the API and the worker (no UPDATE/DELETE on audit_log); unset: derived at boot
  @IsOptional() @IsString() DATABASE_APP_URL?: string;
  @IsOptional() @IsString() REDIS_URL?: string;
  @Type(() => Number) @IsInt() @Min(0) @Max(65535) PORT: number = 3000;
  // after SIGTERM the API answers /api/health/ready with 503 (still serving everything else) this long before it stops
  // taking connections, so the load balancer (Kubernetes endpoints, the compose proxy) has moved new requests elsewhere
  @Type(() => Number) @IsInt() @Min(0) @Max(300) SHUTDOWN_DRAIN_SECONDS: number = 0;
  // the proxies whose X-Forwarded-For the API believes (Express's 'trust proxy': loopback, uniquelocal, CIDRs, …): the
  // client address the login throttle counts by. Behind the compose proxy or a Kubernetes ingress: loopback, uniquelocal
  @IsOptional()
  @Matches(/^\s*[A-Za-z0-9.:/]+\s*(,\s*[A-Za-z0-9.:/]+\s*)*$/, {
    message: 'must be a comma-separated list of loopback, linklocal, uniquelocal or addresses/CIDRs',
  })
  TRUST_PROXY?: string;
  // the worker's probe port (/live, /ready; apps/worker/src/health-server.ts); unset: the worker serves no HTTP
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(65535) WORKER_HEALTH_PORT?: number;
  @IsString() @MinLength(16) JWT_SECRET: string;
  // encryption at rest of personal data (crypto/field-cipher.ts): id:base64key list, the id for new writes, the HMAC key
  @IsString() DATA_KEYS: string;
  @IsOptional() @IsString() DATA_KEY_ID?: string;
  @IsString() DATA_HMAC_KEY: string;
  @Type(() => Number) @IsInt() @Min(60) ACCESS_TOKEN_TTL_SECONDS: number = 900;
  @Type(() => Number) @IsInt() @Min(3600) REFRESH_TOKEN_TTL_SECONDS: number = 30 * 24 * 3600;
  @Type(() => Number) @IsInt() @Min(1) LOGIN_THROTTLE_PER_MINUTE: number = 60;
  // report CSV/XLSX exports and import error reports per user in any 10 minutes
  @Type(() => Number) @IsInt() @Min(1) EXPORT_THROTTLE_PER_10_MINUTES: number = 30;
  @Type(() => Number) @IsInt() @Min(1) LOCKOUT_MAX_FAILURES: number = 5;
  @Type(() => Number) @IsInt() @Min(1) LOCKOUT_MINUTES: number = 15;
  @IsOptional() @IsString() CONSOLE_DIST?: string;
  @IsOptional() @IsString() LOG_LEVEL?: string;
  @IsOptional() @IsString() QUEUE_PREFIX?: string;
  @IsOptional() @IsString() CORS_ORIGINS?: string;
  @IsOptional() @IsString() SMTP_URL?: string;
  @IsOptional() @IsString() PUBLIC_URL?: string;
  @IsOptional() @IsString() MAIL_FROM?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1000) @Max(60_000) WEBHOOK_TIMEOUT_MS?: number;
  @IsOptional() @IsString() ADMIN_EMAIL?: string;
  @IsOptional() @IsString() ADMIN_PASSWORD?: string;
  @IsOptional() @IsIn(['true', 'false']) SEED?: string;
  // opt-in SQL trace for bench/api.mjs: every statement with its parameters (personal data) appended to this file
  @IsOptional() @IsString() @MinLength(1) KAYTUU_SQL_TRACE?: string;
  // minutes before a follow-up's due time at which its assignee is reminded; 0 is "at due time"
  @Matches(/^\s*\d{1,6}\s*(,\s*\d{1,6}\s*)*$/, { message: 'must be a comma-separated list of minutes, e.g. "1440,0"' })
  REMINDER_OFFSETS_MINUTES: string = '1440,0';
  @Type(() => Number) @IsInt() @Min(0) @Max(24 * 365) ESCALATION_HOURS: number = 48;
  @Type(() => Number) @IsInt() @Min(10) @Max(3_600_000) RELAY_INTERVAL_MS: number = 1000;
  @Type(() => Number) @IsInt() @Min(0) @Max(86_400) RELAY_HORIZON_SECONDS: number = 300;
  @Type(() => Number) @IsInt() @Min(1) @Max(86_400) STALE_ENQUEUED_SECONDS: number = 30;
  // a worker's claim on a reminder job lasts this long unless renewed; a killed worker's jobs are picked up again
  // one to two such periods later (BullMQ's lockDuration and stalledInterval)
  @Type(() => Number) @IsInt() @Min(1) @Max(3600) JOB_LOCK_SECONDS: number = 30;
  // list totals are counted exactly up to this many rows, estimated above (X-Total-Estimated: true)
  @Type(() => Number) @IsInt() @Min(1) @Max(10_000_000) LIST_EXACT_TOTAL_LIMIT: number = 10_000;
  // a dashboard or report that took at least AGGREGATE_CACHE_MIN_COMPUTE_MS to compute is reused this long (0: never)
  @Type(() => Number) @IsInt() @Min(0) @Max(86_400) DASHBOARD_CACHE_SECONDS: number = 0;
  @Type(() => Number) @IsInt() @Min(0) @Max(86_400) REPORT_CACHE_SECONDS: number = 300;
  @Type(() => Number) @IsInt() @Min(0) @Max(600_000) AGGREGATE_CACHE_MIN_COMPUTE_MS: number = 250;
  // the file store (storage/object-store.ts): fs under FILES_DIR, or S3 (default when S3_BUCKET is set)
  @IsOptional() @IsIn(['fs', 's3']) FILE_STORE?: string;
  @IsOptional() @IsString() @MinLength(1) FILES_DIR?: string;
  @IsOptional() @Matches(/^https?:\/\/\S+$/, { message: 'must be an http(s) URL' }) S3_ENDPOINT?: string;
  @IsOptional() @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'must be a valid bucket name' }) S3_BUCKET?: string;
  @IsOptional() @IsString() @MinLength(1) S3_REGION?: string;
  @IsOptional() @IsString() S3_ACCESS_KEY_ID?: string;
  @IsOptional() @IsString() S3_SECRET_ACCESS_KEY?: string;
  @IsOptional() @IsIn(['true', 'false']) S3_FORCE_PATH_STYLE?: string;
  @Type(() => Number) @IsInt() @Min(1) @Max(2 ** 40) FILE_MAX_BYTES: number = 20 * 1024 * 1024;
  @Type(() => Number) @IsInt() @Min(1) @Max(2 ** 50) FILES_PER_RETURNEE_MAX_BYTES: number = 500 * 1024 * 1024;
  // a deleted document may be purged (its files removed) by an admin this many days after its deletion
  @Type(() => Number) @IsInt() @Min(0) @Max(36_500) DOCUMENT_RETENTION_DAYS: number = 30;
  // the Telegram bot (messaging, issue 18): unset token → Telegram off
  @IsOptional() @Matches(/^\d{3,15}:[A-Za-z0-9_-]{20,64}$/, { message: 'must be a bot token from BotFather (123456:ABC…)' }) TELEGRAM_BOT_TOKEN?: string;
  @IsOptional() @Matches(/^[A-Za-z][A-Za-z0-9_]{2,30}bot$/i, { message: "must be the bot's username, ending in bot" }) TELEGRAM_BOT_USERNAME?: string;
  @IsOptional() @Matches(/^https?:\/\/[^\s/]+(\/\S*)?$/, { message: 'must be an http(s) URL' }) TELEGRAM_API_ROOT?: string;
  // Telegram's secret_token alphabet; in the webhook's path and in its X-Telegram-Bot-Api-Secret-Token header
  @IsOptional() @Matches(/^[A-Za-z0-9_-]{24,256}$/, { message: 'must be 24–256 characters of A-Z, a-z, 0-9, _ and -' }) TELEGRAM_WEBHOOK_SECRET?: string;
  @IsOptional() @IsIn(['webhook', 'polling']) TELEGRAM_MODE?: string;
}

export type AppConfig = {
  databaseUrl: string;
  databaseAppUrl?: string;
  redisUrl?: string;
  port: number;
  shutdownDrainSeconds: number;
  trustProxy: string[];
  workerHealthPort?: number;
  jwtSecret: string;
  dataKeys: DataKeys;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  loginThrottlePerMinute: number;
  exportThrottlePer10Minutes: number;
  lockoutMaxFailures: number;
  lockoutMinutes: number;
  consoleDist?: string;
  logLevel: string;
  queuePrefix: string;
  corsOrigins: string[];
  adminEmail?: string;
  smtpUrl?: string;
  publicUrl: string;
  mailFrom: string;
  webhookTimeoutMs: number;
  adminPassword?: string;
  seedDemo: boolean;
  sqlTraceFile?: string;
  reminderOffsetsMinutes: number[];
  escalationHours: number;
  relayIntervalMs: number;
  relayHorizonSeconds: number;
  staleEnqueuedSeconds: number;
  jobLockSeconds: number;
  listExactTotalLimit: number;
  dashboardCacheSeconds: number;
  reportCacheSeconds: number;
  aggregateCacheMinComputeMs: number;
  objectStore: ObjectStoreSettings;
  fileMaxBytes: number;
  filesPerReturneeMaxBytes: number;
  documentRetentionDays: number;
  telegram: TelegramSettings | null;
};

// null: no bot token, Telegram is off. Webhook mode: the worker registers PUBLIC_URL/api/telegram/webhook/<secret>;
// polling mode: the worker long-polls getUpdates (no public URL needed).
export type TelegramSettings = { token: string; username: string; apiRoot: string; webhookSecret?: string; mode: 'webhook' | 'polling' };

export function loadAppConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = plainToInstance(AppEnv, { ...env }, { enableImplicitConversion: false });
  const errors = validateSync(parsed, { skipMissingProperties: false, whitelist: false });
  if (errors.length > 0) {
    const detail = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join(', ')}`).join('; ');
    throw new Error(`Invalid configuration: ${detail}`);
  }
  let dataKeys: DataKeys;
  try {
    dataKeys = parseDataKeys(parsed);
  } catch (err) {
    if (err instanceof DataKeyConfigError) throw new Error(`Invalid configuration: ${err.message}`, { cause: err });
    throw err;
  }
  return {
    databaseUrl: parsed.DATABASE_URL,
    databaseAppUrl: parsed.DATABASE_APP_URL || undefined,
    redisUrl: parsed.REDIS_URL || undefined,
    port: parsed.PORT,
    shutdownDrainSeconds: parsed.SHUTDOWN_DRAIN_SECONDS,
    trustProxy: (parsed.TRUST_PROXY || 'loopback').split(',').map((s) => s.trim()),
    workerHealthPort: parsed.WORKER_HEALTH_PORT,
    jwtSecret: parsed.JWT_SECRET,
    dataKeys,
    accessTokenTtlSeconds: parsed.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlSeconds: parsed.REFRESH_TOKEN_TTL_SECONDS,
    loginThrottlePerMinute: parsed.LOGIN_THROTTLE_PER_MINUTE,
    exportThrottlePer10Minutes: parsed.EXPORT_THROTTLE_PER_10_MINUTES,
    lockoutMaxFailures: parsed.LOCKOUT_MAX_FAILURES,
    lockoutMinutes: parsed.LOCKOUT_MINUTES,
    consoleDist: parsed.CONSOLE_DIST,
    logLevel: parsed.LOG_LEVEL ?? 'info',
    queuePrefix: parsed.QUEUE_PREFIX ?? 'kaytuu',
    corsOrigins: (parsed.CORS_ORIGINS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    adminEmail: parsed.ADMIN_EMAIL || undefined,
    smtpUrl: parsed.SMTP_URL || undefined,
    publicUrl: (parsed.PUBLIC_URL || `http://localhost:${parsed.PORT}`).replace(/\/+$/, ''),
    mailFrom: parsed.MAIL_FROM || 'Kaytuu <no-reply@kaytuu.kg>',
    webhookTimeoutMs: parsed.WEBHOOK_TIMEOUT_MS ?? 5000,
    adminPassword: parsed.ADMIN_PASSWORD || undefined,
    seedDemo: parsed.SEED !== 'false',
    sqlTraceFile: parsed.KAYTUU_SQL_TRACE || undefined,
    // distinct and largest first, so the earliest reminder is written first
    reminderOffsetsMinutes: [...new Set(parsed.REMINDER_OFFSETS_MINUTES.split(',').map((s) => Number(s.trim())))].sort((a, b) => b - a),
    escalationHours: parsed.ESCALATION_HOURS,
    relayIntervalMs: parsed.RELAY_INTERVAL_MS,
    relayHorizonSeconds: parsed.RELAY_HORIZON_SECONDS,
    staleEnqueuedSeconds: parsed.STALE_ENQUEUED_SECONDS,
    jobLockSeconds: parsed.JOB_LOCK_SECONDS,
    listExactTotalLimit: parsed.LIST_EXACT_TOTAL_LIMIT,
    dashboardCacheSeconds: parsed.DASHBOARD_CACHE_SECONDS,
    reportCacheSeconds: parsed.REPORT_CACHE_SECONDS,
    aggregateCacheMinComputeMs: parsed.AGGREGATE_CACHE_MIN_COMPUTE_MS,
    objectStore: objectStoreSettings(parsed),
    fileMaxBytes: parsed.FILE_MAX_BYTES,
    filesPerReturneeMaxBytes: parsed.FILES_PER_RETURNEE_MAX_BYTES,
    documentRetentionDays: parsed.DOCUMENT_RETENTION_DAYS,
    telegram: telegramSettings(parsed),
  };
}

type TelegramEnv = Partial<Record<'TELEGRAM_BOT_TOKEN' | 'TELEGRAM_BOT_USERNAME' | 'TELEGRAM_API_ROOT' | 'TELEGRAM_WEBHOOK_SECRET' | 'TELEGRAM_MODE', string>>;
export function telegramSettings(env: TelegramEnv): TelegramSettings | null {
  if (!env.TELEGRAM_BOT_TOKEN) return null;
  // the deep link t.me/<bot>?start=<code> needs the username
  if (!env.TELEGRAM_BOT_USERNAME) throw new Error('Invalid configuration: TELEGRAM_BOT_TOKEN needs TELEGRAM_BOT_USERNAME');
  const mode = (env.TELEGRAM_MODE as 'webhook' | 'polling' | undefined) ?? (env.TELEGRAM_WEBHOOK_SECRET ? 'webhook' : 'polling');
  if (mode === 'webhook' && !env.TELEGRAM_WEBHOOK_SECRET) throw new Error('Invalid configuration: TELEGRAM_MODE=webhook needs TELEGRAM_WEBHOOK_SECRET');
  return {
    token: env.TELEGRAM_BOT_TOKEN,
    username: env.TELEGRAM_BOT_USERNAME.replace(/^@/, ''),
    apiRoot: (env.TELEGRAM_API_ROOT || 'https://api.telegram.org').replace(/\/+$/, ''),
    webhookSecret: env.TELEGRAM_WEBHOOK_SECRET || undefined,
    mode,
  };
}

// The one place that chooses the file store (like queueBackendSettings): FILE_STORE wins; else s3 when S3_BUCKET is set.
type FileStoreEnv = Partial<
  Record<'FILE_STORE' | 'FILES_DIR' | 'S3_ENDPOINT' | 'S3_BUCKET' | 'S3_REGION' | 'S3_ACCESS_KEY_ID' | 'S3_SECRET_ACCESS_KEY' | 'S3_FORCE_PATH_STYLE', string>
>;
export function objectStoreSettings(env: FileStoreEnv): ObjectStoreSettings {
  const kind = env.FILE_STORE || (env.S3_BUCKET ? 's3' : 'fs');
  if (kind === 'fs') return { kind: 'fs', dir: env.FILES_DIR || './.data/files' };
  if (!env.S3_BUCKET) throw new Error('Invalid configuration: FILE_STORE=s3 needs S3_BUCKET');
  if (!!env.S3_ACCESS_KEY_ID !== !!env.S3_SECRET_ACCESS_KEY) {
    throw new Error('Invalid configuration: set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither (the SDK then finds credentials itself)');
  }
  return {
    kind: 's3',
    endpoint: env.S3_ENDPOINT || undefined,
    bucket: env.S3_BUCKET,
    region: env.S3_REGION || 'us-east-1',
    accessKeyId: env.S3_ACCESS_KEY_ID || undefined,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY || undefined,
    forcePathStyle: env.S3_FORCE_PATH_STYLE !== 'false',
  };
}

export const appConfig = registerAs('app', () => loadAppConfig());
