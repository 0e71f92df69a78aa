import { Injectable } from '@nestjs/common';
import { CASE_STATUSES, CASE_TYPES } from '@kaytuu/cases';
import { FollowUpService } from '@kaytuu/follow-ups';
import { Actor, Clock, CommonError, ListQuery, ListResult } from '@kaytuu/shared';
import { CaseloadFilter, CaseloadRepository } from './caseload.repository';
import { DashboardRepository } from './dashboard.repository';
import { CaseloadRowDto, DashboardDto, MyDashboardDto } from './supervision.dto';

const OPEN_STATUSES = CASE_STATUSES.filter((s) => s !== 'closed');

@Injectable()
export class SupervisionService {
  constructor(
    private readonly caseload: CaseloadRepository,
    private readonly dashboard: DashboardRepository,
    private readonly followUps: FollowUpService,
    private readonly clock: Clock,
  ) {}

  // A supervisor sees only their office; asking for another office finds nobody rather than an error that
  // would confirm the office exists.
  listCaseload(actor: Actor, q: ListQuery<CaseloadFilter>): Promise<ListResult<CaseloadRowDto>> {
    const officeId = this.scopeOffice(actor, q.filter.officeId);
    if (officeId === undefined) return Promise.resolve({ rows: [], total: 0 });
    return this.caseload.list(officeId, this.clock.now(), q);
  }

  async getDashboard(actor: Actor, requestedOfficeId?: string): Promise<DashboardDto> {
    const officeId = this.scopeOffice(actor, requestedOfficeId);
    if (officeId === undefined) throw CommonError.notFound('Office');
    const now = this.clock.now();
    const [openedVsClosed, openByStatus, overdueTrend, referralFunnel, followUpCompletion, returneesByOblast, returneesByReturnReason] = await Promise.all([
      this.dashboard.openedVsClosed(officeId, now, CASE_TYPES),
      this.dashboard.openByStatus(officeId, OPEN_STATUSES),
      this.dashboard.overdueTrend(officeId, now),
      this.dashboard.referralFunnel(officeId),
      this.dashboard.followUpCompletion(officeId, now),
      this.dashboard.returneesByOblast(officeId),
      this.dashboard.returneesByReturnReason(officeId),
    ]);
    return { openedVsClosed, openByStatus, overdueTrend, referralFunnel, followUpCompletion, returneesByOblast, returneesByReturnReason };
  }

  async getMyDashboard(actor: Actor): Promise<MyDashboardDto> {
    const [summary, myCasesByStatus] = await Promise.all([this.followUps.summary(actor), this.dashboard.myCasesByStatus(actor.userId, CASE_STATUSES)]);
    return { myOverdue: summary.overdue, myToday: summary.today, myCasesByStatus };
  }

  // null = every office (admin without a filter); undefined = outside the caller's scope.
  private scopeOffice(actor: Actor, requested?: string): string | null | undefined {
    if (actor.role === 'admin') return requested ?? null;
    if (!actor.officeId) return undefined;
    if (requested && requested !== actor.officeId) return undefined;
    return actor.officeId;
  }
}
