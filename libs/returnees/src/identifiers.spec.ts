import { ageOn, isCalendarDate, normalisePhone, phoneFromQuery, pinFromQuery, todayInBishkek, yearsBefore } from './identifiers';

describe('normalisePhone', () => {
  it.each([
    ['+996555123456', '+996555123456'],
    ['+996 555 123 456', '+996555123456'],
    ['0555 123 456', '+996555123456'],
    ['0555-12-34-56', '+996555123456'],
    ['996 (700) 12-34-56', '+996700123456'],
  ])('should normalise %s to E.164 when it is a Kyrgyz number', (input, expected) => {
    expect(normalisePhone(input)).toBe(expected);
  });

  it.each(['+79161234567', '+996 555 123 45', '555123456', '+9965551234567', 'phone', ''])('should return null when given %s', (input) => {
    expect(normalisePhone(input)).toBeNull();
  });
});

describe('search identifiers', () => {
  it('should read nine bare digits as a Kyrgyz phone when searching', () => {
    expect(phoneFromQuery('555 123 456')).toBe('+996555123456');
    expect(phoneFromQuery('Асанов')).toBeNull();
  });

  it('should accept a 14-digit PIN with spaces when searching and refuse other lengths', () => {
    expect(pinFromQuery('2140 5199 7001 23')).toBe('21405199700123');
    expect(pinFromQuery('2140519970012')).toBeNull();
    expect(pinFromQuery('31405199700123')).toBeNull();
  });
});

describe('dates', () => {
  it('should give the Bishkek calendar day when UTC is still on the previous day', () => {
    expect(todayInBishkek(new Date('2026-03-01T20:30:00Z'))).toBe('2026-03-02');
    expect(todayInBishkek(new Date('2026-03-01T17:59:00Z'))).toBe('2026-03-01');
  });

  it('should accept exactly the days a Date round-trips, for every month and day number of years around the leap rules', () => {
    const roundTrips = (v: string) => {
      const d = new Date(`${v}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
    };
    let accepted = 0;
    for (const year of ['0000', '0004', '1900', '1999', '2000', '2023', '2024', '2100', '2400', '9999']) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 32; day++) {
          const v = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          expect([v, isCalendarDate(v)]).toEqual([v, roundTrips(v)]);
          if (roundTrips(v)) accepted++;
        }
      }
    }
    // five leap years (0000, 0004, 2000, 2024, 2400) and five common ones
    expect(accepted).toBe(5 * 366 + 5 * 365);
  });

  it('should move to the next day at Bishkek midnight after answering for the day before', () => {
    expect(todayInBishkek(Date.parse('2026-03-01T17:59:59.999Z'))).toBe('2026-03-01');
    expect(todayInBishkek(new Date('2026-03-01T18:00:00Z'))).toBe('2026-03-02');
    expect(todayInBishkek(Date.parse('2026-03-01T17:00:00Z'))).toBe('2026-03-01');
    expect(() => todayInBishkek(new Date('not a date'))).toThrow(RangeError);
  });

  it('should reject impossible calendar dates when checking YYYY-MM-DD', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2023-02-29')).toBe(false);
    expect(isCalendarDate('2023-13-01')).toBe(false);
    expect(isCalendarDate('1.2.2023')).toBe(false);
  });

  it('should count whole years when the birthday has or has not come yet', () => {
    expect(ageOn('1990-06-15', '2026-06-14')).toBe(35);
    expect(ageOn('1990-06-15', '2026-06-15')).toBe(36);
  });

  it('should step back whole years and fall back to 28 February when the year is not leap', () => {
    expect(yearsBefore('2026-05-10', 18)).toBe('2008-05-10');
    expect(yearsBefore('2024-02-29', 1)).toBe('2023-02-28');
  });
});
