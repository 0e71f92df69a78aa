import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { findPageWithTotal, ListQuery, ListResult } from '@kaytuu/shared';
import { AuditAction, AuditLog } from './audit-log.entity';
import { AuditQuery } from './audit-chain';

// `actorIds`: the caller resolves a text search on actors (email, name) through the access context's UserService.
export type AuditLogFilter = {
  actorId?: string;
  actorIds?: string[];
  action?: AuditAction[];
  entity?: string;
  entityId?: string;
  from?: string;
  to?: string;
  id?: string[];
};
export type AuditActorName = { email: string; fullName: string };
// id → email and name of the actors asked for (UserService.identitiesByIds)
export type AuditActorLookup = (ids: string[]) => Promise<Map<string, AuditActorName>>;

const SORT: Record<string, string> = { id: 'a.id', at: 'a.at', seq: 'a.seq' };
export const AUDIT_LOG_SORTABLE = Object.keys(SORT);

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

// Inserts and reads only: the app's database role may INSERT and SELECT audit_log, nothing else (sealing goes through
// audit_seal()). Actors are ids here; their names come from the access context (UserService), never from its tables.
export type AuditRow = Pick<AuditLog, 'actorId' | 'ip' | 'action' | 'entity' | 'entityId' | 'diff'>;
@Injectable()
export class AuditLogRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  // On the caller's manager, so the rows commit or roll back with the change they record.
  // Written by every audited read (the returnee show page among them): one hand-written INSERT, no query building.
  async insert(rows: AuditRow[], m: EntityManager = this.ds.manager): Promise<void> {
    if (rows.length === 0) return;
    const params: unknown[] = [];
    const values = rows.map((r) => {
      const n = params.push(r.actorId ?? null, r.ip ?? null, r.action, r.entity, r.entityId ?? null, r.diff == null ? null : JSON.stringify(r.diff));
      return `($${n - 5}, $${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n}::jsonb)`;
    });
    await m.query(`INSERT INTO audit_log (actor_id, ip, action, entity, entity_id, diff) VALUES ${values.join(', ')}`, params);
  }

  // Many `create` rows of one actor in a single INSERT … SELECT (bulk imports: thousands of rows, one statement).
  async insertCreations(
    actor: Pick<AuditRow, 'actorId' | 'ip'>,
    entity: string,
    rows: Array<{ entityId: string; diff: Record<string, unknown> | null }>,
    m: EntityManager = this.ds.manager,
  ): Promise<void> {
    if (rows.length === 0) return;
    await m.query(
      `INSERT INTO audit_log (actor_id, ip, action, entity, entity_id, diff)
       SELECT $1, $2, 'create', $3, e.id, e.diff FROM jsonb_to_recordset($4::jsonb) AS e(id text, diff jsonb)`,
      [actor.actorId, actor.ip, entity, JSON.stringify(rows.map((r) => ({ id: r.entityId, diff: r.diff })))],
    );
  }

  findPage(q: ListQuery<AuditLogFilter>): Promise<ListResult<AuditLog>> {
    const f = q.filter;
    const qb = this.ds.getRepository(AuditLog).createQueryBuilder('a');
    if (f.actorId) qb.andWhere('a.actor_id = :actorId', { actorId: f.actorId });
    if (f.action) qb.andWhere('a.action IN (:...actions)', { actions: f.action });
    if (f.entity) qb.andWhere('a.entity = :entity', { entity: f.entity });
    if (f.entityId) qb.andWhere('a.entity_id = :entityId', { entityId: f.entityId });
    // a bare date is a whole day in Bishkek (UTC+6 all year, as everywhere in the app): from its start, to its end
    if (f.from) qb.andWhere('a.at >= :from', { from: new Date(DATE_ONLY.test(f.from) ? `${f.from}T00:00:00+06:00` : f.from) });
    if (f.to) {
      if (DATE_ONLY.test(f.to)) qb.andWhere('a.at < :to', { to: new Date(Date.parse(`${f.to}T00:00:00+06:00`) + 86_400_000) });
      else qb.andWhere('a.at <= :to', { to: new Date(f.to) });
    }
    if (f.id) qb.andWhere('a.id IN (:...ids)', { ids: f.id });
    if (f.actorIds) {
      if (f.actorIds.length === 0) qb.andWhere('false');
      else qb.andWhere('a.actor_id IN (:...actorIds)', { actorIds: f.actorIds });
    }
    qb.orderBy(SORT[q.sort.field], q.sort.order, q.sort.order === 'DESC' ? 'NULLS FIRST' : 'NULLS LAST');
    if (q.sort.field !== 'id') qb.addOrderBy('a.id', q.sort.order);
    return findPageWithTotal(qb, q);
  }

  findById(id: string): Promise<AuditLog | null> {
    return this.ds.getRepository(AuditLog).findOne({ where: { id } });
  }

  // audit_seal() is SECURITY DEFINER (owned by the migrating role): it may fill seq/prev_hash/hash, the app role may not.
  async sealBatch(maxRows: number): Promise<number> {
    const rows: Array<{ n: number }> = await this.ds.query(`SELECT audit_seal($1) AS n`, [maxRows]);
    return rows[0].n;
  }

  readonly query: AuditQuery = async (sql, params) => ({ rows: await this.ds.query(sql, params) });
}
