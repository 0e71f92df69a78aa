import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, CommonError, DomainError } from '@kaytuu/shared';
import { ReturneeLookupService } from '@kaytuu/returnees';
import { presentDetails } from './case-details';
import { CaseType } from './case-file.entity';
import { CaseRepository } from './case-file.repository';
import { CaseStatus } from './case-workflow';
import { canSeeDetails } from './dto/case.dto';

// What the follow-ups context needs of a case it schedules on (a follow-up carries the case's office and returnee).
// `details` as stored, or null when the actor may not see them (health details of a colleague's case).
export type CaseForFollowUp = {
  id: string;
  code: string;
  type: CaseType;
  title: string;
  officeId: string;
  returneeId: string;
  assigneeId: string | null;
  status: CaseStatus;
  returneeName: string | null;
  details: Record<string, unknown> | null;
};
export type CasePlanLink = { id: string; code: string; type: CaseType; status: CaseStatus; officeId: string; returneeId: string };
// How a notification names a case: its code and the returnee's name (null when the returnee is gone).
export type CaseLabel = { code: string; returneeName: string | null };
// What the referrals context shows of a referred case; details as presented (pension months computed). Whether a
// partner may see health details is the referrals context's decision (consent), not this one's.
export type CaseReferralView = {
  id: string;
  code: string;
  type: CaseType;
  title: string;
  status: CaseStatus;
  officeId: string;
  assigneeId: string | null;
  details: Record<string, unknown>;
};

// Cases as other contexts read them (follow-ups, referrals, reminders): a case in the caller's scope inside its
// transaction, and set-wise labels and views of ids the caller already holds. Changes with what those contexts need,
// not with the case pages.
@Injectable()
export class CaseQueryService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly cases: CaseRepository,
    private readonly returnees: ReturneeLookupService,
  ) {}

  // The same scope as GET /api/cases/:id (404 outside it), read in the caller's transaction.
  async requireCaseForFollowUp(actor: Actor, caseId: string, m: EntityManager): Promise<CaseForFollowUp> {
    const c = await this.cases.findOneInScope(actor, caseId, m);
    if (!c) throw CommonError.notFound('Case');
    // the name is read on the same manager: a second pool connection inside a transaction can starve the pool under load
    const returneeName = await this.returnees.requireInScope(actor, c.returneeId, m).then(
      (r) => r.fullName,
      (err: unknown) => {
        if (err instanceof DomainError && err.status === 404) return null;
        throw err;
      },
    );
    return {
      id: c.id,
      code: c.code,
      type: c.type,
      title: c.title,
      officeId: c.officeId,
      returneeId: c.returneeId,
      assigneeId: c.assigneeId,
      status: c.status,
      returneeName,
      details: canSeeDetails(c, actor) ? c.details : null,
    };
  }

  // id → label of each live case among `ids` (deleted ones are absent), read set-wise on the caller's manager; no scope
  // check: for system work (reminder delivery) on ids the caller already holds.
  async labelsByIds(ids: string[], m: EntityManager): Promise<Map<string, CaseLabel>> {
    const rows = await this.cases.findLiveLabels(m, [...new Set(ids)]);
    const names = await this.returnees.namesByIds(
      rows.map((c) => c.returneeId),
      m,
    );
    return new Map(rows.map((c) => [c.id, { code: c.code, returneeName: names.get(c.returneeId) ?? null }]));
  }

  // Ids of the live cases assigned to a user ("mine" filters in other contexts).
  assignedCaseIds(userId: string): Promise<string[]> {
    return this.cases.findIdsAssignedTo(this.ds.manager, userId);
  }

  // Set-wise, no scope check: the referrals context passes only ids of referrals it already scoped.
  async referralViewsByIds(ids: string[], m: EntityManager = this.ds.manager): Promise<Map<string, CaseReferralView>> {
    const rows = await this.cases.findLiveByIds(m, [...new Set(ids)]);
    return new Map(
      rows.map((c) => [
        c.id,
        {
          id: c.id,
          code: c.code,
          type: c.type,
          title: c.title,
          status: c.status,
          officeId: c.officeId,
          assigneeId: c.assigneeId,
          details: presentDetails(c.type, c.details),
        },
      ]),
    );
  }

  // What a reintegration plan's action shows and checks of a linked case (returnee, office, status); set-wise, live cases
  // only, no scope check (the plans context compares returnee and office with its plan's, which it scoped).
  async planLinksByIds(ids: string[], m: EntityManager = this.ds.manager): Promise<Map<string, CasePlanLink>> {
    const rows = await this.cases.findLiveByIds(m, [...new Set(ids)]);
    return new Map(rows.map((c) => [c.id, { id: c.id, code: c.code, type: c.type, status: c.status, officeId: c.officeId, returneeId: c.returneeId }]));
  }

  // The live cases of a returnee that are not closed, newest first, with their stored details (the recovery context
  // proposes document recovery from their checklists); no scope check: the caller has scoped the returnee.
  async openCasesOfReturnee(returneeId: string, m: EntityManager = this.ds.manager): Promise<Array<CasePlanLink & { details: Record<string, unknown> }>> {
    const ids = (await m.query(`SELECT id FROM case_file WHERE returnee_id = $1 AND deleted_at IS NULL AND status <> 'closed' ORDER BY opened_at DESC, id`, [
      returneeId,
    ])) as Array<{ id: string }>;
    const byId = new Map(
      (
        await this.cases.findLiveByIds(
          m,
          ids.map((r) => r.id),
        )
      ).map((c) => [c.id, c]),
    );
    return ids.flatMap(({ id }) => {
      const c = byId.get(id);
      return c ? [{ id: c.id, code: c.code, type: c.type, status: c.status, officeId: c.officeId, returneeId: c.returneeId, details: c.details }] : [];
    });
  }

  // id → case code for lists in other contexts; no scope check (the caller shows only rows it already scoped).
  async codesByIds(ids: string[]): Promise<Map<string, string>> {
    return this.cases.findCodesByIds([...new Set(ids)]);
  }
}
