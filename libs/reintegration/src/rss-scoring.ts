import type { FieldErrors } from '@kaytuu/shared';
import surveyFile from './rss-survey.json';

// The one scoring engine of the reintegration context, for every questionnaire over the three dimensions: the
// reintegration sustainability survey (modelled on IOM's RSS, rss-survey.json) and the needs assessment
// (needs-assessment*.json, needs-assessment-forms.ts). Questions, option values and weights live in the data files;
// this module is the only place that turns answers into scores, and it has no I/O.

export const SURVEY_LANGUAGES = ['ru', 'ky', 'en'] as const;
export type SurveyLanguage = (typeof SURVEY_LANGUAGES)[number];
export type Localized = Record<SurveyLanguage, string>;

export const DIMENSIONS = ['economic', 'social', 'psychosocial'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

// `value` is 0–1, or null for "does not apply" (the question then drops out of its dimension's mean).
// On a `reverse` question the value measures the opposite of sustainability (a wish to leave again), so it scores 1 − value.
export type SurveyOption = { id: string; value: number | null; label: Localized };
export type SurveyQuestion = { id: string; weight: number; reverse?: boolean; text: Localized; options: SurveyOption[] };
export type SurveyDimension = { id: Dimension; weight: number; label: Localized; questions: SurveyQuestion[] };
export type Survey = { version: string; dimensions: SurveyDimension[] };

export type Answers = Record<string, string>;
export type Scores = Record<Dimension | 'overall', number>;

// Throws on a malformed file, so a bad edit fails at start-up (and in the unit spec), not on the first survey.
export function checkSurvey(s: Survey, file = 'rss-survey.json'): Survey {
  const fail = (why: string): never => {
    throw new Error(`${file}: ${why}`);
  };
  if (!s.version) fail('version is missing');
  const dims = s.dimensions.map((d) => d.id);
  if (dims.length !== DIMENSIONS.length || !DIMENSIONS.every((d) => dims.includes(d))) fail(`dimensions must be exactly ${DIMENSIONS.join(', ')}`);
  const ids = new Set<string>();
  const localized = (l: Localized | undefined) => !!l && SURVEY_LANGUAGES.every((lang) => typeof l[lang] === 'string' && l[lang].trim() !== '');
  for (const d of s.dimensions) {
    if (!(d.weight > 0)) fail(`dimension ${d.id} needs a positive weight`);
    if (!localized(d.label)) fail(`dimension ${d.id} needs a label in ${SURVEY_LANGUAGES.join(', ')}`);
    // a dimension whose every question may be "does not apply" could have no score at all
    if (!d.questions.some((q) => q.options.every((o) => o.value !== null))) fail(`dimension ${d.id} needs a question that always applies`);
    for (const q of d.questions) {
      if (ids.has(q.id)) fail(`question ${q.id} appears twice`);
      ids.add(q.id);
      if (!(q.weight > 0)) fail(`question ${q.id} needs a positive weight`);
      if (!localized(q.text)) fail(`question ${q.id} needs a text in ${SURVEY_LANGUAGES.join(', ')}`);
      if (q.options.length < 2) fail(`question ${q.id} needs at least two options`);
      if (new Set(q.options.map((o) => o.id)).size !== q.options.length) fail(`question ${q.id} repeats an option id`);
      for (const o of q.options) {
        if (o.value !== null && !(o.value >= 0 && o.value <= 1)) fail(`option ${q.id}.${o.id} must be between 0 and 1 or null`);
        if (!localized(o.label)) fail(`option ${q.id}.${o.id} needs a label in ${SURVEY_LANGUAGES.join(', ')}`);
      }
    }
  }
  return s;
}

export const RSS_SURVEY: Survey = checkSurvey(surveyFile as Survey);

// Field errors keyed `answers.<questionId>`: unknown questions, unknown options, and questions left unanswered.
export function answerErrors(survey: Survey, answers: Record<string, unknown>): FieldErrors {
  const errors: FieldErrors = {};
  const questions = new Map(survey.dimensions.flatMap((d) => d.questions).map((q) => [q.id, q]));
  for (const [id, optionId] of Object.entries(answers)) {
    const q = questions.get(id);
    if (!q) errors[`answers.${id}`] = 'is not a question of this survey';
    else if (typeof optionId !== 'string' || !q.options.some((o) => o.id === optionId)) {
      errors[`answers.${id}`] = `must be one of: ${q.options.map((o) => o.id).join(', ')}`;
    }
  }
  for (const id of questions.keys()) if (!(id in answers)) errors[`answers.${id}`] = 'is required';
  return errors;
}

// Scores stored as numeric(4,3); rounded once at the end so the overall uses the unrounded dimensions.
const round3 = (x: number) => Math.round((x + Number.EPSILON) * 1000) / 1000;

// Dimension = weighted mean of its applicable answers; overall = weighted mean of the dimensions. Answers must have
// passed answerErrors.
export function scoreAnswers(survey: Survey, answers: Answers): Scores {
  let overallSum = 0;
  let overallWeight = 0;
  const out = {} as Scores;
  for (const d of survey.dimensions) {
    let sum = 0;
    let weight = 0;
    for (const q of d.questions) {
      const option = q.options.find((o) => o.id === answers[q.id]);
      if (!option) throw new Error(`no valid answer to ${q.id}`);
      if (option.value === null) continue;
      sum += q.weight * (q.reverse ? 1 - option.value : option.value);
      weight += q.weight;
    }
    const score = sum / weight;
    out[d.id] = round3(score);
    overallSum += d.weight * score;
    overallWeight += d.weight;
  }
  out.overall = round3(overallSum / overallWeight);
  return out;
}

// The dimensions to work on first: the lowest-scoring one and every other within PRIORITY_MARGIN of it, as long as
// it is below PRIORITY_CEILING (a person doing well everywhere has no priority). Ties come out in DIMENSIONS order.
export const PRIORITY_MARGIN = 0.1;
export const PRIORITY_CEILING = 0.75;
export function priorityDimensions(scores: Record<Dimension, number>): Dimension[] {
  const lowest = Math.min(...DIMENSIONS.map((d) => scores[d]));
  if (!(lowest < PRIORITY_CEILING)) return [];
  return DIMENSIONS.filter((d) => scores[d] < PRIORITY_CEILING && round3(scores[d] - lowest) <= PRIORITY_MARGIN);
}
