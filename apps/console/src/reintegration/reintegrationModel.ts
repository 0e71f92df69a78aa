// Kept free of React so the root jest can test it (test/console/reintegration-model.spec.ts).
// Mirrors GET /api/reintegration-scores/survey, i.e. libs/reintegration/src/rss-survey.json.

export const OCCASIONS = ['intake', 'monitoring_1m', 'monitoring_3m', 'monitoring_6m', 'monitoring_12m', 'other'] as const;
export type Occasion = (typeof OCCASIONS)[number];
export const SCORE_KEYS = ['overall', 'economic', 'social', 'psychosocial'] as const;
export type ScoreKey = (typeof SCORE_KEYS)[number];

type Localized = { ru: string; ky: string; en: string };
export type SurveyOption = { id: string; value: number | null; label: Localized };
export type SurveyQuestion = { id: string; weight: number; reverse?: boolean; text: Localized; options: SurveyOption[] };
export type SurveyDimension = { id: string; weight: number; label: Localized; questions: SurveyQuestion[] };
export type Survey = { version: string; dimensions: SurveyDimension[] };

export type ScoreRecord = {
  id: string;
  returneeId: string;
  occasion: Occasion;
  recordedAt: string;
  surveyVersion: string;
} & Record<ScoreKey, number>;

// The data file's text in the UI language; Russian (the file's most complete language) otherwise.
export const inLanguage = (l: Localized, locale: string): string => (locale === 'ky' || locale === 'en' || locale === 'ru' ? l[locale] : l.ru) || l.ru;

export const questionIds = (s: Survey): string[] => s.dimensions.flatMap((d) => d.questions.map((q) => q.id));

// Questions still without an answer, in the survey's order (the form marks them and focuses the first).
export const unanswered = (s: Survey, answers: Record<string, string>): string[] => questionIds(s).filter((id) => !answers[id]);

// Chart data: oldest first, whatever order the list came in.
export function chartSeries(rows: ScoreRecord[]): { dates: Date[] } & Record<ScoreKey, number[]> {
  const sorted = [...rows].sort((a, b) => a.recordedAt.localeCompare(b.recordedAt));
  return {
    dates: sorted.map((r) => new Date(r.recordedAt)),
    overall: sorted.map((r) => r.overall),
    economic: sorted.map((r) => r.economic),
    social: sorted.map((r) => r.social),
    psychosocial: sorted.map((r) => r.psychosocial),
  };
}

export const formatScore = (v: number | null | undefined): string => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(2) : '—');
