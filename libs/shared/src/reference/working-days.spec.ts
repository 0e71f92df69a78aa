import { addWorkingDays, isWorkingDay } from './working-days';

// Times are Bishkek (UTC+6): 10:00 local = 04:00Z.
describe('addWorkingDays', () => {
  it('should land on the same weekday a week later when five working days include a weekend', () => {
    expect(addWorkingDays(new Date('2026-11-16T04:00:00Z'), 5).toISOString()).toBe('2026-11-23T04:00:00.000Z');
  });

  it('should skip the weekend when counting from a Friday afternoon', () => {
    expect(addWorkingDays(new Date('2026-11-20T09:00:00Z'), 1).toISOString()).toBe('2026-11-23T09:00:00.000Z');
  });

  it('should skip fixed public holidays that fall on a weekday', () => {
    // Friday 5 March 2027 + 1: Saturday, Sunday and Monday 8 March (Women's Day) do not count → Tuesday 9 March
    expect(addWorkingDays(new Date('2027-03-05T04:00:00Z'), 1).toISOString()).toBe('2027-03-09T04:00:00.000Z');
    // Thursday 5 November 2026 + 2: Friday 6, then Monday 9 (7–8 November, the revolution days, fall on the weekend)
    expect(addWorkingDays(new Date('2026-11-05T04:00:00Z'), 2).toISOString()).toBe('2026-11-09T04:00:00.000Z');
  });

  it('should judge the day in Bishkek time, not UTC', () => {
    // 2026-11-20T19:00Z is Saturday 01:00 in Bishkek
    expect(isWorkingDay(new Date('2026-11-20T17:59:00Z'))).toBe(true);
    expect(isWorkingDay(new Date('2026-11-20T18:00:00Z'))).toBe(false);
  });

  it('should skip movable holidays passed in as dates', () => {
    expect(addWorkingDays(new Date('2026-11-16T04:00:00Z'), 1, new Set(['2026-11-17'])).toISOString()).toBe('2026-11-18T04:00:00.000Z');
  });
});
