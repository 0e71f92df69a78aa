// No imports on purpose (the root jest checks this file directly, while the console bundles it): test/console/assessment-model.spec.ts.
// Mirrors /api/assessments (libs/reintegration/src/dto/assessment.dto.ts) and its forms (needs-assessment*.json).

// the occasions of reintegrationModel.ts (one vocabulary for the survey and the assessment)
type Occasion = 'intake' | 'monitoring_1m' | 'monitoring_3m' | 'monitoring_6m' | 'monitoring_12m' | 'other';

export const ASSESSMENT_DIMENSIONS = ['economic', 'social', 'psychosocial'] as const;
export type AssessmentDimension = (typeof ASSESSMENT_DIMENSIONS)[number];
// the chart's and the table's columns: the composite first, then each dimension
export const ASSESSMENT_KEYS = ['composite', ...ASSESSMENT_DIMENSIONS] as const;
export type AssessmentKey = (typeof ASSESSMENT_KEYS)[number];

export type Assessment = {
  id: string;
  returneeId: string;
  formVersion: string;
  answers: Record<string, string>;
  scores: Record<AssessmentDimension, number>;
  composite: number;
  priorities: AssessmentDimension[];
  selfReported: boolean;
  occasion: Occasion;
  followUpId: string | null;
  takenAt: string;
  takenBy: string;
  takenByName: string | null;
};

export const scoreOf = (a: Pick<Assessment, 'scores' | 'composite'>, k: AssessmentKey): number => (k === 'composite' ? a.composite : a.scores[k]);

// Chart data: oldest first, whatever order the list came in; one series per dimension and the composite.
export function assessmentSeries(rows: Assessment[]): { dates: Date[] } & Record<AssessmentKey, number[]> {
  const sorted = [...rows].sort((a, b) => a.takenAt.localeCompare(b.takenAt));
  return {
    dates: sorted.map((r) => new Date(r.takenAt)),
    composite: sorted.map((r) => r.composite),
    economic: sorted.map((r) => r.scores.economic),
    social: sorted.map((r) => r.scores.social),
    psychosocial: sorted.map((r) => r.scores.psychosocial),
  };
}

// The occasion a new assessment most likely is: intake for the first one, else the one the staff pick.
export const nextOccasion = (taken: number): Occasion => (taken === 0 ? 'intake' : 'other');

// The payload of POST /api/assessments from the dialog's values.
export function toAssessmentCreate(
  returneeId: string,
  formVersion: string,
  v: { occasion: Occasion; answers: Record<string, string>; selfReported?: boolean },
  followUpId?: string,
): Record<string, unknown> {
  return {
    returneeId,
    formVersion,
    occasion: v.occasion,
    answers: v.answers,
    selfReported: v.selfReported === true,
    ...(followUpId ? { followUpId } : {}),
  };
}
