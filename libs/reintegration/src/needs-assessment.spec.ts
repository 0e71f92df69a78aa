import { NEEDS_FORM, NEEDS_FORMS, needsForm } from './needs-assessment-forms';
import { answerErrors, priorityDimensions, scoreAnswers } from './rss-scoring';

// Expected numbers are worked out by hand from needs-assessment.json (values × weights written out), not by the module.
const sample = {
  income: 'partly', //              0.33 × 2
  employment: 'casual', //          0.5  × 2
  skills: 'uncertified', //         0.6  × 1
  debt: 'cannot_repay', //          0    × 1.5 → economic (0.66 + 1 + 0.6 + 0) / 6.5 = 0.3477 → 0.348
  housing: 'family_stable', //      0.75 × 2
  documents: 'some_missing', //     0.5  × 1.5
  health_access: 'always', //       1    × 1
  children_school: 'no_children', // does not apply
  justice: 'knows_cannot', //       0.5  × 1   → social (1.5 + 0.75 + 1 + 0.5) / 5.5 = 0.6818 → 0.682
  wellbeing: 'sometimes', //        0.33 × 2
  family_ties: 'supportive', //     1    × 1.5
  community: 'partly', //           0.5  × 1
  stress: 'sometimes', //           0.6  × 1.5 → psychosocial (0.66 + 1.5 + 0.5 + 0.9) / 6 = 0.5933 → 0.593
};

describe('needs assessment forms and scoring', () => {
  it('should score the current form with the shared engine when every question is answered', () => {
    expect(NEEDS_FORM.version).toBe('na-kg-2');
    // composite: equal dimension weights, from the unrounded dimensions (0.34769 + 0.68182 + 0.59333) / 3 = 0.54095
    expect(scoreAnswers(NEEDS_FORM, sample)).toEqual({ economic: 0.348, social: 0.682, psychosocial: 0.593, overall: 0.541 });
    expect(answerErrors(NEEDS_FORM, sample)).toEqual({});
  });

  it('should keep scoring an older form version by its own questions when answers were stored under it', () => {
    const pilot = needsForm('na-kg-1')!;
    expect([...NEEDS_FORMS.keys()]).toEqual(['na-kg-1', 'na-kg-2']);
    const { skills: _s, justice: _j, ...old } = sample;
    expect(answerErrors(pilot, old)).toEqual({});
    // the pilot lacked skills and justice, and weighted stress 1:
    // economic (0.66 + 1 + 0) / 5.5 = 0.3018; social (1.5 + 0.75 + 1) / 4.5 = 0.7222; psychosocial (0.66 + 1.5 + 0.5 + 0.6) / 5.5 = 0.5927;
    // composite (0.3018 + 0.7222 + 0.5927) / 3 = 0.5389
    expect(scoreAnswers(pilot, old)).toEqual({ economic: 0.302, social: 0.722, psychosocial: 0.593, overall: 0.539 });
    // the same answers are incomplete for the current form
    expect(answerErrors(NEEDS_FORM, old)).toEqual({ 'answers.skills': 'is required', 'answers.justice': 'is required' });
    expect(needsForm('na-kg-9')).toBeUndefined();
  });

  it('should name unknown questions and options when the answers do not fit the form', () => {
    expect(answerErrors(NEEDS_FORM, { ...sample, housing: 'palace', mood: 'great' })).toEqual({
      'answers.housing': 'must be one of: own_home, family_stable, temporary, no_housing',
      'answers.mood': 'is not a question of this survey',
    });
  });

  it('should flag the lowest dimension and those within 0.1 of it when they are below 0.75', () => {
    expect(priorityDimensions({ economic: 0.348, social: 0.682, psychosocial: 0.593 })).toEqual(['economic']);
    expect(priorityDimensions({ economic: 0.5, social: 0.55, psychosocial: 0.9 })).toEqual(['economic', 'social']);
    // exactly 0.1 apart is within the margin
    expect(priorityDimensions({ economic: 0.4, social: 0.9, psychosocial: 0.3 })).toEqual(['economic', 'psychosocial']);
    // within the margin but not below the ceiling: not a priority
    expect(priorityDimensions({ economic: 0.7, social: 0.78, psychosocial: 0.9 })).toEqual(['economic']);
    // doing well everywhere: no priority; all equally low: all three
    expect(priorityDimensions({ economic: 0.8, social: 0.9, psychosocial: 0.76 })).toEqual([]);
    expect(priorityDimensions({ economic: 0, social: 0, psychosocial: 0 })).toEqual(['economic', 'social', 'psychosocial']);
  });
});
