// Value sets of the returnee record. The database CHECK constraints hold the same lists.
export const SEXES = ['female', 'male'] as const;
export type Sex = (typeof SEXES)[number];

export const DISABILITIES = ['none', 'physical', 'sensory', 'mental', 'other'] as const;
export type Disability = (typeof DISABILITIES)[number];

export const VULNERABILITIES = [
  'single_parent',
  'gbv_survivor',
  'chronic_illness',
  'tb',
  'no_documents',
  'debt',
  'elderly_dependents',
  'child_left_behind',
  'disability',
  'other',
] as const;
export type Vulnerability = (typeof VULNERABILITIES)[number];

export const LANGUAGES = ['ky', 'ru', 'uz', 'en', 'tr', 'kk', 'tg', 'other'] as const;
export type Language = (typeof LANGUAGES)[number];

export const SECTORS = ['construction', 'trade', 'services', 'domestic_work', 'transport', 'agriculture', 'manufacturing', 'other'] as const;
export type Sector = (typeof SECTORS)[number];

export const RETURN_REASONS = ['entry_ban', 'deported', 'end_of_contract', 'health', 'family', 'economic', 'other'] as const;
export type ReturnReason = (typeof RETURN_REASONS)[number];

export const CONSENT_SCOPES = ['data_processing', 'share_with_ngo', 'share_health', 'contact_by_phone', 'contact_by_telegram'] as const;
export type ConsentScope = (typeof CONSENT_SCOPES)[number];

export const AGE_BANDS = ['under_18', '18_24', '25_29', '30_39', '40_49', '50_plus'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
// Inclusive age ranges of each band (reports use the same cut points).
export const AGE_BAND_RANGES: Record<AgeBand, { min: number; max: number | null }> = {
  under_18: { min: 0, max: 17 },
  '18_24': { min: 18, max: 24 },
  '25_29': { min: 25, max: 29 },
  '30_39': { min: 30, max: 39 },
  '40_49': { min: 40, max: 49 },
  '50_plus': { min: 50, max: null },
};
