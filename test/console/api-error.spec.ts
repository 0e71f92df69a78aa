import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import polyglotI18nProvider from 'ra-i18n-polyglot';
import type { TranslationMessages } from 'ra-core';
import { apiErrorMessage, apiFieldErrors, describeApiError, type ErrorI18n } from '../../apps/console/src/providers/apiError';
import { isOverdue } from '../../apps/console/src/cases/caseModel';
import { FIELD_CODES } from '../../libs/shared/src/errors/field-codes';

// The shipped catalogs behind the same ra-i18n-polyglot provider the console builds (its module imports JSON
// the bundler way, so the root jest reads the files instead), switched the way the language menu does.
type Locale = 'ru' | 'ky' | 'en';
const catalog = (l: Locale) => JSON.parse(readFileSync(join(__dirname, `../../apps/console/src/i18n/${l}.json`), 'utf8')) as TranslationMessages;
const provider = polyglotI18nProvider((l) => catalog(l as Locale), 'ru', [
  { locale: 'ru', name: 'ru' },
  { locale: 'ky', name: 'ky' },
  { locale: 'en', name: 'en' },
]);
// Bishkek wall time, as the console's formatDateTime shows it for ru/ky
const bishkek = (iso: string): string =>
  new Date(iso).toLocaleString('ru-RU', { timeZone: 'Asia/Bishkek', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
const inLocale = async (locale: Locale): Promise<ErrorI18n> => {
  await provider.changeLocale(locale);
  return { translate: (key, options) => provider.translate(key, options), formatDateTime: bishkek };
};

describe('apiErrorMessage', () => {
  it('should show the Russian text with the existing record code when DUPLICATE_PIN carries existingCode', async () => {
    const body = {
      statusCode: 409,
      code: 'DUPLICATE_PIN',
      message: 'A returnee with this PIN is already registered as KT-2026-000123',
      existingCode: 'KT-2026-000123',
      errors: { pin: 'is already registered' },
    };
    expect(apiErrorMessage(body, await inLocale('ru'))).toBe('Вернувшийся с таким ПИН уже зарегистрирован под номером KT-2026-000123.');
  });

  it('should show the generic other-office text when DUPLICATE_PIN has no existingCode', async () => {
    const body = { statusCode: 409, code: 'DUPLICATE_PIN', message: 'A returnee with this PIN is already registered in another office' };
    expect(apiErrorMessage(body, await inLocale('ru'))).toBe('Вернувшийся с таким ПИН уже зарегистрирован в другом офисе.');
  });

  it('should name the allowed statuses in Kyrgyz when INVALID_TRANSITION carries allowed', async () => {
    const body = {
      statusCode: 409,
      code: 'INVALID_TRANSITION',
      message: 'A case cannot move from open to closed; allowed now: in_progress',
      allowed: ['in_progress', 'on_hold'],
    };
    expect(apiErrorMessage(body, await inLocale('ky'))).toBe('Азыр статусту мындай өзгөртүүгө болбойт. Жеткиликтүү: Иштелүүдө, Токтотулган.');
  });

  it('should name referral statuses too when a referral move is refused', async () => {
    const body = {
      statusCode: 409,
      code: 'INVALID_TRANSITION',
      message: 'A referral cannot move from sent to completed; allowed now: accepted, declined',
      allowed: ['accepted', 'declined'],
    };
    const text = apiErrorMessage(body, await inLocale('ru'));
    expect(text).toMatch(/^Сейчас этот переход статуса невозможен\. Доступно: .+, .+\.$/);
    expect(text).not.toContain('accepted');
  });

  it('should fall back to the generic text when INVALID_TRANSITION has an empty allowed list', async () => {
    const body = { statusCode: 409, code: 'INVALID_TRANSITION', message: 'no status change is open to you now', allowed: [] };
    expect(apiErrorMessage(body, await inLocale('en'))).toBe('This status change is not possible now. Reload the page to see the available actions.');
  });

  it('should give the lock end in Bishkek time when ACCOUNT_LOCKED carries lockedUntil', async () => {
    const body = { statusCode: 401, code: 'ACCOUNT_LOCKED', message: 'Too many failed sign-in attempts', lockedUntil: '2026-03-01T06:30:00.000Z' };
    const text = apiErrorMessage(body, await inLocale('ru'));
    expect(text).toMatch(/^Слишком много неудачных попыток входа\. Учётная запись заблокирована до 01\.03\.2026, 12:30\.$/);
  });

  it('should translate the wrong-password and throttling codes when the UI language changes', async () => {
    const bad = { statusCode: 401, code: 'INVALID_CREDENTIALS', message: 'Wrong email or password' };
    const throttled = { statusCode: 429, code: 'THROTTLED', message: 'Too many requests; wait a minute and try again' };
    expect(apiErrorMessage(bad, await inLocale('ru'))).toBe('Неверный адрес электронной почты или пароль.');
    expect(apiErrorMessage(throttled, await inLocale('ru'))).toBe('Слишком много запросов. Подождите минуту и попробуйте снова.');
    expect(apiErrorMessage(bad, await inLocale('ky'))).toBe('Электрондук почта же сырсөз туура эмес.');
    expect(apiErrorMessage(bad, await inLocale('en'))).toBe('Wrong email or password.');
  });

  it('should return null so the API message is shown when the code is unknown or missing', async () => {
    const i18n = await inLocale('ru');
    expect(apiErrorMessage({ statusCode: 418, code: 'SOMETHING_NEW', message: 'New thing' }, i18n)).toBeNull();
    expect(apiErrorMessage({ statusCode: 500, message: 'no code' }, i18n)).toBeNull();
    expect(apiErrorMessage('<html>Bad gateway</html>', i18n)).toBeNull();
    expect(apiErrorMessage(null, i18n)).toBeNull();
  });
});

describe('apiFieldErrors', () => {
  it('should put the translated code message under the field when the code names one problem', async () => {
    const body = { statusCode: 400, code: 'DUE_IN_PAST', message: 'The follow-up must be due in the future', errors: { dueAt: 'must be in the future' } };
    expect(apiFieldErrors(body, await inLocale('ru'))).toEqual({ dueAt: 'Срок контакта должен быть в будущем.' });
    const open = { statusCode: 409, code: 'REFERRAL_ALREADY_OPEN', message: 'x', errors: { organizationId: 'already referred; see the open referral' } };
    expect(apiFieldErrors(open, await inLocale('ky'))).toEqual({ organizationId: 'Бул иш боюнча ушул уюмга ачык жолдомо мурунтан эле бар.' });
  });

  it('should use the form’s own message for a generic validation failure and a translated fallback for fields it does not know', async () => {
    const body = {
      statusCode: 422,
      code: 'INVALID_CONSENT',
      message: 'Invalid consent',
      errors: { givenAt: 'must not be in the future', note: 'is too long', root: { serverError: 'x' } },
    };
    const own = { givenAt: 'resources.consents.validation.given_in_future' };
    expect(apiFieldErrors(body, await inLocale('ru'), own)).toEqual({ givenAt: 'Дата согласия не может быть в будущем.', note: 'Проверьте это значение.' });
    expect(apiFieldErrors(body, await inLocale('en'), own)).toEqual({ givenAt: 'The consent cannot be given in the future.', note: 'Check this value.' });
  });

  it('should never show the API’s English field text in ru or ky when the code is translated', async () => {
    const bodies = [
      { code: 'VALIDATION_FAILED', errors: { reason: 'must not be empty' } },
      { code: 'EMAIL_TAKEN', errors: { email: 'is already in use' } },
      { code: 'STALE_VERSION', errors: { version: 'current version is 4' } },
      { code: 'INVALID_TRANSITION', errors: { status: 'allowed now: accepted' }, allowed: ['accepted'] },
    ];
    for (const locale of ['ru', 'ky'] as const) {
      const i18n = await inLocale(locale);
      for (const body of bodies) {
        const texts = Object.values(apiFieldErrors({ statusCode: 400, message: 'x', ...body }, i18n));
        expect(texts).toHaveLength(1);
        expect(texts[0]).not.toMatch(/[A-Za-z]{3}/);
      }
    }
  });

  it('should keep the API’s text when the code is unknown or missing, and give nothing without a field map', async () => {
    const i18n = await inLocale('ru');
    expect(apiFieldErrors({ statusCode: 400, code: 'SOMETHING_NEW', message: 'x', errors: { a: 'is odd' } }, i18n)).toEqual({ a: 'is odd' });
    expect(apiFieldErrors({ statusCode: 400, message: 'x', errors: { a: 'is odd' } }, i18n)).toEqual({ a: 'is odd' });
    expect(apiFieldErrors({ statusCode: 409, code: 'CONFLICT', message: 'x' }, i18n)).toEqual({});
    expect(apiFieldErrors('<html>Bad gateway</html>', i18n)).toEqual({});
  });
});

describe('apiFieldErrors with fieldCodes', () => {
  it('should translate each field’s code with its params under a generic validation failure', async () => {
    const body = {
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: 'Validation failed',
      errors: {
        password: 'is too common; choose another',
        lastName: 'must be shorter than or equal to 100 characters',
        sex: 'must be one of the following values: male, female',
      },
      fieldCodes: { password: 'PASSWORD_TOO_COMMON', lastName: 'TOO_LONG', sex: 'NOT_ONE_OF' },
      fieldParams: { lastName: { max: 100 } },
    };
    expect(apiFieldErrors(body, await inLocale('ru'))).toEqual({
      password: 'Этот пароль слишком распространён; выберите другой.',
      lastName: 'Слишком длинно: максимальная длина — 100.',
      sex: 'Выберите значение из списка.',
    });
    expect(apiFieldErrors(body, await inLocale('ky'))).toMatchObject({
      password: 'Бул сырсөз өтө кеңири колдонулат; башкасын тандаңыз.',
      lastName: 'Өтө узун: эң көп узундугу — 100.',
    });
    // the form's own message still comes first
    expect(apiFieldErrors(body, await inLocale('en'), { sex: 'resources.consents.validation.given_in_future' }).sex).toBe(
      'The consent cannot be given in the future.',
    );
  });

  it('should fall back to the code’s error message or “check this value” when a field code has no text or lacks its params', async () => {
    const i18n = await inLocale('ru');
    const taken = { statusCode: 409, code: 'EMAIL_TAKEN', message: 'x', errors: { email: 'is already in use' }, fieldCodes: { email: 'EMAIL_TAKEN' } };
    expect(apiFieldErrors(taken, i18n).email).toBe(apiErrorMessage(taken, i18n));
    const bare = { statusCode: 400, code: 'VALIDATION_FAILED', message: 'x', errors: { a: 'x', b: 'y' }, fieldCodes: { a: 'TOO_LONG', b: 'BRAND_NEW' } };
    expect(apiFieldErrors(bare, i18n)).toEqual({ a: 'Проверьте это значение.', b: 'Проверьте это значение.' });
    // an error code the console does not know yet: the field code's text rather than the English
    const unknown = { statusCode: 400, code: 'SOMETHING_NEW', message: 'x', errors: { a: 'is required' }, fieldCodes: { a: 'REQUIRED' } };
    expect(apiFieldErrors(unknown, i18n)).toEqual({ a: 'Заполните это поле.' });
  });

  it('should have a text in every language for every field code the API sends', () => {
    for (const locale of ['ru', 'ky', 'en'] as const) {
      const texts = (catalog(locale) as unknown as { app: { field_error: Record<string, string> } }).app.field_error;
      expect(FIELD_CODES.filter((c) => typeof texts[c] !== 'string')).toEqual([]);
      if (locale !== 'en') for (const c of FIELD_CODES) expect(texts[c]).toMatch(/[А-Яа-яЁёӨөҮүҢң]/);
    }
  });
});

describe('describeApiError', () => {
  it('should translate by code, carry the status and code, and map the fields when given an HttpError-like error', async () => {
    const error = Object.assign(new Error('A referral cannot move from sent to completed'), {
      status: 409,
      body: { statusCode: 409, code: 'STALE_VERSION', message: 'Referral was changed by someone else', errors: { version: 'current version is 3' } },
    });
    expect(describeApiError(error, await inLocale('ru'))).toEqual({
      message: 'Кто-то уже изменил эту запись. Обновите страницу и внесите изменения снова.',
      status: 409,
      code: 'STALE_VERSION',
      fields: { version: 'Кто-то уже изменил эту запись. Обновите страницу и внесите изменения снова.' },
    });
  });

  it('should fall back to the error’s own message, then to the translated server communication error', async () => {
    const i18n = await inLocale('ky');
    expect(describeApiError(new TypeError('Failed to fetch'), i18n)).toEqual({ message: 'Failed to fetch', status: null, code: null, fields: {} });
    expect(describeApiError(new Error(''), i18n).message).toBe('Сервер менен байланышта ката кетти');
    expect(describeApiError(undefined, i18n).message).toBe('Сервер менен байланышта ката кетти');
    expect(describeApiError('boom', await inLocale('ru')).message).toBe('Ошибка связи с сервером');
  });
});

describe('isOverdue', () => {
  const now = new Date('2026-05-10T12:00:00Z');

  it('should be overdue when the due moment has passed and the case is not closed', () => {
    expect(isOverdue({ dueAt: '2026-05-09T17:59:59.000Z', status: 'in_progress' }, now)).toBe(true);
  });

  it('should not be overdue when the case is closed, has no due date or is due later', () => {
    expect(isOverdue({ dueAt: '2026-05-09T17:59:59.000Z', status: 'closed' }, now)).toBe(false);
    expect(isOverdue({ dueAt: null, status: 'open' }, now)).toBe(false);
    expect(isOverdue({ dueAt: '2026-05-10T17:59:59.000Z', status: 'open' }, now)).toBe(false);
  });
});
