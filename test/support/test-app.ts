import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { hashPassword } from '@kaytuu/access';
import { buildSearchText } from '../../libs/returnees/src/name-search';
import { createApp } from '../../apps/api/src/app.factory';
import { AAD, FieldCipher } from '../../libs/shared/src/crypto/field-cipher';
import { TEST_DATA_KEYS_ENV, testCipher } from './data-keys';
import { adminQuery, dbUrl, REDIS_TEST_URL } from './pg';

export type TestApp = {
  app: INestApplication;
  // the environment the API was booted with (database, queue backend and prefix, settings): a worker started with it
  // (test/support/worker.ts) shares the API's database and queues
  env: Record<string, string>;
  http: TestAgent;
  db: Client;
  dbName: string;
  given: Given;
  close(): Promise<void>;
};

export type TestAppOptions = { queue?: 'postgres' | 'redis'; env?: Record<string, string>; consoleDist?: string | null };

let counter = 0;

// A fresh database cloned from the migrated template, and the real API wired exactly as in production.
export async function createTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const template = process.env.KAYTUU_TEST_TEMPLATE_DB;
  if (!template) throw new Error('global setup did not run');
  const dbName = `kaytuu_t_${template.replace('kaytuu_tpl_', '')}_${process.pid}_${++counter}_${randomBytes(2).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${dbName} TEMPLATE ${template}`);
  const env: Record<string, string> = {
    DATABASE_URL: dbUrl(dbName),
    JWT_SECRET: randomBytes(24).toString('hex'),
    QUEUE_PREFIX: `kt_${dbName}`,
    LOG_LEVEL: 'silent',
    SEED: 'false',
    // a file store of its own (never the repo's ./.data/files: a test worker's orphan sweep would empty it)
    FILES_DIR: join(tmpdir(), `kaytuu-files-${dbName}`),
    ...TEST_DATA_KEYS_ENV,
    ...opts.env,
  };
  if (opts.queue === 'redis') env.REDIS_URL = REDIS_TEST_URL;
  const saved = { ...process.env };
  delete process.env.REDIS_URL;
  Object.assign(process.env, env);
  const app = await createApp({ consoleDist: opts.consoleDist ?? null, logLevel: env.LOG_LEVEL, bufferLogs: false });
  await app.init();
  process.env = saved;
  const db = new Client({ connectionString: dbUrl(dbName) });
  await db.connect();
  const http = request(app.getHttpServer());
  const given = new Given(db, http, testCipher(env));
  return {
    app,
    env,
    http,
    db,
    dbName,
    given,
    async close() {
      await app.close();
      await db.end();
      await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      rmSync(join(tmpdir(), `kaytuu-files-${dbName}`), { recursive: true, force: true });
    },
  };
}

export type GivenUser = { id: string; email: string; password: string; token: string; role: string; officeId: string | null; organizationId: string | null };

// Factories that build data through SQL (for setup) and sign in through the real API (for tokens).
export class Given {
  private n = 0;
  private static passwordHash: Promise<string> | null = null;
  static readonly PASSWORD = 'correct horse battery staple';

  // `cipher`: the data keys of the API under test, so rows written here read back through it
  constructor(
    readonly db: Client,
    readonly http: TestAgent,
    readonly cipher: FieldCipher = testCipher(),
  ) {}

  async office(p: { name?: string; oblast?: string; district?: string } = {}): Promise<{ id: string; name: string }> {
    const name = p.name ?? `Офис ${++this.n} ${randomBytes(3).toString('hex')}`;
    const { rows } = await this.db.query(`INSERT INTO office (name, oblast, district) VALUES ($1,$2,$3) RETURNING id, name`, [
      name,
      p.oblast ?? 'bishkek',
      p.district ?? 'Ленинский',
    ]);
    return rows[0];
  }

  async organization(p: { name?: string; services?: string[]; oblasts?: string[] } = {}): Promise<{ id: string; name: string }> {
    const name = p.name ?? `НКО ${++this.n} ${randomBytes(3).toString('hex')}`;
    const { rows } = await this.db.query(
      `INSERT INTO organization (name, kind, services, oblasts, contact_email) VALUES ($1,'ngo',$2,$3,$4) RETURNING id, name`,
      [name, p.services ?? ['legal_aid'], p.oblasts ?? ['bishkek'], `org${this.n}@example.kg`],
    );
    return rows[0];
  }

