// Name folding for fuzzy search and duplicate detection. Pure functions, no I/O.
//
// Kyrgyz names reach us in many spellings: Cyrillic with or without ң/ө/ү, Russian-style passports, and Latin
// transliterations that disagree with each other (Жээнбеков = Zheenbekov = Jeenbekov = Dzheenbekov). We fold every
// spelling to one Latin "skeleton" so that these variants become equal strings, and leave real typos to pg_trgm.

const CYRILLIC_TO_LATIN: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'sh',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
  // Kyrgyz letters; documents often write them as н, о, у
  ң: 'n',
  ө: 'o',
  ү: 'u',
  // neighbours' letters that turn up in names of Uzbek, Kazakh and Tajik families
  ә: 'a',
  ғ: 'g',
  қ: 'k',
  ұ: 'u',
  һ: 'h',
  і: 'i',
  ӣ: 'i',
  ӯ: 'u',
  ҳ: 'h',
  ҷ: 'j',
  ў: 'u',
  ї: 'i',
  є: 'e',
};

// Latin letters with diacritics from Turkish, Uzbek and German-style passports; the rest lose their marks via NFD.
const LATIN_SPECIAL: Record<string, string> = { ç: 'ch', ş: 'sh', ı: 'i', ğ: 'g', ß: 'ss', ø: 'o', æ: 'ae', đ: 'd', ł: 'l' };

// Order matters: longer sequences first, and digraphs are folded before the single letters they contain.
const LATIN_RULES: ReadonlyArray<[RegExp, string]> = [
  [/shch/g, 'sh'],
  [/dzh|dj|zh/g, 'j'],
  [/tch/g, 'ch'],
  [/kh|x/g, 'h'],
  [/gh/g, 'g'],
  [/ph/g, 'f'],
  [/tz/g, 'ts'],
  [/w/g, 'v'],
  [/q/g, 'k'],
  // German-style Ü → Ue, Ö → Oe
  [/ue/g, 'u'],
  [/oe/g, 'o'],
  // Ы, Й and И are all written y or i
  [/y/g, 'i'],
];

const VOWEL = '[aeiou]';
// Iotated vowels (я, ю, е, ё) become ya/ia/a, yu/iu/u: drop the glide at the start of a word and after a vowel.
const GLIDE_AT_START = new RegExp(`(^|\\s)i(?=${VOWEL})`, 'g');
const GLIDE_AFTER_VOWEL = new RegExp(`(${VOWEL})i(?=${VOWEL})`, 'g');
const DOUBLE_LETTER = /([a-z])\1+/g;

// Patronymic markers in all their spellings fold to one token each.
const SON_OF = new Set(['ulu', 'uli', 'ugli', 'ogli', 'oglu', 'uglu']);
const DAUGHTER_OF = new Set(['kizi', 'kis', 'kiz']);
const MAX_TOKENS = 8;
const MAX_TOKEN_LENGTH = 64;
export const PATRONYMIC_MARKERS: ReadonlySet<string> = new Set(['ulu', 'kizi']);

function transliterate(input: string): string {
  let out = '';
  for (const ch of input.normalize('NFC').toLowerCase()) {
    out += CYRILLIC_TO_LATIN[ch] ?? LATIN_SPECIAL[ch] ?? ch;
  }
  // strip remaining diacritics (é → e, ñ → n); Cyrillic is gone by now, so й/ё are not affected
  return out.normalize('NFD').replace(/\p{M}+/gu, '');
}

function foldWord(word: string): string {
  let w = word;
  for (const [re, to] of LATIN_RULES) w = w.replace(re, to);
  w = w.replace(DOUBLE_LETTER, '$1');
  w = w.replace(GLIDE_AT_START, '$1').replace(GLIDE_AFTER_VOWEL, '$1');
  w = w.replace(DOUBLE_LETTER, '$1');
  if (SON_OF.has(w)) return 'ulu';
  if (DAUGHTER_OF.has(w)) return 'kizi';
  return w;
}

// Splits into words; hyphens and apostrophes separate (O'g'li, Kara-Suu), digits and punctuation are dropped.
export function nameWords(input: string): string[] {
  return transliterate(input)
    .replace(/['’ʼ`]/g, '')
    .split(/[^a-z]+/)
    .filter((w) => w.length > 0);
}

// The canonical Latin skeleton of a name: "Жээнбеков Айбек" → "jenbekov aibek", "Zheenbekov Aybek" → "jenbekov aibek".
export function nameSkeleton(input: string): string {
  return nameWords(input)
    .map(foldWord)
    .filter((w) => w.length > 0)
    .join(' ');
}

// What must match for a query: the skeleton's words minus the patronymic markers (uulu/kyzy), which carry no identity
// on their own and would otherwise keep "Асан уулу" from finding "Асанов".
export function queryTokens(input: string): string[] {
  const words = nameSkeleton(input)
    .split(' ')
    .filter((w) => w.length > 0 && !PATRONYMIC_MARKERS.has(w));
  // no real name word is this long, and levenshtein() refuses arguments over 255 characters
  return [...new Set(words.map((w) => w.slice(0, MAX_TOKEN_LENGTH)))].slice(0, MAX_TOKENS);
}

export type NameParts = { lastName: string; firstName: string; patronymic?: string | null };

// Stored in returnee.search_text: the skeleton first (what queries match), then the raw lower-case spelling (kept so
// an exact spelling ranks highest). Only name parts go in here: never PIN or phone.
export function buildSearchText(p: NameParts): string {
  const full = [p.lastName, p.firstName, p.patronymic ?? ''].join(' ').trim();
  const raw = full.normalize('NFC').toLowerCase().replace(/\s+/g, ' ');
  return `${nameSkeleton(full)} ${raw}`.trim();
}

export function fullNameOf(p: NameParts): string {
  return [p.lastName, p.firstName, p.patronymic].filter((s): s is string => !!s && s.trim().length > 0).join(' ');
}
