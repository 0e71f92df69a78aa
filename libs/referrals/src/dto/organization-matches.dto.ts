import { IsUUID } from 'class-validator';
import type { OrganizationDto } from '@kaytuu/directory';

// GET /api/referrals/matches?caseId=…
export class OrganizationMatchesQuery {
  @IsUUID('all', { message: 'must be a UUID' }) caseId: string;
}

// Why an organisation ranks where it does: 'oblast' (serves the oblast the person needs), 'sector:<sector>' (places
// in one of a job case's target sectors), 'capacity' (has places this month).
export type MatchReason = 'oblast' | 'capacity' | `sector:${string}`;
export type OrganizationMatchDto = { organization: OrganizationDto; score: number; reasons: MatchReason[] };
