import { REPORTS, DIMENSIONS, REPORT_DEFINITIONS } from '../../libs/reports/src/report-definitions';
import {
  BREAKDOWNS,
  chartValue,
  defaultRange,
  dimensionValueKey,
  REPORT_BREAKDOWNS,
  REPORT_NAMES,
  reportQuery,
  validBreakdowns,
  type ReportSelection,
} from '../../apps/console/src/reports/reportModel';

const base: ReportSelection = { report: 'cases', by: [], period: 'month', from: '2026-01-01', to: '2026-06-30', officeId: null, external: false };

describe('reportModel', () => {
  it('should offer exactly the reports and breakdowns the API accepts when compared with the report definitions', () => {
    expect([...REPORT_NAMES]).toEqual([...REPORTS]);
    expect([...BREAKDOWNS]).toEqual([...DIMENSIONS]);
    for (const r of REPORTS) expect([...REPORT_BREAKDOWNS[r]].sort()).toEqual([...REPORT_DEFINITIONS[r].dimensions].sort());
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
});
