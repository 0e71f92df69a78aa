import { demoReturnees } from './demo-data';
import { demoHouseholds } from './demo-household';

describe('demo households', () => {
  const today = new Date('2026-11-25T00:00:00Z');
  const people = demoReturnees(300, today);
  const households = demoHouseholds(people, today);
  const ageOf = (birth: string) => (today.getTime() - Date.parse(birth)) / (365.25 * 86_400_000);
  const children = households.flatMap((h) => h.members.filter((m) => m.relation === 'child').map((m) => ({ m, p: people[h.returneeIndex] })));

  it('should give a share of the returnees a household of at most 30 members', () => {
    expect(households.length).toBeGreaterThan(40);
    expect(households.length).toBeLessThan(100);
    expect(households.every((h) => h.members.length >= 1 && h.members.length <= 30)).toBe(true);
  });

  it('should only hold members the API accepts: children born after the returnee, no future dates, child fields on minors only', () => {
    for (const { m, p } of children) expect(m.birthDate >= p.birthDate).toBe(true);
    for (const m of households.flatMap((h) => h.members)) {
      expect(m.birthDate <= '2026-11-25').toBe(true);
      if (ageOf(m.birthDate) >= 18) expect([m.caregiverName, m.inSchool, m.concerns]).toEqual([undefined, undefined, undefined]);
    }
  });

  it('should include children left behind with a caregiver and a few with nobody', () => {
    const minors = children.filter(({ m }) => ageOf(m.birthDate) < 18).map(({ m }) => m);
    expect(minors.filter((m) => m.livesWhere === 'with_caregiver' && m.caregiverName).length).toBeGreaterThan(3);
    const alone = minors.filter((m) => m.concerns?.includes('no_caregiver'));
    expect(alone.length).toBeGreaterThan(0);
    expect(alone.length).toBeLessThan(10);
  });
});
