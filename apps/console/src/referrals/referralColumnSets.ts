// No imports on purpose: tests read it directly. Which columns each table of referrals shows (the components are in
// referralColumns.tsx).

export const REFERRAL_COLUMNS = [
  'caseCode',
  'caseType',
  'returneeName',
  'sharedName',
  'organizationName',
  'status',
  'sentAt',
  'respondBy',
  'consentActive',
  'answer',
] as const;
export type ReferralColumn = (typeof REFERRAL_COLUMNS)[number];

// What the API sorts referrals by; the other columns keep the order the table asked for.
export const SORTABLE_REFERRAL_COLUMNS: readonly ReferralColumn[] = ['status', 'sentAt', 'respondBy'];

// NGO staff see only what a referral shares with their organisation: the person's name as shared (`sharedName`, gone
// when it was not ticked or consent is withdrawn), never the office's case code, its own record of the person
// (`returneeName`) or which organisation (their own) it went to.
const NGO_LIST: ReferralColumn[] = ['caseType', 'sharedName', 'status', 'sentAt', 'respondBy', 'consentActive'];
const OFFICE_LIST: ReferralColumn[] = ['caseCode', 'caseType', 'returneeName', 'organizationName', 'status', 'sentAt', 'respondBy', 'consentActive'];

export const referralListColumns = (role: unknown): ReferralColumn[] => (role === 'ngo_staff' ? NGO_LIST : OFFICE_LIST);

// The NGO dashboard's referrals still awaiting an answer (all 'sent', so no status column).
export const NGO_AWAITING_COLUMNS: ReferralColumn[] = ['caseType', 'sharedName', 'sentAt', 'respondBy', 'consentActive'];

// A case's referrals tab: the case is known, so which organisation and what it answered.
export const CASE_REFERRAL_COLUMNS: ReferralColumn[] = ['organizationName', 'status', 'sentAt', 'respondBy', 'consentActive', 'answer'];

// The columns each table lets go below an MUI breakpoint ('md' 900 px, 'lg' 1200 px, 'xl' 1536 px of window), so it fits
// a laptop beside the menu (1280–1366 px: 'lg'); on phones the lists show a few lines per referral instead of the table.
// On a laptop the office's list names the person and leaves the case code, service and sent date to wider screens.
type Breakpoint = 'sm' | 'md' | 'lg' | 'xl';
export const LIST_HIDE_BELOW: Partial<Record<ReferralColumn, Breakpoint>> = { caseCode: 'xl', caseType: 'xl', sentAt: 'xl' };
// A case's referrals stay a table on a phone too (the cancel button is on the row): the organisation, the status and
// the actions, the rest from wider windows up.
export const CASE_REFERRAL_HIDE_BELOW: Partial<Record<ReferralColumn, Breakpoint>> = {
  sentAt: 'xl',
  respondBy: 'md',
  consentActive: 'sm',
  answer: 'md',
};
