import { createHmac } from 'node:crypto';

// The blind index behind `?q=` on a returnee's notes: the text is encrypted (AES-GCM, field cipher), so the database
// cannot search it, and decrypting every note of a returnee per query would grow with the notes. Instead each note
// stores `search_tokens` (text[], GIN index): a keyed hash of every normalised word and of every prefix of 3 or more
// letters, and a query matches the notes whose tokens contain the hashes of all its words (`@>`).
//
// What it leaks: within ONE returnee's notes, a word (or a 3+ letter prefix) that appears in two notes gives the same
// token in both, so someone who reads the table sees which of that returnee's notes share words and how many distinct
// words and prefixes a note has (hence roughly its length). It does not give the words: the hash is keyed with a key
// derived from DATA_HMAC_KEY, which never reaches the database, so a dictionary cannot be hashed without it. Tokens
// of different returnees never look equal (the returnee's id is hashed in), which stops frequency analysis across the
// whole table. Acceptable because the text itself stays sealed, a database reader already holds far less sensitive
// structure than this (who met whom when), and the alternative — decrypting the table per query — misses the
// performance goals. Search is therefore always within one returnee (the only search the routes offer).

// Words longer than this are indexed by their first MAX_WORD letters (a query word is cut the same way).
export const MAX_WORD = 24;
export const MIN_PREFIX = 3;
// 64 bits of the HMAC: a false match needs a collision within one returnee's notes (about 2^-64 per pair).
const TOKEN_HEX = 16;

// Lower-case (Cyrillic included; Kyrgyz ң ө ү stay themselves), NFC, ё → е; words are runs of letters and digits
// (a hyphen or apostrophe splits them). Used for the stored notes and for the query alike.
export function normaliseWords(text: string): string[] {
  const lower = text.normalize('NFC').toLocaleLowerCase('ru').replace(/ё/g, 'е');
  return (lower.match(/[\p{L}\p{N}]+/gu) ?? []).map((w) => [...w].slice(0, MAX_WORD).join(''));
}

// Every word, and every prefix of MIN_PREFIX letters or more of each word, once each.
export function indexTerms(text: string): string[] {
  const out = new Set<string>();
  for (const word of normaliseWords(text)) {
    const letters = [...word];
    out.add(word);
    for (let n = MIN_PREFIX; n < letters.length; n++) out.add(letters.slice(0, n).join(''));
  }
  return [...out];
}

// The query's words as they must appear among a note's terms: a word of the query matches the same word or a longer
// word it begins (when it has MIN_PREFIX letters or more).
export function queryTerms(q: string): string[] {
  return [...new Set(normaliseWords(q))];
}

// The index key: derived from DATA_HMAC_KEY with its own label, so a note token never equals a PIN or phone hash.
export function deriveIndexKey(hmacKey: Buffer): Buffer {
  return createHmac('sha256', hmacKey).update('kaytuu:returnee_note.text:blind-index:v1', 'utf8').digest();
}

export function hashTerms(key: Buffer, returneeId: string, terms: string[]): string[] {
  return terms.map((t) => createHmac('sha256', key).update(`${returneeId.toLowerCase()}:${t}`, 'utf8').digest('hex').slice(0, TOKEN_HEX));
}
