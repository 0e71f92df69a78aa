import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Roles, UserService } from '@kaytuu/access';
import {
  AUDIT_ACTIONS,
  AUDIT_LOG_SORTABLE,
  AuditActorLookup,
  AuditChainReport,
  AuditLogDto,
  AuditLogFilter,
  AuditLogIdParam,
  AuditService,
} from '@kaytuu/audit';
import { CommonError, f, filterSpec, parseListQuery, RawListQuery, withContentRange } from '@kaytuu/shared';

type Res = { setHeader(n: string, v: string): void };
const ID_RE = /^[1-9]\d{0,17}$/;
// `q` (actor email or name) is resolved to actor ids through the access context before the audit lib sees the filter.
type AuditListFilter = Omit<AuditLogFilter, 'actorIds'> & { q?: string };
const auditFilter = filterSpec<AuditListFilter>({
  actorId: f.uuid(),
  action: f.someOf(AUDIT_ACTIONS),
  entity: f.string(64),
  entityId: f.string(200),
  from: f.date(),
  to: f.date(),
  q: f.string(200),
  id: (v, k) => {
    const arr = Array.isArray(v) ? v : [v];
    if (arr.length > 500 || !arr.every((x) => (typeof x === 'string' || typeof x === 'number') && ID_RE.test(String(x)))) {
      throw CommonError.validation({ [`filter.${k}`]: 'must be an id or a list of ids' });
    }
    return arr.map(String);
  },
});

// Here rather than in libs/audit: the access context (roles) itself writes audit rows, so the audit lib cannot import
// it. Admin only; reads of the audit log are not themselves audited row by row.
@ApiTags('audit')
@ApiBearerAuth()
@Roles('admin')
// The log is the list resource `/api/audit-logs` (the ra-data-simple-rest dialect of every list, README "API
// conventions"); the chain check is `/api/audit/verify` (README "Tamper-evident audit log").
@Controller()
export class AuditController {
  private readonly actorsOf: AuditActorLookup;

  constructor(
    private readonly audit: AuditService,
    private readonly users: UserService,
  ) {
    this.actorsOf = (ids) => this.users.identitiesByIds(ids);
  }

  @Get('audit-logs')
  @ApiOperation({ summary: 'Audit log, newest first (ra-data-simple-rest list; filters actorId, action, entity, entityId, from, to, q, id)' })
  @ApiQuery({ name: 'sort', required: false, example: '["id","DESC"]', description: `one of ${AUDIT_LOG_SORTABLE.join(', ')}` })
  @ApiQuery({ name: 'range', required: false, example: '[0,24]' })
  @ApiQuery({ name: 'filter', required: false, example: '{"action":["update"],"from":"2026-11-01","q":"admin@"}' })
  async list(@Query() raw: RawListQuery, @Res({ passthrough: true }) res: Res): Promise<AuditLogDto[]> {
    const q = parseListQuery(raw, { sortable: AUDIT_LOG_SORTABLE, defaultSort: { field: 'id', order: 'DESC' }, parseFilter: auditFilter });
    const { q: actorText, ...filter } = q.filter;
    const actorIds = actorText ? await this.users.idsMatching(actorText) : undefined;
    return withContentRange(res, 'audit-logs', q, await this.audit.list({ ...q, filter: { ...filter, actorIds } }, this.actorsOf));
  }

  @Get('audit/verify')
  @ApiOperation({ summary: 'Seals pending rows, then walks the hash chain and reports its first broken link' })
  verify(): Promise<AuditChainReport> {
    return this.audit.verify();
  }

  @Get('audit-logs/:id')
  get(@Param() p: AuditLogIdParam): Promise<AuditLogDto> {
    return this.audit.get(p.id, this.actorsOf);
  }
}
