import { buildSearchText, fullNameOf, nameSkeleton, queryTokens } from './name-search';

describe('nameSkeleton', () => {
  it.each([
    ['Жээнбеков', 'Zheenbekov'],
    ['Жээнбеков', 'Jeenbekov'],
    ['Жээнбеков', 'Dzheenbekov'],
    ['Жээнбеков', 'Djeenbekov'],
    ['Жээнбеков', 'жэнбеков'],
    ['Төлөгөнова', 'Tologonova'],
    ['Төлөгөнова', 'Тологонова'],
    ['Өмүрбек', 'Омурбек'],
    ['Өмүрбек', 'Omurbek'],
    ['Өмүрбек', 'Oemuerbek'],
    ['Өмүрбек', 'Ömürbek'],
    ['Үсөн', 'Usön'],
    ['Айбек', 'Aybek'],
    ['Айбек', 'Aibek'],
    ['Жылдыз', 'Jyldyz'],
    ['Жылдыз', 'Zhyldyz'],
    ['Жылдыз', 'Jildiz'],
    ['Мээрим', 'Meerim'],
    ['Мээрим', 'Мэрим'],
    ['Данияр', 'Daniyar'],
    ['Данияр', 'Daniiar'],
    ['Данияр', 'Daniar'],
    ['Юсуп', 'Yusup'],
    ['Юсуп', 'Iusup'],
    ['Юсуп', 'Usup'],
    ['Ерлан', 'Yerlan'],
    ['Ерлан', 'Erlan'],
    ['Аяна', 'Ayana'],
    ['Аяна', 'Aiana'],
    ['Мухтар', 'Mukhtar'],
    ['Мухтар', 'Muhtar'],
    ['Чолпон', 'Cholpon'],
    ['Чолпон', 'Çolpon'],
    ['Шаршен', 'Sharshen'],
    ['Кыдыралиев', 'Kydyraliev'],
    ['Цой', 'Tsoi'],
    ['Кочкорбаев', 'Kochkorbaev'],
    ['Чыңгыз', 'Чынгыз'],
    ['Чыңгыз', 'Chyngyz'],
  ])('should fold %s and %s to the same skeleton when they are spellings of one name', (a, b) => {
    expect(nameSkeleton(a)).toBe(nameSkeleton(b));
    expect(nameSkeleton(a)).toMatch(/^[a-z ]+$/);
  });

  it('should fold Zheenbekov to "jenbekov" when given any of its spellings', () => {
    expect(nameSkeleton('Zheenbekov')).toBe('jenbekov');
  });

  it.each([
    ['Асан уулу Айбек', 'Asan uulu Aibek'],
    ['Асан уулу Айбек', 'Asan uly Aybek'],
    ['Асан уулу Айбек', 'ASAN ULU AIBEK'],
    ['Асан кызы Жылдыз', 'Asan kyzy Jyldyz'],
    ['Асан кызы Жылдыз', 'Asan qizi Zhyldyz'],
  ])('should fold patronymic-style %s and %s alike when the marker is spelled differently', (a, b) => {
    expect(nameSkeleton(a)).toBe(nameSkeleton(b));
  });

  it('should fold uulu to "ulu" and kyzy to "kizi" when they are patronymic markers', () => {
    expect(nameSkeleton('Асан уулу')).toBe('asan ulu');
    expect(nameSkeleton('Asan kyzy')).toBe('asan kizi');
  });

  it('should keep different names apart when they only share a letter pattern', () => {
    expect(nameSkeleton('Асанов')).not.toBe(nameSkeleton('Осмонов'));
    expect(nameSkeleton('Жусуп')).not.toBe(nameSkeleton('Юсуп'));
    expect(nameSkeleton('Айбек')).not.toBe(nameSkeleton('Айдай'));
  });

  it('should drop digits, punctuation and extra spaces when the input has them', () => {
    expect(nameSkeleton("  Кара-Суу,  O'g'li 123 ")).toBe('kara su ulu');
    expect(nameSkeleton('12345')).toBe('');
    expect(nameSkeleton('')).toBe('');
  });
});

describe('queryTokens', () => {
  it('should leave out patronymic markers when building the tokens a search must match', () => {
    expect(queryTokens('Асан уулу Айбек')).toEqual(['asan', 'aibek']);
  });

  it('should return no tokens when the query has no letters', () => {
    expect(queryTokens('+996 555 123 456')).toEqual([]);
  });

  it('should de-duplicate and cap the tokens when the query repeats words', () => {
    expect(queryTokens('asan asan Асан')).toEqual(['asan']);
    expect(queryTokens('a b c d e f g h i j k').length).toBe(8);
    expect(queryTokens('ц'.repeat(200))[0].length).toBe(64);
  });
});

describe('buildSearchText', () => {
  it('should hold the skeleton and the raw lower-case name when built from name parts', () => {
    const text = buildSearchText({ lastName: 'Жээнбеков', firstName: 'Айбек', patronymic: 'Асанович' });
    expect(text).toBe('jenbekov aibek asanovich жээнбеков айбек асанович');
  });

  it('should skip a missing patronymic when building the text', () => {
    expect(buildSearchText({ lastName: 'Асан уулу', firstName: 'Нурлан', patronymic: null })).toBe('asan ulu nurlan асан уулу нурлан');
  });
});

describe('fullNameOf', () => {
  it('should join last, first and patronymic when all are present and skip empty parts', () => {
    expect(fullNameOf({ lastName: 'Садыкова', firstName: 'Бермет', patronymic: 'Жумабековна' })).toBe('Садыкова Бермет Жумабековна');
    expect(fullNameOf({ lastName: 'Садыкова', firstName: 'Бермет', patronymic: null })).toBe('Садыкова Бермет');
    expect(fullNameOf({ lastName: 'Садыкова', firstName: 'Бермет', patronymic: '  ' })).toBe('Садыкова Бермет');
  });
});
