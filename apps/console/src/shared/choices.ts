// Enumerations of the API contract, as react-admin choices whose names are translation keys.
export const OBLASTS = ['bishkek', 'osh_city', 'chuy', 'osh', 'jalal_abad', 'batken', 'naryn', 'issyk_kul', 'talas'] as const;
export const SEXES = ['female', 'male'] as const;
export const AGE_BANDS = ['under_18', '18_24', '25_29', '30_39', '40_49', '50_plus'] as const;
export const RETURN_REASONS = ['entry_ban', 'deported', 'end_of_contract', 'health', 'family', 'economic', 'other'] as const;
export const SECTORS = ['construction', 'trade', 'services', 'domestic_work', 'transport', 'agriculture', 'manufacturing', 'other'] as const;
export const DISABILITIES = ['none', 'physical', 'sensory', 'mental', 'other'] as const;
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
export const CONSENT_SCOPES = ['data_processing', 'share_with_ngo', 'share_health', 'contact_by_phone', 'contact_by_telegram'] as const;
export const LANGUAGES = ['ky', 'ru', 'uz', 'kk', 'tg', 'en', 'tr', 'other'] as const;
export const EDUCATION = ['none', 'primary', 'basic_secondary', 'secondary', 'vocational', 'incomplete_higher', 'higher'] as const;
// common destinations first (kg-reference destinationsWeighted), then other ISO 3166-1 codes seen in practice
export const COUNTRIES = [
  'RU',
  'KZ',
  'TR',
  'KR',
  'AE',
  'US',
  'DE',
  'AM',
  'BY',
  'UZ',
  'TJ',
  'CN',
  'JP',
  'GB',
  'PL',
  'CZ',
  'LT',
  'FI',
  'IT',
  'ES',
  'FR',
  'SA',
  'QA',
  'IL',
  'CA',
  'KG',
] as const;
export const CASE_TYPES = ['health_referral', 'legal_aid', 'job_placement', 'pension_claim'] as const;
export const CASE_STATUSES = ['open', 'in_progress', 'on_hold', 'pending_closure', 'closed'] as const;
export const CASE_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const HEALTH_CONDITIONS = ['tb', 'hiv', 'chronic', 'mental_health', 'injury', 'maternal', 'other'] as const;
export const HEALTH_URGENCIES = ['routine', 'soon', 'urgent'] as const;
export const TB_STAGES = ['intensive', 'continuation', 'completed'] as const;
export const LEGAL_ISSUES = ['entry_ban', 'unpaid_wages', 'documents', 'detention', 'criminal_case', 'family', 'labour_dispute', 'other'] as const;
export const CLAIM_STATUSES = ['collecting_documents', 'submitted', 'approved', 'rejected'] as const;
export const ROLES = ['admin', 'supervisor', 'caseworker', 'ngo_staff', 'donor'] as const;
export const UI_LOCALES = ['ky', 'ru', 'en'] as const;
export const ORG_KINDS = ['ngo', 'state', 'international'] as const;

export type Choice = { id: string; name: string };
export const choices = (group: string, values: readonly string[]): Choice[] => values.map((id) => ({ id, name: `enums.${group}.${id}` }));

export const C = {
  oblast: choices('oblast', OBLASTS),
  sex: choices('sex', SEXES),
  ageBand: choices('age_band', AGE_BANDS),
  returnReason: choices('return_reason', RETURN_REASONS),
  sector: choices('sector', SECTORS),
  disability: choices('disability', DISABILITIES),
  vulnerability: choices('vulnerability', VULNERABILITIES),
  consentScope: choices('consent_scope', CONSENT_SCOPES),
  language: choices('language', LANGUAGES),
  education: choices('education', EDUCATION),
  country: choices('country', COUNTRIES),
  caseType: choices('case_type', CASE_TYPES),
  caseStatus: choices('case_status', CASE_STATUSES),
  casePriority: choices('case_priority', CASE_PRIORITIES),
  healthCondition: choices('health_condition', HEALTH_CONDITIONS),
  healthUrgency: choices('health_urgency', HEALTH_URGENCIES),
  tbStage: choices('tb_stage', TB_STAGES),
  legalIssue: choices('legal_issue', LEGAL_ISSUES),
  claimStatus: choices('claim_status', CLAIM_STATUSES),
  role: choices('role', ROLES),
  locale: choices('locale', UI_LOCALES),
  orgKind: choices('org_kind', ORG_KINDS),
};
