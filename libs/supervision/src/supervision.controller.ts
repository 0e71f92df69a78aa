import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor, f, filterSpec, ListQuery, parseListQuery, RawListQuery, withContentRange } from '@kaytuu/shared';
import { CurrentActor, Roles } from '@kaytuu/access';
import { CASELOAD_SORTABLE, CaseloadFilter } from './caseload.repository';
import { CaseloadRowDto, DashboardDto, DashboardQuery, MyDashboardDto } from './supervision.dto';
import { SupervisionService } from './supervision.service';

type Res = { setHeader(n: string, v: string): void };

const parseFilter = filterSpec<CaseloadFilter>({ officeId: f.uuid(), id: f.uuids() });
const parseCaseload = (raw: RawListQuery): ListQuery<CaseloadFilter> =>
  parseListQuery(raw, { sortable: CASELOAD_SORTABLE, defaultSort: { field: 'openCases', order: 'DESC' }, parseFilter });

// Office-wide numbers are for supervisors (their office) and admins (any office); caseworkers get only their own.
@ApiTags('supervision')
@ApiBearerAuth()
@Roles('admin', 'supervisor')
@Controller()
export class SupervisionController {
  constructor(private readonly supervision: SupervisionService) {}

  @Get('caseload')
  async caseload(@CurrentActor() actor: Actor, @Query() raw: RawListQuery, @Res({ passthrough: true }) res: Res): Promise<CaseloadRowDto[]> {
    const q = parseCaseload(raw);
    return withContentRange(res, 'caseload', q, await this.supervision.listCaseload(actor, q));
  }

  @Get('dashboard')
  dashboard(@CurrentActor() actor: Actor, @Query() query: DashboardQuery): Promise<DashboardDto> {
    return this.supervision.getDashboard(actor, query.officeId);
  }

  @Roles('admin', 'supervisor', 'caseworker')
  @Get('dashboard/mine')
  mine(@CurrentActor() actor: Actor): Promise<MyDashboardDto> {
    return this.supervision.getMyDashboard(actor);
  }
}
