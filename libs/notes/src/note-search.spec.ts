import { deriveIndexKey, hashTerms, indexTerms, MAX_WORD, normaliseWords, queryTerms } from './note-search';

describe('note search terms', () => {
  it('should lower-case Cyrillic and Latin, turn ё into е and keep the Kyrgyz letters ң ө ү', () => {
    expect(normaliseWords('ЁЛКА Өмүр Жаңы-жыл, Work!')).toEqual(['елка', 'өмүр', 'жаңы', 'жыл', 'work']);
    expect(normaliseWords('ҢӨҮ')).toEqual(['ңөү']);
  });

  it('should treat composed and decomposed forms alike', () => {
    // й written as и + combining breve
    expect(normaliseWords('И\u0306ОЛ')).toEqual(normaliseWords('йол'));
  });

  it('should index each word and its prefixes of three letters or more', () => {
    expect(indexTerms('Работа, ок')).toEqual(['работа', 'раб', 'рабо', 'работ', 'ок']);
    expect(indexTerms('дом дом')).toEqual(['дом']);
  });

  it('should cut very long words the same way on both sides', () => {
    const long = 'а'.repeat(MAX_WORD + 10);
    expect([...normaliseWords(long)[0]]).toHaveLength(MAX_WORD);
    expect(indexTerms(long)).toEqual(expect.arrayContaining(queryTerms(long)));
  });

  it('should find no words in punctuation alone', () => {
    expect(queryTerms(' -- ,, ')).toEqual([]);
    expect(queryTerms('Үй үй ҮЙ')).toEqual(['үй']);
  });

  it('should hash a term differently per returnee and per key, and equally for the same both', () => {
    const k1 = deriveIndexKey(Buffer.alloc(32, 1));
    const k2 = deriveIndexKey(Buffer.alloc(32, 2));
    const a = '00000000-0000-4000-8000-000000000001';
    const b = '00000000-0000-4000-8000-000000000002';
    const [h] = hashTerms(k1, a, ['работа']);
    expect(h).toMatch(/^[0-9a-f]{16}$/);
    expect(hashTerms(k1, a, ['работа'])[0]).toBe(h);
    expect(hashTerms(k1, b, ['работа'])[0]).not.toBe(h);
    expect(hashTerms(k2, a, ['работа'])[0]).not.toBe(h);
    expect(h).not.toContain('работа');
  });
});
