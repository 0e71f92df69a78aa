import { ageOn, firstFailedRule, monthsBefore } from './eligibility';

const facts = { birthDate: '1990-06-15', oblast: 'osh', vulnerabilities: ['debt'], lastReturnedOn: '2026-09-01' };
const base = { oblasts: [], rules: {}, facts, hasApprovedPlan: false, today: '2026-12-07' };

describe('eligibility', () => {
  it('should count full years, a birthday not yet reached this year not counting', () => {
    expect(ageOn('1990-06-15', '2026-06-14')).toBe(35);
    expect(ageOn('1990-06-15', '2026-06-15')).toBe(36);
  });

  it('should step back whole months, clamping to the month end', () => {
    expect(monthsBefore('2026-12-07', 6)).toBe('2026-06-07');
    expect(monthsBefore('2026-03-31', 1)).toBe('2026-02-28');
    expect(monthsBefore('2026-01-15', 13)).toBe('2024-12-15');
  });

  it('should pass a returnee when the programme has no rules', () => {
    expect(firstFailedRule(base)).toBeNull();
  });

  it('should name the first rule failed', () => {
    expect(firstFailedRule({ ...base, oblasts: ['naryn'] })?.rule).toBe('oblast');
    expect(firstFailedRule({ ...base, rules: { returnedWithinMonths: 2 } })?.rule).toBe('returnedWithinMonths');
    expect(firstFailedRule({ ...base, rules: { returnedWithinMonths: 4 } })).toBeNull();
    expect(firstFailedRule({ ...base, facts: { ...facts, lastReturnedOn: null }, rules: { returnedWithinMonths: 4 } })?.rule).toBe('returnedWithinMonths');
    expect(firstFailedRule({ ...base, rules: { ageMin: 37 } })?.rule).toBe('ageMin');
    expect(firstFailedRule({ ...base, rules: { ageMax: 35 } })?.rule).toBe('ageMax');
    expect(firstFailedRule({ ...base, rules: { vulnerabilitiesAny: ['tb', 'gbv_survivor'] } })?.rule).toBe('vulnerabilitiesAny');
    expect(firstFailedRule({ ...base, rules: { vulnerabilitiesAny: ['tb', 'debt'] } })).toBeNull();
    expect(firstFailedRule({ ...base, rules: { hasApprovedPlan: true } })?.rule).toBe('hasApprovedPlan');
    expect(firstFailedRule({ ...base, rules: { hasApprovedPlan: true }, hasApprovedPlan: true })).toBeNull();
  });
});
