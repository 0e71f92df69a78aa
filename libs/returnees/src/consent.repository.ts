import { Injectable } from '@nestjs/common';
import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { findPageWithTotal, ListQuery, ListResult } from '@kaytuu/shared';
import { Consent } from './consent.entity';
import { ReturneeScope } from './returnee.repository';
import { ConsentScope } from './returnee.types';

export type ConsentFilter = { returneeId?: string; active?: boolean; id?: string[] };
export const CONSENT_SORTABLE = ['givenAt', 'createdAt', 'id'] as const;
const SORT_COLUMNS: Record<(typeof CONSENT_SORTABLE)[number], string> = { givenAt: 'c.given_at', createdAt: 'c.created_at', id: 'c.id' };

// In force at :at — the SQL twin of isConsentActiveAt (dto/consent.dto.ts); keep the two identical.
const ACTIVE_AT = '(c.given_at <= :at AND (c.withdrawn_at IS NULL OR c.withdrawn_at > :at) AND (c.expires_at IS NULL OR c.expires_at > :at))';

@Injectable()
export class ConsentRepository {
  // A consent is visible exactly when its returnee is: live and, for office staff, of their office.
  private scoped(m: EntityManager, scope: ReturneeScope): SelectQueryBuilder<Consent> {
    const qb = m.getRepository(Consent).createQueryBuilder('c').innerJoin('returnee', 'r', 'r.id = c.returnee_id AND r.deleted_at IS NULL');
    if (scope.kind === 'office') qb.andWhere('r.office_id = :scopeOfficeId', { scopeOfficeId: scope.officeId });
    return qb;
  }

  async findPageInScope(m: EntityManager, scope: ReturneeScope, q: ListQuery<ConsentFilter>, now: Date): Promise<ListResult<Consent>> {
    const qb = this.scoped(m, scope);
    const f = q.filter;
    if (f.returneeId) qb.andWhere('c.returnee_id = :returneeId', { returneeId: f.returneeId });
    if (f.id) qb.andWhere(f.id.length ? 'c.id IN (:...ids)' : 'false', { ids: f.id });
    if (f.active !== undefined) qb.andWhere(f.active ? ACTIVE_AT : `NOT ${ACTIVE_AT}`, { at: now });
    const column = SORT_COLUMNS[q.sort.field as keyof typeof SORT_COLUMNS] ?? SORT_COLUMNS.givenAt;
    qb.orderBy(column, q.sort.order).addOrderBy('c.id', q.sort.order);
    return findPageWithTotal(qb, q, m);
  }

  findOneInScope(m: EntityManager, scope: ReturneeScope, id: string): Promise<Consent | null> {
    return this.scoped(m, scope).andWhere('c.id = :id', { id }).getOne();
  }

  findById(m: EntityManager, id: string): Promise<Consent | null> {
    return m.getRepository(Consent).findOneBy({ id });
  }

  async findByReturneeIds(m: EntityManager, returneeIds: string[]): Promise<Consent[]> {
    if (returneeIds.length === 0) return [];
    // read on every show page: explicit columns mapped once
    return (await m.query(
      `SELECT c.id AS "id", c.returnee_id AS "returneeId", c.scope AS "scope", c.given_at AS "givenAt", c.expires_at AS "expiresAt",
              c.withdrawn_at AS "withdrawnAt", c.recorded_by AS "recordedBy", c.created_at AS "createdAt"
         FROM consent c WHERE c.returnee_id = ANY($1::uuid[]) ORDER BY c.given_at`,
      [returneeIds],
    )) as Consent[];
  }

  async findByIds(m: EntityManager, ids: string[]): Promise<Consent[]> {
    if (ids.length === 0) return [];
    return m.getRepository(Consent).createQueryBuilder('c').where('c.id IN (:...ids)', { ids }).getMany();
  }

  // Which of the returnees have a consent in force at `at` whose scope covers all of `scopes` (one query for a batch).
  async returneesWithActiveCovering(m: EntityManager, returneeIds: string[], scopes: ConsentScope[], at: Date): Promise<Set<string>> {
    if (returneeIds.length === 0) return new Set();
    const rows = await m
      .getRepository(Consent)
      .createQueryBuilder('c')
      .select('DISTINCT c.returnee_id', 'returnee_id')
      .where('c.returnee_id IN (:...returneeIds)', { returneeIds })
      .andWhere(ACTIVE_AT, { at })
      .andWhere('c.scope @> CAST(:scopes AS text[])', { scopes })
      .getRawMany<{ returnee_id: string }>();
    return new Set(rows.map((r) => r.returnee_id));
  }

  // The latest-given consent of the returnee in force at `at` whose scope covers all of `scopes`.
  findLatestActiveCovering(m: EntityManager, returneeId: string, scopes: ConsentScope[], at: Date): Promise<Consent | null> {
    return m
      .getRepository(Consent)
      .createQueryBuilder('c')
      .where('c.returnee_id = :returneeId', { returneeId })
      .andWhere(ACTIVE_AT, { at })
      .andWhere('c.scope @> CAST(:scopes AS text[])', { scopes })
      .orderBy('c.given_at', 'DESC')
      .addOrderBy('c.created_at', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .limit(1)
      .getOne();
  }

  async insert(
    m: EntityManager,
    row: { returneeId: string; scope: ConsentScope[]; givenAt: Date; expiresAt?: Date | null; recordedBy: string | null },
  ): Promise<string> {
    const res = await m.getRepository(Consent).insert(row);
    return (res.identifiers[0] as { id: string }).id;
  }

  // Only a consent not yet withdrawn changes, so two concurrent withdrawals cannot both succeed.
  async markWithdrawn(m: EntityManager, id: string, at: Date): Promise<boolean> {
    const res = await m
      .getRepository(Consent)
      .createQueryBuilder()
      .update()
      .set({ withdrawnAt: at })
      .where('id = :id AND withdrawn_at IS NULL', { id })
      .execute();
    return (res.affected ?? 0) > 0;
  }
}
