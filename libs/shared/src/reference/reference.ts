import reference from './kg-reference.json';

// Kyrgyz reference data (oblasts, districts, names, holidays). A copy of shared/data/kg-reference.json kept in the repo
// so a fresh clone needs nothing outside it.
export const KG = reference;
export const OBLASTS = ['bishkek', 'osh_city', 'chuy', 'osh', 'jalal_abad', 'batken', 'naryn', 'issyk_kul', 'talas'] as const;
export type Oblast = (typeof OBLASTS)[number];
export const EAEU_MEMBERS = ['AM', 'BY', 'KZ', 'KG', 'RU'] as const;
export const LOCALES = ['ky', 'ru', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
