import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { C } from '../../apps/console/src/shared/choices';
import { CommonErrorCode } from '../../libs/shared/src/errors/domain-error';
import { AccessErrorCode } from '../../libs/access/src/access.errors';
import { CasesErrorCode } from '../../libs/cases/src/cases.errors';
import { DirectoryErrorCode } from '../../libs/directory/src/directory.errors';
import { ReturneeErrorCode } from '../../libs/returnees/src/returnees.errors';

// The console's catalogs are plain JSON (react-admin's ra.* merged with the app keys), so the root
// jest reads them directly without bundling the console.
type Catalog = { [key: string]: string | Catalog };
const LOCALES = ['ru', 'ky', 'en'] as const;
const src = join(__dirname, '../../apps/console/src');
const dir = join(src, 'i18n');
const load = (locale: string): Catalog => JSON.parse(readFileSync(join(dir, `${locale}.json`), 'utf8')) as Catalog;

const flatten = (c: Catalog, prefix = ''): Map<string, string> => {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(c)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
};
// unique names: plural variants (ru has three forms, ky and en two) repeat the same placeholders
const placeholders = (s: string): string => [...new Set([...s.matchAll(/%\{(\w+)\}/g)].map((m) => m[1]))].sort().join();

describe('console i18n catalogs', () => {
  const catalogs = Object.fromEntries(LOCALES.map((l) => [l, flatten(load(l))])) as Record<(typeof LOCALES)[number], Map<string, string>>;

  it('should have identical key sets when comparing ky and en to the default ru catalog', () => {
    const ru = [...catalogs.ru.keys()].sort();
    expect(ru.length).toBeGreaterThan(400);
    expect([...catalogs.ky.keys()].sort()).toEqual(ru);
    expect([...catalogs.en.keys()].sort()).toEqual(ru);
  });

  it('should have no empty strings when any catalog is flattened', () => {
    for (const l of LOCALES) {
      // ra.boolean.null is deliberately a single space (react-admin's own default)
      const empty = [...catalogs[l]].filter(([k, v]) => v.trim() === '' && k !== 'ra.boolean.null').map(([k]) => k);
      expect({ locale: l, empty }).toEqual({ locale: l, empty: [] });
    }
  });

  it('should keep the same interpolation placeholders when a message is translated', () => {
    const mismatched: string[] = [];
    for (const [key, ru] of catalogs.ru) {
      for (const l of ['ky', 'en'] as const) {
        const other = catalogs[l].get(key) ?? '';
        if (placeholders(other) !== placeholders(ru)) mismatched.push(`${l}:${key}`);
      }
    }
    expect(mismatched).toEqual([]);
  });

  it('should cover every react-admin ra.* message when compared with ra-language-english', () => {
    // the package's CommonJS build, loaded as jest runs this file
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require('ra-language-english') as { default?: Catalog } & Catalog;
    const english = flatten((mod.default ?? mod) as Catalog);
    const missing = [...english.keys()].filter((k) => !catalogs.ru.has(k));
    expect(missing).toEqual([]);
  });

  it('should use the Kyrgyz letters ң ө ү when the ky catalog is read', () => {
    const text = [...catalogs.ky.values()].join(' ');
    for (const letter of ['ң', 'ө', 'ү']) expect(text).toContain(letter);
  });

  it('should translate every enum choice the console offers when any locale is active', () => {
    const keys = Object.values(C).flatMap((list) => list.map((c) => c.name));
    for (const l of LOCALES) {
      const missing = keys.filter((k) => !catalogs[l].has(k));
      expect({ locale: l, missing }).toEqual({ locale: l, missing: [] });
    }
  });

  it('should define every literal translation key used in the console sources when they are scanned', () => {
    const files = (d: string): string[] =>
      readdirSync(d).flatMap((f) => {
        const p = join(d, f);
        return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(f) ? [p] : [];
      });
    const used = new Set<string>();
    for (const file of files(src)) {
      const text = readFileSync(file, 'utf8');
      // quoted literals that look like catalog keys; template literals with ${} are dynamic and skipped
      for (const m of text.matchAll(/['"`]((?:app|enums|resources|ra)\.[A-Za-z0-9_.]+)['"`]/g)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(50);
    const missing = [...used].filter((k) => !catalogs.ru.has(k));
    expect(missing).toEqual([]);
  });

  describe('API error codes', () => {
    const root = join(__dirname, '../..');
    const IMPORTED = { CommonErrorCode, AccessErrorCode, CasesErrorCode, DirectoryErrorCode, ReturneeErrorCode };
    const tsFiles = (d: string): string[] =>
      readdirSync(d).flatMap((f) => {
        const p = join(d, f);
        return statSync(p).isDirectory() ? tsFiles(p) : /\.ts$/.test(f) && !/\.spec\.ts$/.test(f) ? [p] : [];
      });
    // Every `*ErrorCode` enum exported by a context's errors module, so a new context's enum is covered
    // without editing this test.
    const discovered = (): Record<string, Record<string, string>> => {
      const out: Record<string, Record<string, string>> = {};
      const files = readdirSync(join(root, 'libs')).flatMap((lib) => {
        const srcDir = join(root, 'libs', lib, 'src');
        return existsSync(srcDir) ? tsFiles(srcDir).filter((f) => /(\.errors|domain-error)\.ts$/.test(f)) : [];
      });
      for (const file of files) {
        // every *.errors.ts found on disk, whose paths are known only at run time
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const mod = require(file) as Record<string, unknown>;
        for (const [name, value] of Object.entries(mod)) {
          if (/ErrorCode$/.test(name) && typeof value === 'object' && value !== null) out[name] = value as Record<string, string>;
        }
      }
      return out;
    };
    // codes the global error filter writes as plain literals (e.g. HTTP_ERROR for an unmapped status)
    const filterLiterals = (): string[] => {
      const text = readFileSync(join(root, 'apps/api/src/http/error.filter.ts'), 'utf8');
      return [...text.matchAll(/'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'/g)].map((m) => m[1]);
    };
    const backendCodes = (): string[] => {
      const enums = { ...discovered(), ...IMPORTED };
      return [...new Set([...Object.values(enums).flatMap((e) => Object.values(e)), ...filterLiterals()])].sort();
    };

    it('should find the known backend error enums and filter codes when the backend sources are scanned', () => {
      expect(Object.keys(discovered()).sort()).toEqual(expect.arrayContaining(Object.keys(IMPORTED).sort()));
      const codes = backendCodes();
      for (const code of [
        'DUPLICATE_PIN',
        'INVALID_TRANSITION',
        'ACCOUNT_LOCKED',
        'INVALID_CREDENTIALS',
        'THROTTLED',
        'MALFORMED_JSON',
        'PAYLOAD_TOO_LARGE',
        'INTERNAL',
        'HTTP_ERROR',
        'NAME_TAKEN',
      ]) {
        expect(codes).toContain(code);
      }
    });

    it('should translate every backend error code in every catalog when app.errors.<CODE> is looked up', () => {
      const codes = backendCodes();
      for (const l of LOCALES) {
        const missing = codes.filter((c) => !(catalogs[l].get(`app.errors.${c}`) ?? '').trim());
        expect({ locale: l, missing }).toEqual({ locale: l, missing: [] });
      }
    });

    it('should not keep the API English text when a ru or ky error message is compared with en', () => {
      const same = backendCodes().flatMap((c) =>
        (['ru', 'ky'] as const).filter((l) => catalogs[l].get(`app.errors.${c}`) === catalogs.en.get(`app.errors.${c}`)).map((l) => `${l}:${c}`),
      );
      expect(same).toEqual([]);
    });
  });
});
