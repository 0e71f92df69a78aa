import { assessmentSeries, nextOccasion, scoreOf, toAssessmentCreate, type Assessment } from '../../apps/console/src/reintegration/assessmentModel';

const row = (takenAt: string, e: number, s: number, p: number, c: number): Assessment => ({
  id: takenAt,
  returneeId: 'r',
  formVersion: 'na-kg-2',
  answers: {},
  scores: { economic: e, social: s, psychosocial: p },
  composite: c,
  priorities: [],
  selfReported: false,
  occasion: 'intake',
  followUpId: null,
  takenAt,
  takenBy: 'u',
  takenByName: null,
});

describe('assessment model', () => {
  it('should order the chart oldest first with one series per dimension when the list comes newest first', () => {
    const s = assessmentSeries([row('2026-06-01T00:00:00Z', 0.8, 0.7, 0.6, 0.7), row('2025-06-01T00:00:00Z', 0.2, 0.5, 0.4, 0.367)]);
    expect(s.dates.map((d) => d.toISOString().slice(0, 4))).toEqual(['2025', '2026']);
    expect(s.economic).toEqual([0.2, 0.8]);
    expect(s.composite).toEqual([0.367, 0.7]);
    expect(scoreOf(row('x', 0.1, 0.2, 0.3, 0.2), 'social')).toBe(0.2);
  });

  it('should make the first assessment the intake and send only what the API takes when saving', () => {
    expect(nextOccasion(0)).toBe('intake');
    expect(nextOccasion(2)).toBe('other');
    expect(toAssessmentCreate('r', 'na-kg-2', { occasion: 'monitoring_12m', answers: { income: 'none' } }, 'f')).toEqual({
      returneeId: 'r',
      formVersion: 'na-kg-2',
      occasion: 'monitoring_12m',
      answers: { income: 'none' },
      selfReported: false,
      followUpId: 'f',
    });
  });
});
