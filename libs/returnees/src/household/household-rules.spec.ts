import { checkHouseholdSize, checkMember, childWithoutCaregiver, deriveHousehold, MemberValues } from './household-rules';

const TODAY = '2026-12-07';
const returnee = { id: 'r1', birthDate: '1990-04-01' };
const adult: MemberValues = {
  relation: 'spouse',
  birthDate: '1991-06-01',
  livesWhere: 'with_returnee',
  caregiverName: null,
  inSchool: null,
  concerns: [],
  linkedReturneeId: null,
};
const child: MemberValues = { ...adult, relation: 'child', birthDate: '2016-09-01', livesWhere: 'with_caregiver', caregiverName: 'Бабушка', inSchool: 'yes' };

describe('household rules', () => {
  describe('checkMember', () => {
    it('should accept an adult without child fields and a child with them', () => {
      expect(checkMember(adult, returnee, TODAY)).toEqual({});
      expect(checkMember(child, returnee, TODAY)).toEqual({});
    });

    it('should refuse a birth date in the future', () => {
      expect(checkMember({ ...child, birthDate: '2026-12-08' }, returnee, TODAY)).toEqual({ birthDate: 'must not be in the future' });
    });

    it('should refuse a child born before the returnee but not a parent', () => {
      expect(checkMember({ ...adult, relation: 'child', birthDate: '1989-01-01' }, returnee, TODAY)).toHaveProperty('birthDate');
      expect(checkMember({ ...adult, relation: 'parent', birthDate: '1960-01-01' }, returnee, TODAY)).toEqual({});
    });

    it('should refuse caregiver, school and concerns on a member aged 18 or over (18 today counts as adult)', () => {
      const eighteenToday = { ...child, birthDate: '2008-12-07', concerns: ['health' as const] };
      expect(Object.keys(checkMember(eighteenToday, returnee, TODAY)).sort()).toEqual(['caregiverName', 'concerns', 'inSchool']);
      expect(checkMember({ ...eighteenToday, birthDate: '2008-12-08' }, returnee, TODAY)).toEqual({});
    });

    it('should refuse a link to the returnee itself', () => {
      expect(checkMember({ ...adult, linkedReturneeId: 'r1' }, returnee, TODAY)).toEqual({ linkedReturneeId: 'must be another returnee' });
      expect(checkMember({ ...adult, linkedReturneeId: 'r2' }, returnee, TODAY)).toEqual({});
    });
  });

  it('should allow 30 members and no more', () => {
    expect(checkHouseholdSize(29)).toEqual({});
    expect(checkHouseholdSize(30)).toHaveProperty('returneeId');
  });

  describe('childWithoutCaregiver', () => {
    it('should flag a child away from the returnee with nobody named, or with the no_caregiver concern', () => {
      expect(childWithoutCaregiver({ ...child, caregiverName: null }, TODAY)).toBe(true);
      expect(childWithoutCaregiver({ ...child, livesWhere: 'abroad', caregiverName: null }, TODAY)).toBe(true);
      expect(childWithoutCaregiver({ ...child, concerns: ['no_caregiver'] }, TODAY)).toBe(true);
    });

    it('should not flag a child with a caregiver, one living with the returnee, or an adult', () => {
      expect(childWithoutCaregiver(child, TODAY)).toBe(false);
      expect(childWithoutCaregiver({ ...child, livesWhere: 'with_returnee', caregiverName: null }, TODAY)).toBe(false);
      expect(childWithoutCaregiver({ ...adult, livesWhere: 'abroad' }, TODAY)).toBe(false);
    });
  });

  it('should derive the household as the returnee plus every member and the dependents as the members under 18', () => {
    expect(deriveHousehold([], TODAY)).toEqual({ householdSize: 1, dependents: 0, childWithoutCaregiver: false });
    expect(deriveHousehold([adult, child, { ...child, caregiverName: null }], TODAY)).toEqual({ householdSize: 4, dependents: 2, childWithoutCaregiver: true });
  });
});
