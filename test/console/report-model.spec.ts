import { ASSISTANCE_REPORTS, REPORTS, DIMENSIONS, REPORT_DEFINITIONS, buildReportSql } from '../../libs/reports/src/report-definitions';
import {
  BREAKDOWNS,
  chartValue,
  bishkekToday,
  defaultRange,
  dimensionValueKey,
  DONOR_REPORTS,
  moneyCellText,
  REPORT_BREAKDOWNS,
  REPORT_NAMES,
  reportQuery,
  shownColumns,
  statementQuery,
  statementRangeProblem,
  validBreakdowns,
  type ReportResult,
  type ReportSelection,
} from '../../apps/console/src/reports/reportModel';

const base: ReportSelection = { report: 'cases', by: [], period: 'month', from: '2026-01-01', to: '2026-06-30', officeId: null, external: false };

describe('reportModel', () => {
  it('should offer exactly the reports and breakdowns the API accepts when compared with the report definitions', () => {
    expect([...REPORT_NAMES]).toEqual([...REPORTS]);
    expect([...BREAKDOWNS]).toEqual([...DIMENSIONS]);
    for (const r of REPORTS) expect([...REPORT_BREAKDOWNS[r]].sort()).toEqual([...REPORT_DEFINITIONS[r].dimensions].sort());
  });

  it('should offer a donor exactly the reports the API lets it read, the 1+1 matching report among them', () => {
    // the API answers a donor the assistance reports (scoped to its programmes) and refuses every other with 403
    expect([...DONOR_REPORTS]).toEqual([...ASSISTANCE_REPORTS]);
    expect(DONOR_REPORTS).toContain('matching');
  });

  it('should send period only when a breakdown is the period', () => {
    expect(reportQuery({ ...base, by: ['caseType'] })).toBe('cases?from=2026-01-01&to=2026-06-30&by=caseType');
    expect(reportQuery({ ...base, by: ['period', 'sex'], period: 'quarter' })).toBe('cases?from=2026-01-01&to=2026-06-30&by=period%2Csex&period=quarter');
  });

  it('should add the office, the external share and the format when an export is asked', () => {
    const q = reportQuery({ ...base, officeId: 'o-1', external: true }, 'xlsx');
    expect(q).toBe('cases?from=2026-01-01&to=2026-06-30&officeId=o-1&share=external&format=xlsx');
  });

  it('should drop breakdowns the report does not accept and keep at most two when the report changes', () => {
    expect(validBreakdowns('returnees', ['caseType', 'sex', 'status', 'oblast', 'period'])).toEqual(['sex', 'oblast']);
    expect(validBreakdowns('cases', ['sex', 'sex'])).toEqual(['sex']);
  });

  it('should name enum values through the catalogs and leave periods and names as they are', () => {
    expect(dimensionValueKey('cases', 'ageBand', '18_24')).toBe('enums.age_band.18_24');
    expect(dimensionValueKey('referrals', 'status', 'accepted')).toBe('enums.referral_status.accepted');
    expect(dimensionValueKey('cases', 'status', 'closed')).toBe('enums.case_status.closed');
    expect(dimensionValueKey('cases', 'country', 'unknown')).toBe('app.reports.unknown');
    expect(dimensionValueKey('cases', 'period', '2026-Q1')).toBeNull();
  });

  it('should give suppressed cells no bar when the chart data is built', () => {
    expect(chartValue('<5')).toBeNull();
    expect(chartValue(0)).toBe(0);
    expect(chartValue(12.5)).toBe(12.5);
  });

  it('should default to the last 12 calendar months when no range is picked', () => {
    expect(defaultRange('2026-11-26')).toEqual({ from: '2025-12-01', to: '2026-11-26' });
    expect(defaultRange('2026-01-05')).toEqual({ from: '2025-02-01', to: '2026-01-05' });
  });

  // Intl output uses no-break and narrow no-break spaces between groups and before the currency; compare with plain ones
  const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

  it('should show the assistance and matching amounts as money and keep counts and ids apart when columns are shown', () => {
    for (const report of ['assistance', 'matching'] as const) {
      const { columns } = buildReportSql(REPORT_DEFINITIONS[report], ['sex'], 'month');
      const shown = shownColumns({ columns });
      const money = shown.filter((c) => c.kind === 'money').map((c) => c.key);
      // every measure in minor units the API defines, and nothing else
      expect(money).toEqual(REPORT_DEFINITIONS[report].measures.filter((m) => m.key.endsWith('Minor')).map((m) => m.key));
      expect(money.length).toBeGreaterThanOrEqual(3);
      expect(shown.find((c) => c.key === 'people')?.kind).toBe('measure');
      expect(shown.some((c) => c.key === 'programmeId')).toBe(false);
    }
    // a report without a currency column has no money, whatever its keys
    const cases: Pick<ReportResult, 'columns'> = {
      columns: [
        { key: 'sex', kind: 'dimension' },
        { key: 'fooMinor', kind: 'measure' },
      ],
    };
    expect(shownColumns(cases).map((c) => c.kind)).toEqual(['dimension', 'measure']);
  });

  it('should format a money cell per the row currency and UI language, and leave suppressed and empty cells as they are', () => {
    const kgs = { currency: 'KGS', disbursedMinor: 12345678, averageGrantMinor: 2500000, committedMinor: '<5', releasedMinor: null };
    expect(plain(moneyCellText(kgs, 'disbursedMinor', 'ru'))).toBe('123 456,78 сом');
    expect(plain(moneyCellText(kgs, 'disbursedMinor', 'ky'))).toBe('123 456,78 сом');
    expect(plain(moneyCellText(kgs, 'averageGrantMinor', 'ru'))).toBe('25 000 сом');
    expect(plain(moneyCellText(kgs, 'disbursedMinor', 'en'))).toBe('KGS 123,456.78');
    expect(plain(moneyCellText({ currency: 'USD', matchedMinor: 150000 }, 'matchedMinor', 'en'))).toBe('US$1,500');
    expect(plain(moneyCellText({ currency: 'EUR', matchedMinor: 99 }, 'matchedMinor', 'ru'))).toBe('0,99 €');
    expect(moneyCellText(kgs, 'committedMinor', 'ru')).toBe('<5');
    expect(moneyCellText(kgs, 'releasedMinor', 'ru')).toBe('—');
    // never a raw minor-units number
    expect(moneyCellText(kgs, 'disbursedMinor', 'en')).not.toContain('12345678');
  });

  it('should ask for a programme statement file for the range and format picked', () => {
    expect(statementQuery({ programmeId: 'a1b2', from: '2026-01-01', to: '2026-06-30', format: 'xlsx' })).toBe(
      'programme-statements/a1b2?from=2026-01-01&to=2026-06-30&format=xlsx',
    );
    expect(statementRangeProblem({ from: '2026-07-01', to: '2026-06-30' })).toBe('app.reports.bad_range');
    expect(statementRangeProblem({ from: '', to: '2026-06-30' })).toBe('app.reports.statement.range_required');
    expect(statementRangeProblem({ from: '2026-06-30', to: '2026-06-30' })).toBeUndefined();
    // Bishkek is UTC+6: 20:00 UTC on 31 December is already 1 January there
    expect(bishkekToday(Date.UTC(2026, 11, 31, 20))).toBe('2027-01-01');
  });
});
