import { CASE_REFERRAL_COLUMNS, NGO_AWAITING_COLUMNS, REFERRAL_COLUMNS, referralListColumns } from '../../apps/console/src/referrals/referralColumnSets';

// What the office knows of a referral and an organisation must not see in its own tables.
const OFFICE_ONLY = ['caseCode', 'returneeName', 'organizationName'];

describe('referral columns', () => {
  it('should show NGO staff only what the referral shares, in the list and on their dashboard', () => {
    for (const cols of [referralListColumns('ngo_staff'), NGO_AWAITING_COLUMNS]) {
      expect(cols.filter((c) => OFFICE_ONLY.includes(c))).toEqual([]);
      expect(cols).toContain('sharedName');
      expect(cols).toContain('consentActive');
    }
  });

  it('should show office staff the case code, the person and the organisation, not the shared-name column', () => {
    for (const role of ['supervisor', 'caseworker', 'admin', undefined]) {
      const cols = referralListColumns(role);
      expect(cols).toEqual(expect.arrayContaining(OFFICE_ONLY));
      expect(cols).not.toContain('sharedName');
    }
  });

  it('should list each column once, from the known set', () => {
    for (const cols of [referralListColumns('ngo_staff'), referralListColumns('supervisor'), NGO_AWAITING_COLUMNS, CASE_REFERRAL_COLUMNS]) {
      expect(new Set(cols).size).toBe(cols.length);
      for (const c of cols) expect(REFERRAL_COLUMNS).toContain(c);
    }
  });
});
