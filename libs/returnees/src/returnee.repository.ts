import { Injectable } from '@nestjs/common';
import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { applyReturneeFilter, ReturneeFilter, sortColumn } from './returnee-filter';
import { isEmptyPlan, SearchPlan } from './returnee-search';
import { Returnee } from './returnee.entity';

// Who may see which rows: admins everything, office staff one office. Applied in every query, never after the fact.
export type ReturneeScope = { kind: 'all' } | { kind: 'office'; officeId: string };

export type ReturneeListQuery = {
  filter: ReturneeFilter;
  search: SearchPlan | null;
  sort: { field: string; order: 'ASC' | 'DESC' };
  rankBySearch: boolean;
  offset: number;
  limit: number;
  today: string;
};

export type ReturneeRef = { id: string; code: string; officeId: string };
export type ReturneeNameRow = { id: string; officeId: string; lastName: string; firstName: string; patronymic: string | null };
export type DuplicateRow = { id: string; code: string; lastName: string; firstName: string; patronymic: string | null; birthDate: string };

// pg_trgm's word-similarity threshold used by the `<%` operator (and its GIN index) as a coarse prefilter; the exact
// test (edit distance or containment) follows in the same WHERE clause.
const TRGM_PREFILTER = 0.15;
// a query word mostly contained in a name word (a prefix such as "асан" in "асанов") matches without an edit budget
const CONTAINMENT = 0.5;
// same birth date and a name this similar is reported as a possible duplicate
const DUPLICATE_SIMILARITY = 0.6;

@Injectable()
export class ReturneeRepository {
  private scoped(m: EntityManager, scope: ReturneeScope): SelectQueryBuilder<Returnee> {
    const qb = m.getRepository(Returnee).createQueryBuilder('r').where('r.deleted_at IS NULL');
    if (scope.kind === 'office') qb.andWhere('r.office_id = :scopeOfficeId', { scopeOfficeId: scope.officeId });
    return qb;
  }

