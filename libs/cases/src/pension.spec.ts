import { computePensionDerived, findPeriodProblems, PensionPeriod } from './pension';

const p = (from: string, to: string, documented = true, employer?: string): PensionPeriod => ({ from, to, documented, employer });

describe('pension claim arithmetic', () => {
  it('should count 36 insured and 14 EAEU months when RU work runs 2019-03-01..2022-02-28', () => {
    const d = computePensionDerived('RU', [p('2019-03-01', '2022-02-28')]);
    expect(d.insuredMonths).toBe(36);
    expect(d.eaeuMonths).toBe(14);
    expect(d.underEaeuAgreement).toEqual([true]);
  });

  it('should count only whole calendar months when a period starts or ends mid-month', () => {
    // March is partial (from the 15th), April–May whole, June partial (to the 29th of 30)
    expect(computePensionDerived('RU', [p('2020-03-15', '2020-06-29')]).insuredMonths).toBe(2);
    // leap-year February ends on the 29th
    expect(computePensionDerived('RU', [p('2020-02-01', '2020-02-29')]).insuredMonths).toBe(1);
    expect(computePensionDerived('RU', [p('2020-02-01', '2020-02-28')]).insuredMonths).toBe(0);
  });

  it('should join touching periods when together they cover a whole month', () => {
    const d = computePensionDerived('KZ', [p('2021-01-01', '2021-01-15'), p('2021-01-16', '2021-03-31')]);
    expect(d.insuredMonths).toBe(3);
    expect(d.eaeuMonths).toBe(3);
  });

  it('should count no EAEU months when the country is outside the agreement or the work predates 2021', () => {
    expect(computePensionDerived('TR', [p('2021-01-01', '2021-12-31')])).toMatchObject({ insuredMonths: 12, eaeuMonths: 0, underEaeuAgreement: [false] });
    expect(computePensionDerived('RU', [p('2015-01-01', '2020-12-31')])).toMatchObject({ insuredMonths: 72, eaeuMonths: 0, underEaeuAgreement: [false] });
  });

  it('should list undocumented periods as missing documents with their position', () => {
    const d = computePensionDerived('RU', [p('2018-01-01', '2018-12-31'), p('2019-01-01', '2019-06-30', false, 'ООО Стройка')]);
    expect(d.missingDocuments).toEqual([{ index: 1, from: '2019-01-01', to: '2019-06-30', employer: 'ООО Стройка' }]);
  });

  it('should name the later period’s from when two periods overlap', () => {
    expect(findPeriodProblems([p('2018-01-01', '2018-12-31'), p('2018-12-31', '2019-06-30')])).toEqual([
      { index: 1, field: 'from', message: 'overlaps period 1' },
    ]);
    // listed out of order: the second entry is still the one named
    expect(findPeriodProblems([p('2019-01-01', '2019-12-31'), p('2018-06-01', '2019-02-01')])).toEqual([
      { index: 1, field: 'from', message: 'overlaps period 1' },
    ]);
  });

  it('should report an inverted period when from is after to', () => {
    expect(findPeriodProblems([p('2018-01-01', '2018-12-31'), p('2019-05-01', '2019-04-01')])).toEqual([
      { index: 1, field: 'from', message: 'must not be after to' },
    ]);
    expect(findPeriodProblems([p('2018-01-01', '2018-12-31'), p('2019-01-01', '2019-01-01')])).toEqual([]);
  });
});
