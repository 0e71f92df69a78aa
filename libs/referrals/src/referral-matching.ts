import { Injectable } from '@nestjs/common';
import { Actor, DomainError, Oblast, OBLASTS } from '@kaytuu/shared';
import { CaseService } from '@kaytuu/cases';
import { DirectoryService, OrganizationDto } from '@kaytuu/directory';
import { ReturneeService } from '@kaytuu/returnees';
import { MatchReason, OrganizationMatchDto } from './dto/organization-matches.dto';

export const MAX_MATCHES = 20;
export type MatchCriteria = { oblast: Oblast | null; sectors: readonly string[] };

// THE ranking rule for partner suggestions: +2 serves the oblast, +1 per shared job sector, +1 has places this month.
// Candidates come in name order and the sort is stable, so ties read alphabetically.
export function rankOrganizations(candidates: readonly OrganizationDto[], criteria: MatchCriteria, limit = MAX_MATCHES): OrganizationMatchDto[] {
  const sectors = [...new Set(criteria.sectors)];
  return candidates
    .map((organization) => {
      const reasons: MatchReason[] = [];
      if (criteria.oblast && organization.oblasts.includes(criteria.oblast)) reasons.push('oblast');
      for (const s of sectors) if ((organization.sectors as readonly string[]).includes(s)) reasons.push(`sector:${s}`);
      if ((organization.capacity ?? 0) > 0) reasons.push('capacity');
      const score = reasons.reduce((sum, r) => sum + (r === 'oblast' ? 2 : 1), 0);
      return { organization, score, reasons };
    })
    .sort((a, b) => b.score - a.score)
    .slice(0, limit);
}

const asOblast = (v: unknown): Oblast | null => (typeof v === 'string' && (OBLASTS as readonly string[]).includes(v) ? (v as Oblast) : null);
const asStrings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

// Which partners to suggest for a case: active organisations providing the case's type, ranked for the place the
// person needs the service (a job case's desired oblast, otherwise where the returnee lives) and a job case's sectors.
@Injectable()
export class ReferralMatchingService {
  constructor(
    private readonly cases: CaseService,
    private readonly returnees: ReturneeService,
    private readonly directory: DirectoryService,
  ) {}

  async suggestOrganizations(actor: Actor, caseId: string): Promise<OrganizationMatchDto[]> {
    // 404 outside the caller's scope, before anything else is read
    const c = await this.cases.getCase(actor, caseId);
    const job = c.type === 'job_placement';
    const details = c.details ?? {};
    const oblast = (job ? asOblast(details.desiredOblast) : null) ?? (await this.returneeOblast(actor, c.returneeId));
    const candidates = await this.directory.activeProvidersOf(c.type);
    return rankOrganizations(candidates, { oblast, sectors: job ? asStrings(details.targetSectors) : [] });
  }

  // A read of the returnee's record, audited by the returnees context; a returnee gone since leaves no oblast to match.
  private async returneeOblast(actor: Actor, returneeId: string): Promise<Oblast | null> {
    try {
      return (await this.returnees.getReturnee(actor, returneeId)).oblast;
    } catch (err) {
      if (err instanceof DomainError && err.status === 404) return null;
      throw err;
    }
  }
}
