import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TranslationMessages } from 'ra-core';
import polyglotI18nProvider from 'ra-i18n-polyglot';
import { apiErrorMessage, apiFieldErrors, type ErrorI18n } from '../../apps/console/src/providers/apiError';
import { bearer, GivenUser, TestApp, createTestApp } from '../support/test-app';
import { buildFixtures, Ctx, expected, HttpReq, MATRIX, MATRIX_ENV, returneeBody, Row, send, StaffRole } from './authz-matrix';

// Server-side field errors in the user's language: the API gives every field error a stable code (`fieldCodes`, with
// `fieldParams` for the numbers), and the console's own translation (apiFieldErrors, apiErrorMessage) turns every
// answer into Kyrgyz and Russian text — no English, no Latin-only message.

type Locale = 'ru' | 'ky';
const catalog = (l: Locale) => JSON.parse(readFileSync(join(__dirname, `../../apps/console/src/i18n/${l}.json`), 'utf8')) as TranslationMessages;
const provider = polyglotI18nProvider((l) => catalog(l as Locale), 'ru', [
  { locale: 'ru', name: 'ru' },
  { locale: 'ky', name: 'ky' },
]);
const inLocale = async (locale: Locale): Promise<ErrorI18n> => {
  await provider.changeLocale(locale);
  return { translate: (key, options) => provider.translate(key, options), formatDateTime: (iso) => iso };
};
const CYRILLIC = /[А-Яа-яЁёӨөҮүҢң]/;

const PREFERRED: StaffRole[] = ['caseworker', 'supervisor', 'admin', 'ngo_staff'];
const allowedRole = (row: Row): StaffRole | null => PREFERRED.find((r) => expected(row.expect, r, 'own') < 300) ?? null;
// the Telegram webhook answers Telegram's servers, never a person: its refusals are not shown in any language
const isApi = (row: Row) =>
  !row.route.includes('/docs') && !row.route.includes('/admin/queues') && !row.route.includes('/telegram/webhook') && !row.route.startsWith('ALL ');
const writeRows = MATRIX.filter((r) => !r.route.startsWith('GET ') && isApi(r) && allowedRole(r));

// what a form could send wrong: another type, too long, empty, absent-ish
const WRONG: unknown[] = [null, 12345, true, '', 'x'.repeat(5001), [], {}, 'не то'];

// The paths of a body's fields, nested objects and the first element of lists of objects included.
function paths(value: unknown, prefix: string[] = []): string[][] {
  if (Array.isArray(value)) return value.length && typeof value[0] === 'object' && value[0] !== null ? paths(value[0], [...prefix, '0']) : [];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...paths(v, [...prefix, k])]);
}
function withValue(body: unknown, path: string[], v: unknown): unknown {
  const copy = structuredClone(body) as Record<string, unknown>;
  let at: Record<string, unknown> = copy;
  for (const k of path.slice(0, -1)) at = at[k] as Record<string, unknown>;
  at[path[path.length - 1]] = v;
  return copy;
}

