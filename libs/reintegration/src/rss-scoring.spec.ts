import { answerErrors, checkSurvey, RSS_SURVEY, scoreAnswers, type Survey } from './rss-scoring';

// Expected numbers are worked out by hand from rss-survey.json (values × weights written out), not by the module.
const sample = {
  income_source: 'regular_wage', // 1    × 2
  debt: 'repaying', //              0.5  × 1
  employment: 'part_time', //       0.6  × 2   → economic (2 + 0.5 + 1.2) / 5 = 0.74
  housing: 'family_stable', //      0.75 × 2
  documents: 'partly', //           0.5  × 1
  health_care: 'always', //         1    × 1
  children_education: 'no_children', // does not apply → social (1.5 + 0.5 + 1) / 4 = 0.75
  wellbeing: 'often', //            0.75 × 2
  belonging: 'partly', //           0.5  × 1
  remigration_desire: 'undecided', // reverse: 1 − 0.5 = 0.5 × 2 → psychosocial (1.5 + 0.5 + 1) / 5 = 0.6
};

describe('reintegration scoring', () => {
  it('should weight answers and dimensions as the data file says when one question does not apply', () => {
    // overall 0.4 × 0.74 + 0.3 × 0.75 + 0.3 × 0.6 = 0.296 + 0.225 + 0.18 = 0.701
    expect(scoreAnswers(RSS_SURVEY, sample)).toEqual({ economic: 0.74, social: 0.75, psychosocial: 0.6, overall: 0.701 });
  });

  it('should score the re-migration wish in reverse when the returnee prepares to leave', () => {
    const scores = scoreAnswers(RSS_SURVEY, { ...sample, children_education: 'all_attend', remigration_desire: 'preparing' });
    // social (1.5 + 0.5 + 1 + 1) / 5 = 0.8; psychosocial (1.5 + 0.5 + 0) / 5 = 0.4; overall 0.296 + 0.24 + 0.12 = 0.656
    expect(scores).toEqual({ economic: 0.74, social: 0.8, psychosocial: 0.4, overall: 0.656 });
  });

  it('should give 1 and 0 everywhere when every answer is the best or the worst', () => {
    const best = {
      income_source: 'regular_wage',
      debt: 'no_debt',
      employment: 'full_time',
      housing: 'own_home',
      documents: 'all_valid',
      health_care: 'always',
      children_education: 'all_attend',
      wellbeing: 'always',
      belonging: 'fully',
      remigration_desire: 'no_wish',
    };
    const worst = {
      income_source: 'no_income',
      debt: 'cannot_repay',
      employment: 'not_seeking',
      housing: 'no_housing',
      documents: 'none',
      health_care: 'never',
      children_education: 'none_attend',
      wellbeing: 'never',
      belonging: 'not_at_all',
      remigration_desire: 'preparing',
    };
    expect(scoreAnswers(RSS_SURVEY, best)).toEqual({ economic: 1, social: 1, psychosocial: 1, overall: 1 });
    expect(scoreAnswers(RSS_SURVEY, worst)).toEqual({ economic: 0, social: 0, psychosocial: 0, overall: 0 });
  });

  it('should round to three decimals when a mean does not terminate', () => {
    // economic (0.5 × 2 + 1 × 1 + 0.2 × 2) / 5 = 2.4 / 5 = 0.48; with employment seeking and debt cannot_repay: (1 + 0 + 0.4) / 5 = 0.28
    // social with housing temporary, documents none, health sometimes, children some: (0.5 + 0 + 0.5 + 0.5) / 5 = 0.3
    // psychosocial wellbeing rarely, belonging fully, no_wish: (0.5 + 1 + 2) / 5 = 0.7
    // overall 0.4 × 0.28 + 0.3 × 0.3 + 0.3 × 0.7 = 0.112 + 0.09 + 0.21 = 0.412
    const answers = {
      income_source: 'casual_work',
      debt: 'cannot_repay',
      employment: 'seeking',
      housing: 'temporary',
      documents: 'none',
      health_care: 'sometimes',
      children_education: 'some_attend',
      wellbeing: 'rarely',
      belonging: 'fully',
      remigration_desire: 'no_wish',
    };
    expect(scoreAnswers(RSS_SURVEY, answers)).toEqual({ economic: 0.28, social: 0.3, psychosocial: 0.7, overall: 0.412 });
    // a hand-made survey with thirds: (1 + 0 + 0) / 3 = 0.333…, overall (0.333… + 1) / 2 = 0.666… → 0.667
    const thirds: Survey = {
      version: 't',
      dimensions: (['economic', 'social', 'psychosocial'] as const).map((id, i) => ({
        id,
        weight: i === 2 ? 0.0000001 : 1,
        label: { ru: id, ky: id, en: id },
        questions: ['a', 'b', 'c'].map((q) => ({
          id: `${id}_${q}`,
          weight: 1,
          text: { ru: q, ky: q, en: q },
          options: [
            { id: 'yes', value: 1, label: { ru: 'да', ky: 'ооба', en: 'yes' } },
            { id: 'no', value: 0, label: { ru: 'нет', ky: 'жок', en: 'no' } },
          ],
        })),
      })),
    };
    const s = scoreAnswers(checkSurvey(thirds), {
      economic_a: 'yes',
      economic_b: 'no',
      economic_c: 'no',
      social_a: 'yes',
      social_b: 'yes',
      social_c: 'yes',
      psychosocial_a: 'no',
      psychosocial_b: 'no',
      psychosocial_c: 'no',
    });
    expect(s.economic).toBe(0.333);
    expect(s.overall).toBe(0.667);
  });

  it('should name unknown questions, unknown options and missing answers when the answers are invalid', () => {
    const { debt: _missing, ...rest } = sample;
    expect(answerErrors(RSS_SURVEY, { ...rest, income_source: 'lottery', shoe_size: 'big' })).toEqual({
      'answers.income_source': 'must be one of: regular_wage, casual_work, support_transfers, no_income',
      'answers.shoe_size': 'is not a question of this survey',
      'answers.debt': 'is required',
    });
    expect(answerErrors(RSS_SURVEY, sample)).toEqual({});
  });

  it('should reject a data file when a dimension is missing or an option value is out of range', () => {
    const broken = structuredClone(RSS_SURVEY);
    broken.dimensions[0].questions[0].options[0].value = 2;
    expect(() => checkSurvey(broken)).toThrow('option income_source.regular_wage must be between 0 and 1 or null');
    expect(() => checkSurvey({ ...RSS_SURVEY, dimensions: RSS_SURVEY.dimensions.slice(1) })).toThrow('dimensions must be exactly');
  });
});
