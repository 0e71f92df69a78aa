import { RSS_SHORT_FORM, SHORT_FORM_ORDER, shortFormConcerns } from './rss-short-form';
import { answerErrors, RSS_SURVEY, scoreAnswers } from './rss-scoring';

describe('RSS short form', () => {
  const good = { income_source: 'regular_wage', employment: 'part_time', housing: 'family_stable', wellbeing: 'often', remigration_desire: 'undecided' };

  it('should ask five questions of the full survey, every dimension covered, none about health', () => {
    expect(SHORT_FORM_ORDER.map((q) => q.id)).toEqual(['income_source', 'employment', 'housing', 'wellbeing', 'remigration_desire']);
    expect(RSS_SHORT_FORM.dimensions.every((d) => d.questions.length > 0)).toBe(true);
    expect(RSS_SHORT_FORM.version).toBe(`${RSS_SURVEY.version}-short`);
    expect(SHORT_FORM_ORDER.some((q) => q.id === 'health_care')).toBe(false);
  });

  it('should accept a complete set of answers and score it with the survey engine', () => {
    expect(answerErrors(RSS_SHORT_FORM, good)).toEqual({});
    const s = scoreAnswers(RSS_SHORT_FORM, good);
    expect(s.economic).toBe(0.8);
    expect(s.social).toBe(0.75);
    expect(s.psychosocial).toBe(0.625);
  });

  it('should find no concern when every answer is at or above the line', () => {
    expect(shortFormConcerns(good)).toEqual([]);
  });

  it('should name the answers below the line, a wish to leave again counted the other way round', () => {
    expect(shortFormConcerns({ ...good, employment: 'seeking', remigration_desire: 'preparing' })).toEqual(['employment', 'remigration_desire']);
  });

  it('should refuse answers missing a question', () => {
    const { wellbeing: _w, ...partial } = good;
    expect(answerErrors(RSS_SHORT_FORM, partial)).toEqual({ 'answers.wellbeing': 'is required' });
  });
});