describe('field errors in the user’s language', () => {
  let t: TestApp;
  let ctx: Ctx;
  beforeAll(async () => {
    t = await createTestApp({ env: MATRIX_ENV });
    ctx = await buildFixtures(t);
  });
  afterAll(() => t.close());

  // Every field text, and the notification, of one error answer in ky and ru: Cyrillic, never Latin only.
  const codes: Record<string, number> = {};
  const vague: string[] = [];
  async function expectTranslated(body: Record<string, unknown>, what: string): Promise<number> {
    const errors = (body.errors ?? {}) as Record<string, string>;
    for (const [field, c] of Object.entries((body.fieldCodes ?? {}) as Record<string, string>)) {
      codes[c] = (codes[c] ?? 0) + 1;
      // every rule of the API has a code of its own: the generic "check this value" is only for what nobody coded yet
      if (c === 'INVALID') vague.push(`${what}: ${field} ${errors[field]}`);
    }
    expect(Object.keys((body.fieldCodes ?? {}) as object).sort()).toEqual(Object.keys(errors).sort());
    for (const locale of ['ky', 'ru'] as const) {
      const i18n = await inLocale(locale);
      const message = apiErrorMessage(body, i18n);
      if (message === null || !CYRILLIC.test(message)) {
        throw new Error(`${what} (${locale}): notification ${JSON.stringify(message)} for ${JSON.stringify(body)}`);
      }
      const texts = apiFieldErrors(body, i18n);
      expect(Object.keys(texts).sort()).toEqual(Object.keys(errors).sort());
      for (const [field, text] of Object.entries(texts)) {
        if (!CYRILLIC.test(text)) throw new Error(`${what} (${locale}): ${field} shows ${JSON.stringify(text)} for ${JSON.stringify(body)}`);
      }
    }
    return Object.keys(errors).length;
  }

  describe('representative errors carry a code per field', () => {
    const newUser = (over: Record<string, unknown>) => ({
      email: `fc-${Math.random().toString(36).slice(2)}@kaytuu.kg`,
      fullName: 'Айгуль Токтогулова',
      role: 'caseworker',
      officeId: ctx.fx.officeA.id,
      password: 'long enough password',
      ...over,
    });
    const admin = (): GivenUser => ctx.fx.users.admin;

    it('should code a too common and a too short password, with the limit', async () => {
      const common = await t.http
        .post('/api/users')
        .set(bearer(admin()))
        .send(newUser({ password: 'qwerty123456' }));
      expect(common.status).toBe(400);
      expect(common.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: { password: 'is too common; choose another' },
        fieldCodes: { password: 'PASSWORD_TOO_COMMON' },
      });
      const ru = apiFieldErrors(common.body, await inLocale('ru'));
      expect(ru.password).toBe('Этот пароль слишком распространён; выберите другой.');
      const short = await t.http
        .post('/api/users')
        .set(bearer(admin()))
        .send(newUser({ password: 'Жылдыз-7' }));
      expect(short.body).toMatchObject({ fieldCodes: { password: 'TOO_SHORT' }, fieldParams: { password: { min: 12 } } });
      expect(apiFieldErrors(short.body, await inLocale('ky')).password).toBe('Өтө кыска: эң аз узундугу — 12.');
    });

    it('should code a taken email with the error’s own code, and the password that is the user’s own name on update', async () => {
      const taken = await t.http
        .post('/api/users')
        .set(bearer(admin()))
        .send(newUser({ email: ctx.fx.users.caseworker.email }));
      expect(taken.status).toBe(409);
      expect(taken.body).toMatchObject({ code: 'EMAIL_TAKEN', errors: { email: 'is already in use' }, fieldCodes: { email: 'EMAIL_TAKEN' } });
      const own = await t.http.put(`/api/users/${ctx.fx.users.caseworker.id}`).set(bearer(admin())).send({ password: ctx.fx.users.caseworker.email });
      expect(own.status).toBe(400);
      expect(own.body.fieldCodes).toEqual({ password: 'PASSWORD_TOO_COMMON' });
    });

    it('should code a returnee’s fields by the rule that failed, nested episodes included', async () => {
      const body = returneeBody(ctx.fx.officeA.id) as Record<string, unknown> & { episodes: Array<Record<string, unknown>> };
      body.lastName = 'Ж'.repeat(101);
      body.sex = 'x';
      body.phone = '12345';
      body.episodes[0].country = 'KG';
      const res = await t.http.post('/api/returnees').set(bearer(ctx.fx.users.caseworker)).send(body);
      expect(res.status).toBe(400);
      expect(res.body.fieldCodes).toMatchObject({ lastName: 'TOO_LONG', sex: 'NOT_ONE_OF', phone: 'NOT_KG_PHONE', 'episodes[0].country': 'NOT_HOME' });
      expect(res.body.fieldParams).toMatchObject({ lastName: { max: expect.any(Number) } });
      await expectTranslated(res.body, 'returnee');
    });
  });

  it('should document fieldCodes and fieldParams in every operation’s error answers in the OpenAPI document', async () => {
    const doc = (await t.http.get('/api/docs-json')).body as {
      paths: Record<string, Record<string, { responses: Record<string, { content: Record<string, { schema: unknown }> }> }>>;
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    for (const status of ['4XX', '5XX']) {
      expect(doc.paths['/api/users'].post.responses[status].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ErrorEnvelope' });
    }
    expect(Object.keys(doc.components.schemas.ErrorEnvelope.properties)).toEqual(
      expect.arrayContaining(['statusCode', 'error', 'code', 'message', 'errors', 'fieldCodes', 'fieldParams']),
    );
  });

  it('submits each server-validated field wrong in ky and ru and finds no Latin-only message', async () => {
    let checked = 0;
    const untouched: string[] = [];
    for (const row of writeRows) {
      const role = allowedRole(row)!;
      const target: HttpReq = await row.request(ctx, role, 'own');
      if (target.multipart || typeof target.body !== 'object' || target.body === null) continue;
      const user = ctx.fx.users[role];
      // the fields of the row's valid body, and those an empty body is refused for (the required ones)
      const empty = await send(t, { ...target, body: {} }, user);
      const fields = paths(target.body);
      for (const f of Object.keys((empty.body?.errors ?? {}) as object)) if (!fields.some((p) => p.join('.') === f)) fields.push([f]);
      if (empty.body?.errors) checked += await expectTranslated(empty.body, `${row.route} {}`);
      for (const path of fields) {
        let named = false;
        for (const wrong of WRONG) {
          const res = await send(t, { ...target, body: withValue(target.body, path, wrong) }, user);
          expect(res.status).toBeLessThan(500);
          if (res.status < 400 || !res.body?.errors) continue;
          checked += await expectTranslated(res.body, `${row.route} ${path.join('.')}=${JSON.stringify(wrong).slice(0, 20)}`);
          named ||= Object.keys(res.body.errors as object).some((k) => k.replace(/\[(\d+)\]/g, '.$1') === path.join('.'));
        }
        if (!named) untouched.push(`${row.route} ${path.join('.')}`);
      }
    }
    // hundreds of field texts seen; the fields no wrong value was refused for accept any text (notes, names…)
    expect(checked).toBeGreaterThan(200);
    expect(vague).toEqual([]);
    if (process.env.FIELD_CODES_VERBOSE) console.log(`checked ${checked} field texts; codes ${JSON.stringify(codes)}; never refused: ${untouched.join(', ')}`);
    // every write route of the matrix, each field with eight wrong values: thousands of requests
  }, 300_000);
});
