import { NeedsAssessment } from '../needs-assessment.entity';
import { Occasion } from '../reintegration-score.entity';
import type { Dimension } from '../rss-scoring';

export type AssessmentDto = {
  id: string;
  returneeId: string;
  formVersion: string;
  answers: Record<string, string>;
  scores: Record<Dimension, number>;
  composite: number;
  priorities: Dimension[];
  selfReported: boolean;
  occasion: Occasion;
  followUpId: string | null;
  takenAt: string;
  takenBy: string;
  takenByName: string | null;
  createdAt: string;
};

// numeric columns come back from pg as strings
export function toAssessmentDto(a: NeedsAssessment, answers: Record<string, string>, takenByName: string | null): AssessmentDto {
  return {
    id: a.id,
    returneeId: a.returneeId,
    formVersion: a.formVersion,
    answers,
    scores: { economic: Number(a.economic), social: Number(a.social), psychosocial: Number(a.psychosocial) },
    composite: Number(a.composite),
    priorities: a.priorities,
    selfReported: a.selfReported,
    occasion: a.occasion,
    followUpId: a.followUpId,
    takenAt: a.takenAt.toISOString(),
    takenBy: a.takenBy,
    takenByName,
    createdAt: a.createdAt.toISOString(),
  };
}
