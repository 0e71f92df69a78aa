import survey from '../../libs/reintegration/src/rss-survey.json';
import {
  chartSeries,
  formatScore,
  inLanguage,
  questionIds,
  unanswered,
  type ScoreRecord,
  type Survey,
} from '../../apps/console/src/reintegration/reintegrationModel';

const row = (recordedAt: string, overall: number): ScoreRecord => ({
  id: recordedAt,
  returneeId: 'r',
  occasion: 'other',
  recordedAt,
  surveyVersion: 'v',
  overall,
  economic: overall,
  social: overall,
  psychosocial: overall,
});

describe('reintegration console model', () => {
  it('should list every question of the data file in order when the form asks what is unanswered', () => {
    const s = survey as Survey;
    expect(questionIds(s)).toEqual([
      'income_source',
      'debt',
      'employment',
      'housing',
      'documents',
      'health_care',
      'children_education',
      'wellbeing',
      'belonging',
      'remigration_desire',
    ]);
    expect(unanswered(s, { debt: 'no_debt', income_source: 'no_income' })).toEqual(questionIds(s).slice(2));
  });

  it('should pick the UI language text and fall back to Russian when the locale is unknown', () => {
    const l = { ru: 'Да', ky: 'Ооба', en: 'Yes' };
    expect([inLanguage(l, 'ky'), inLanguage(l, 'en'), inLanguage(l, 'de')]).toEqual(['Ооба', 'Yes', 'Да']);
  });

  it('should order chart points oldest first when the list comes newest first', () => {
    const s = chartSeries([row('2026-06-01T00:00:00Z', 0.7), row('2026-01-01T00:00:00Z', 0.4)]);
    expect(s.dates.map((d) => d.toISOString().slice(0, 10))).toEqual(['2026-01-01', '2026-06-01']);
    expect(s.overall).toEqual([0.4, 0.7]);
  });

  it('should show two decimals and a dash when a score is missing', () => {
    expect([formatScore(0.701), formatScore(1), formatScore(null)]).toEqual(['0.70', '1.00', '—']);
  });
});