  // Inserts a user and signs in through POST /api/auth/login, returning a real access token.
  async user(
    role: 'admin' | 'supervisor' | 'caseworker' | 'ngo_staff' | 'donor',
    p: { officeId?: string; organizationId?: string; email?: string; fullName?: string } = {},
  ): Promise<GivenUser> {
    Given.passwordHash ??= hashPassword(Given.PASSWORD);
    const email = p.email ?? `${role}.${++this.n}.${randomBytes(3).toString('hex')}@kaytuu.test`;
    const officeId = role === 'supervisor' || role === 'caseworker' ? (p.officeId ?? (await this.office()).id) : null;
    const organizationId = role === 'ngo_staff' ? (p.organizationId ?? (await this.organization()).id) : null;
    const { rows } = await this.db.query(
      `INSERT INTO app_user (email, full_name, role, office_id, organization_id, password_hash) VALUES ($1,$2,$3,$4,$5,$6) RETURNING id`,
      [email, p.fullName ?? `Тест ${role} ${this.n}`, role, officeId, organizationId, await Given.passwordHash],
    );
    const res = await this.http.post('/api/auth/login').send({ email, password: Given.PASSWORD });
    if (res.status !== 200) throw new Error(`login failed for ${email}: ${res.status} ${JSON.stringify(res.body)}`);
    return { id: rows[0].id, email, password: Given.PASSWORD, token: res.body.accessToken, role, officeId, organizationId };
  }

  // A returnee row straight in SQL (for tests of other contexts); the returnees API itself is tested through HTTP.
  // PIN and phone are written encrypted with their keyed hashes, exactly as the API stores them.
  async returnee(p: {
    officeId: string;
    lastName?: string;
    firstName?: string;
    pin?: string | null;
    phone?: string | null;
    birthDate?: string;
    sex?: string;
    createdBy?: string;
  }): Promise<{ id: string; code: string; officeId: string }> {
    const n = ++this.n;
    const lastName = p.lastName ?? `Асанов${n}`;
    const firstName = p.firstName ?? 'Айбек';
    const c = this.cipher;
    const { rows } = await this.db.query(
      `INSERT INTO returnee (code, pin_enc, pin_hmac, phone_enc, phone_hmac, last_name, first_name, sex, birth_date, oblast, district, office_id, created_by, search_text)
       VALUES ('KT-T-' || lpad(nextval('returnee_code_seq')::text, 6, '0'), $1, $2, $3, $4, $5, $6, $7, $8, 'bishkek', 'Ленинский', $9, $10, $11)
       RETURNING id, code, office_id AS "officeId"`,
      [
        c.encryptNullable(p.pin, AAD.returneePin),
        c.pinHmacNullable(p.pin),
        c.encryptNullable(p.phone, AAD.returneePhone),
        c.phoneHmacNullable(p.phone),
        lastName,
        firstName,
        p.sex ?? 'male',
        p.birthDate ?? '1997-05-14',
        p.officeId,
        p.createdBy ?? null,
        buildSearchText({ lastName, firstName }),
      ],
    );
    return rows[0];
  }

  // A case row straight in SQL (status and assignee as given), for tests that need one in a particular state.
  // A health case's details are written encrypted (details_enc), as the API stores them.
  async caseFile(p: {
    returneeId: string;
    officeId: string;
    type?: string;
    status?: string;
    assigneeId?: string | null;
    details?: Record<string, unknown>;
  }): Promise<{ id: string; code: string; version: number }> {
    const type = p.type ?? 'legal_aid';
    const details = p.details ?? { issue: 'unpaid_wages', country: 'RU' };
    const health = type === 'health_referral';
    const { rows } = await this.db.query(
      `INSERT INTO case_file (code, returnee_id, office_id, type, status, assignee_id, title, details, details_enc)
       VALUES ('KT-C-T-' || lpad(nextval('case_code_seq')::text, 6, '0'), $1, $2, $3, $4, $5, 'Тестовое дело', $6, $7)
       RETURNING id, code, version`,
      [
        p.returneeId,
        p.officeId,
        type,
        p.status ?? 'open',
        p.assigneeId ?? null,
        JSON.stringify(health ? {} : details),
        health ? this.cipher.encryptJson(details, AAD.caseDetails) : null,
      ],
    );
    return rows[0];
  }

  async count(table: string): Promise<number> {
    const { rows } = await this.db.query(`SELECT count(*)::int AS n FROM ${table}`);
    return rows[0].n;
  }
}

export const bearer = (u: { token: string }) => ({ Authorization: `Bearer ${u.token}` });
