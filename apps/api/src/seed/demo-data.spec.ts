import { demoCases, demoReturnees } from './demo-data';

describe('demo dataset', () => {
  const today = new Date('2026-11-25T00:00:00Z');
  const people = demoReturnees(300, today);
  const cases = demoCases(people);

  it('should look like the returnee population (≈40% women, median age 26–30, mostly Russia)', () => {
    expect(people).toHaveLength(300);
    const women = people.filter((p) => p.sex === 'female').length / people.length;
    expect(women).toBeGreaterThan(0.33);
    expect(women).toBeLessThan(0.47);
    const ages = people.map((p) => (today.getTime() - Date.parse(p.birthDate)) / (365.25 * 86400000)).sort((a, b) => a - b);
    const median = ages[Math.floor(ages.length / 2)];
    expect(median).toBeGreaterThanOrEqual(26);
    expect(median).toBeLessThanOrEqual(30);
    const lastCountries = people.map((p) => p.episodes[p.episodes.length - 1].country);
    expect(lastCountries.filter((c) => c === 'RU').length / people.length).toBeGreaterThan(0.6);
    expect(people.some((p) => p.episodes.some((e) => e.entryBan?.active))).toBe(true);
  });

  it('should give valid, unique PINs that match sex and birth date, and +996 phones', () => {
    const pins = people.flatMap((p) => (p.pin ? [p] : []));
    expect(new Set(pins.map((p) => p.pin)).size).toBe(pins.length);
    for (const p of pins) {
      expect(p.pin).toMatch(/^[12]\d{13}$/);
      expect(p.pin?.[0]).toBe(p.sex === 'female' ? '1' : '2');
      const [y, m, d] = p.birthDate.split('-');
      expect(p.pin?.slice(1, 9)).toBe(`${d}${m}${y}`);
    }
    for (const p of people) if (p.phone) expect(p.phone).toMatch(/^\+996\d{9}$/);
  });

  it('should have episodes in order, returned before today, and names with Kyrgyz forms', () => {
    for (const p of people) {
      for (const e of p.episodes) {
        expect(e.returnedOn && e.returnedOn >= e.departedOn).toBe(true);
        expect(Date.parse(e.returnedOn as string)).toBeLessThan(today.getTime());
      }
    }
    expect(people.some((p) => / (уулу|кызы)$/.test(p.lastName))).toBe(true);
    expect(people.some((p) => /[ңөү]/i.test(`${p.lastName}${p.firstName}`))).toBe(true);
  });

  it('should have cases of all four types in every status', () => {
    for (const type of ['health_referral', 'legal_aid', 'job_placement', 'pension_claim']) {
      for (const status of ['open', 'in_progress', 'on_hold', 'pending_closure', 'closed']) {
        expect(cases.some((c) => c.type === type && c.targetStatus === status)).toBe(true);
      }
    }
  });
});
