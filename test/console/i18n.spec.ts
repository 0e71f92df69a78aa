import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { C } from '../../apps/console/src/shared/choices';

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
});
