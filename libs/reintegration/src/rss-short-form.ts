import { Answers, RSS_SURVEY, Survey, SurveyQuestion, checkSurvey } from './rss-scoring';

// The short form of the reintegration survey a returnee answers on their own (self-reported monitoring over SMS or
// Telegram, one question at a time): one or two questions per dimension, the ones with the heaviest weight, so that
// it is scored by the same engine and stays comparable with the full survey at the dimension level. No health question
// (the answers may travel by SMS).
export const SHORT_FORM_QUESTIONS = ['income_source', 'employment', 'housing', 'wellbeing', 'remigration_desire'] as const;

export const RSS_SHORT_FORM: Survey = checkSurvey(
  {
    version: `${RSS_SURVEY.version}-short`,
    dimensions: RSS_SURVEY.dimensions.map((d) => ({
      ...d,
      questions: d.questions.filter((q) => (SHORT_FORM_QUESTIONS as readonly string[]).includes(q.id)),
    })),
  },
  'rss-short-form',
);

// The questions in the order they are asked.
export const SHORT_FORM_ORDER: SurveyQuestion[] = SHORT_FORM_QUESTIONS.map((id) => {
  const q = RSS_SHORT_FORM.dimensions.flatMap((d) => d.questions).find((x) => x.id === id);
  if (!q) throw new Error(`rss-short-form: ${id} is not a question of ${RSS_SURVEY.version}`);
  return q;
});

// An answer is a concern when it scores below CONCERN_BELOW (reverse questions counted the other way round); a
// self-report with no concern lets the caseworker's monitoring follow-up close by itself.
export const CONCERN_BELOW = 0.5;
export function shortFormConcerns(answers: Answers): string[] {
  return SHORT_FORM_ORDER.filter((q) => {
    const o = q.options.find((x) => x.id === answers[q.id]);
    if (!o || o.value === null) return false;
    return (q.reverse ? 1 - o.value : o.value) < CONCERN_BELOW;
  }).map((q) => q.id);
}
