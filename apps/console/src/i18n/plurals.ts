// Which "||||" variant of a message a count picks (polyglot's smart_count), by the language's ICU plural rules
// (Intl.PluralRules, CLDR) rather than polyglot's own table, which knows no Kyrgyz. Russian writes three forms,
// one | few | many (1, 21 день · 2, 22 дня · 5, 11 дней); English two, one | other. Kyrgyz has one | other too,
// but a number does not change the noun (1 күн, 5 күн), so its messages have one form unless the sentence itself
// differs. A fraction ("other" in Russian) reads like "few": 1,5 дня.
const FORM_OF: Record<string, Partial<Record<Intl.LDMLPluralRule, number>>> = {
  ru: { one: 0, few: 1, many: 2, other: 1 },
  ky: { one: 0, other: 1 },
  en: { one: 0, other: 1 },
};

export const pluralForm = (locale: string, count: number): number => {
  const forms = FORM_OF[locale] ?? FORM_OF.en;
  return forms[new Intl.PluralRules(locale).select(count)] ?? 0;
};

// polyglot's `pluralRules` option: one plural type per UI language
export const PLURAL_RULES = {
  pluralTypes: Object.fromEntries(Object.keys(FORM_OF).map((l) => [l, (n: number) => pluralForm(l, n)])),
  pluralTypeToLanguages: Object.fromEntries(Object.keys(FORM_OF).map((l) => [l, [l]])),
};
