import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { UserService } from '@kaytuu/access';
import { CASE_STATUSES, CASE_TYPES } from '@kaytuu/cases';
import { FollowUpService } from '@kaytuu/follow-ups';
import { PLAN_STATUSES } from '@kaytuu/plans';
import { Actor, appConfig, Clock, CommonError, ListQuery, ListResult, ResultCache } from '@kaytuu/shared';
import { CaseloadFilter, CaseloadRepository } from './caseload.repository';
import { DashboardRepository } from './dashboard.repository';
import { CaseloadRowDto, DashboardDto, MyDashboardDto } from './supervision.dto';

const OPEN_STATUSES = CASE_STATUSES.filter((s) => s !== 'closed');

@Injectable()
export class SupervisionService {
  private readonly dashboards: ResultCache<DashboardDto>;

  constructor(
    private readonly caseload: CaseloadRepository,
    private readonly dashboard: DashboardRepository,
    private readonly followUps: FollowUpService,
    private readonly users: UserService,
    private readonly clock: Clock,
    @Inject(appConfig.KEY) cfg: ConfigType<typeof appConfig>,
  ) {
    this.dashboards = new ResultCache({ ttlMs: cfg.dashboardCacheSeconds * 1000, minComputeMs: cfg.aggregateCacheMinComputeMs });
  }

  // A supervisor sees only their office; asking for another office finds nobody rather than an error that
  // would confirm the office exists.
  // The people are the access context's (UserService), their load is counted here.
  async listCaseload(actor: Actor, q: ListQuery<CaseloadFilter>): Promise<ListResult<CaseloadRowDto>> {
    const officeId = this.scopeOffice(actor, q.filter.officeId);
    if (officeId === undefined) return { rows: [], total: 0 };
    const staff = await this.users.officeStaff(officeId, q.filter.id);
    return this.caseload.list(staff, officeId, this.clock.now(), q);
  }

  // Each figure is a small read of the rollups (migration DashboardRollups, milliseconds at 1M returnees), so the
  // result cache is off by default (DASHBOARD_CACHE_SECONDS=0) and every request sees the last committed change;
  // an operator may still turn it on (see ResultCache).
  async getDashboard(actor: Actor, requestedOfficeId?: string): Promise<DashboardDto> {
    const officeId = this.scopeOffice(actor, requestedOfficeId);
    if (officeId === undefined) throw CommonError.notFound('Office');
    return this.dashboards.get(officeId ?? 'all', () => this.computeDashboard(officeId));
  }

  private async computeDashboard(officeId: string | null): Promise<DashboardDto> {
    const now = this.clock.now();
    return { generatedAt: now.toISOString(), ...(await this.dashboard.dashboard(officeId, now, CASE_TYPES, OPEN_STATUSES, PLAN_STATUSES)) };
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