  async findLiveInScope(m: EntityManager, scope: ReturneeScope, id: string, lock = false): Promise<Returnee | null> {
    const qb = this.scoped(m, scope).andWhere('r.id = :id', { id });
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  async findNameInScope(m: EntityManager, scope: ReturneeScope, id: string): Promise<ReturneeNameRow | null> {
    const row = await this.scoped(m, scope)
      .select(['r.id', 'r.officeId', 'r.lastName', 'r.firstName', 'r.patronymic'])
      .andWhere('r.id = :id', { id })
      .getOne();
    return row ? { id: row.id, officeId: row.officeId, lastName: row.lastName, firstName: row.firstName, patronymic: row.patronymic } : null;
  }

  // Deleted records keep their names: cases and audit views still need to say whom they were about.
  async findLiveByIds(m: EntityManager, ids: string[]): Promise<Returnee[]> {
    if (ids.length === 0) return [];
    return m.getRepository(Returnee).createQueryBuilder('r').where('r.id IN (:...ids) AND r.deleted_at IS NULL', { ids }).getMany();
  }

  async findNamesByIds(m: EntityManager, ids: string[]): Promise<ReturneeNameRow[]> {
    if (ids.length === 0) return [];
    return m.query(
      `SELECT id, office_id AS "officeId", last_name AS "lastName", first_name AS "firstName", patronymic FROM returnee WHERE id = ANY($1::uuid[])`,
      [ids],
    );
  }

  async list(m: EntityManager, scope: ReturneeScope, q: ReturneeListQuery): Promise<{ rows: Returnee[]; total: number }> {
    const qb = this.scoped(m, scope);
    applyReturneeFilter(qb, q.filter, q.today);
    if (q.search) await this.applySearch(m, qb, q.search, q.rankBySearch);
    if (!(q.search && q.rankBySearch)) qb.orderBy(sortColumn(q.sort.field), q.sort.order, q.sort.order === 'ASC' ? 'NULLS LAST' : 'NULLS FIRST');
    qb.addOrderBy('r.id', 'ASC').offset(q.offset).limit(q.limit);
    const [rows, total] = await qb.getManyAndCount();
    return { rows, total };
  }

  // The ids `filter.q` matches in scope (same SQL as the list), best matches first, for other contexts' searches.
  async findIdsMatching(m: EntityManager, scope: ReturneeScope, plan: SearchPlan, limit: number): Promise<string[]> {
    const qb = this.scoped(m, scope).select('r.id', 'id');
    await this.applySearch(m, qb, plan, true);
    const rows: Array<{ id: string }> = await qb.addOrderBy('r.id', 'ASC').limit(limit).getRawMany();
    return rows.map((r) => r.id);
  }

  // filter.q: exact code / PIN / phone, or every name token close to some word of the folded name.
  private async applySearch(m: EntityManager, qb: SelectQueryBuilder<Returnee>, plan: SearchPlan, rank: boolean): Promise<void> {
    if (isEmptyPlan(plan)) {
      qb.andWhere('false');
      return;
    }
    const exact: string[] = [];
    if (plan.code) exact.push('lower(r.code) = :qCode');
    if (plan.pin) exact.push('r.pin = :qPin');
    if (plan.phone) exact.push('r.phone = :qPhone');
    const names = plan.tokens.map(
      (_t, i) =>
        `(:qTok${i} <% r.search_text AND (word_similarity(:qTok${i}, r.search_text) >= ${CONTAINMENT} OR EXISTS (` +
        `SELECT 1 FROM unnest(string_to_array(r.search_text, ' ')) AS w(word) WHERE levenshtein_less_equal(w.word, :qTok${i}, :qEdits${i}) <= :qEdits${i})))`,
    );
    const alternatives = [...exact, ...(names.length ? [`(${names.join(' AND ')})`] : [])];
    qb.andWhere(`(${alternatives.join(' OR ')})`, { qCode: plan.code, qPin: plan.pin, qPhone: plan.phone });
    plan.tokens.forEach((t, i) => qb.setParameter(`qTok${i}`, t.token).setParameter(`qEdits${i}`, t.maxEdits));
    if (names.length) {
      // set_config(…, true) is local to the surrounding transaction, so the threshold never leaks to pooled connections
      await m.query(`SELECT set_config('pg_trgm.word_similarity_threshold', $1, true)`, [String(TRGM_PREFILTER)]);
    }
    if (rank) {
      const exactHit = exact.length ? `CASE WHEN ${exact.join(' OR ')} THEN 2 ELSE 0 END` : '0';
      qb.addSelect(`${exactHit} + GREATEST(word_similarity(:qSkel, r.search_text), word_similarity(:qRaw, r.search_text))`, 'q_rank')
        .setParameter('qSkel', plan.skeleton)
        .setParameter('qRaw', plan.raw)
        .orderBy('q_rank', 'DESC')
        .addOrderBy('r.last_name', 'ASC');
    }
  }

  async findLivePinHolder(m: EntityManager, pin: string, exceptId?: string): Promise<ReturneeRef | null> {
    const qb = m.getRepository(Returnee).createQueryBuilder('r').select(['r.id', 'r.code', 'r.officeId']).where('r.pin = :pin AND r.deleted_at IS NULL', { pin });
    if (exceptId) qb.andWhere('r.id <> :exceptId', { exceptId });
    const row = await qb.getOne();
    return row ? { id: row.id, code: row.code, officeId: row.officeId } : null;
  }

  async findPossibleDuplicates(m: EntityManager, scope: ReturneeScope, birthDate: string, nameSkeleton: string, exceptId?: string): Promise<DuplicateRow[]> {
    if (!nameSkeleton) return [];
    const qb = this.scoped(m, scope)
      .select(['r.id', 'r.code', 'r.lastName', 'r.firstName', 'r.patronymic', 'r.birthDate'])
      .andWhere('r.birth_date = :birthDate', { birthDate })
      .andWhere(`word_similarity(:dupSkel, r.search_text) >= ${DUPLICATE_SIMILARITY}`, { dupSkel: nameSkeleton })
      .orderBy('r.created_at', 'ASC')
      .limit(10);
    if (exceptId) qb.andWhere('r.id <> :exceptId', { exceptId });
    return qb.getMany();
  }

  // KT-<year>-<6 digits>; the year is Bishkek's, the number comes from a sequence so concurrent creates never collide.
  async nextCode(m: EntityManager): Promise<string> {
    const rows: Array<{ code: string }> = await m.query(
      `SELECT 'KT-' || to_char(now() AT TIME ZONE 'Asia/Bishkek', 'YYYY') || '-' || lpad(n::text, greatest(6, length(n::text)), '0') AS code FROM nextval('returnee_code_seq') AS n`,
    );
    return rows[0].code;
  }

  async insert(m: EntityManager, row: QueryDeepPartialEntity<Returnee>): Promise<string> {
    const res = await m.getRepository(Returnee).insert(row);
    return (res.identifiers[0] as { id: string }).id;
  }

  // Optimistic locking: the write lands only if nobody bumped the version since the caller read it.
  async updateVersioned(m: EntityManager, id: string, expectedVersion: number, patch: QueryDeepPartialEntity<Returnee>): Promise<boolean> {
    const res = await m
      .createQueryBuilder()
      .update(Returnee)
      .set({ ...patch, version: () => 'version + 1', updatedAt: () => 'now()' })
      .where('id = :id AND version = :expectedVersion AND deleted_at IS NULL', { id, expectedVersion })
      .execute();
    return (res.affected ?? 0) === 1;
  }

  async markDeleted(m: EntityManager, id: string): Promise<void> {
    await m
      .createQueryBuilder()
      .update(Returnee)
      .set({ deletedAt: () => 'now()', version: () => 'version + 1', updatedAt: () => 'now()' })
      .where('id = :id AND deleted_at IS NULL', { id })
      .execute();
  }
}
