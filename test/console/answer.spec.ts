import { countIn, fileNameFrom } from '../../apps/console/src/providers/answer';

describe('reading the answers of calls outside ra-data-simple-rest', () => {
  it('should read a count and answer 0 for a missing, non-numeric or non-finite one', () => {
    expect(countIn({ count: 3 }, 'count')).toBe(3);
    expect(countIn({ updated: 0 }, 'updated')).toBe(0);
    expect(countIn({}, 'count')).toBe(0);
    expect(countIn({ count: '3' }, 'count')).toBe(0);
    expect(countIn({ count: Number.NaN }, 'count')).toBe(0);
    expect(countIn({ count: Number.POSITIVE_INFINITY }, 'count')).toBe(0);
    expect(countIn(null, 'count')).toBe(0);
  });

  it('should take the file name from Content-Disposition, plain or encoded, and fall back when there is none', () => {
    expect(fileNameFrom('attachment; filename="kaytuu-cases-2026-01-01-2026-06-30.csv"', 'x.csv')).toBe('kaytuu-cases-2026-01-01-2026-06-30.csv');
    expect(fileNameFrom(`attachment; filename="${encodeURIComponent('возврат-errors.csv')}"`, 'x.csv')).toBe('возврат-errors.csv');
    expect(fileNameFrom(`attachment; filename*=UTF-8''${encodeURIComponent('отчёт.xlsx')}`, 'x.xlsx')).toBe('отчёт.xlsx');
    // a stray % is kept as sent rather than failing the download
    expect(fileNameFrom('attachment; filename="100%.csv"', 'x.csv')).toBe('100%.csv');
    expect(fileNameFrom(null, 'x.csv')).toBe('x.csv');
    expect(fileNameFrom('inline', 'x.csv')).toBe('x.csv');
  });
});
