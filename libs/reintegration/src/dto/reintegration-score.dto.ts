import { Occasion, ReintegrationScore } from '../reintegration-score.entity';

export type ReintegrationScoreDto = {
  id: string;
  returneeId: string;
  caseId: string | null;
  followUpId: string | null;
  occasion: Occasion;
  answers: Record<string, string>;
  economic: number;
  social: number;
  psychosocial: number;
  overall: number;
  surveyVersion: string;
  recordedBy: string | null;
  selfReported: boolean;
  recordedAt: string;
  createdAt: string;
};

export function toScoreDto(s: ReintegrationScore): ReintegrationScoreDto {
  return {
    id: s.id,
    returneeId: s.returneeId,
    caseId: s.caseId,
    followUpId: s.followUpId,
    occasion: s.occasion,
    answers: s.answers,
    economic: Number(s.economic),
    social: Number(s.social),
    psychosocial: Number(s.psychosocial),
    overall: Number(s.overall),
    surveyVersion: s.surveyVersion,
    recordedBy: s.recordedBy,
    selfReported: s.selfReported,
    recordedAt: s.recordedAt.toISOString(),
    createdAt: s.createdAt.toISOString(),
  };
}
