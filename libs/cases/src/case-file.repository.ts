import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { AAD, Actor, containsPattern, declaredOrder, FieldCipher, findSqlPageWithTotal, ListQuery, ListResult, updateVersioned } from '@kaytuu/shared';
import { CASE_PRIORITIES, CaseFile, CasePriority, CaseType, ENCRYPTED_DETAILS_TYPES } from './case-file.entity';
import { CASE_STATUSES, CaseStatus } from './case-workflow';

export type CaseFilter = {
  q?: string;
  type?: CaseType[];
  status?: CaseStatus[];
  priority?: CasePriority[];
  assigneeId?: string;
  officeId?: string;
  returneeId?: string;
  mine?: boolean;
  overdue?: boolean;
  id?: string[];
};
export type CaseInsert = Pick<
  CaseFile,
  'returneeId' | 'type' | 'priority' | 'assigneeId' | 'officeId' | 'title' | 'summary' | 'details' | 'dueAt' | 'createdBy'
>;
export type CasePatch = Partial<
  Pick<CaseFile, 'status' | 'priority' | 'assigneeId' | 'title' | 'summary' | 'details' | 'dueAt' | 'closedAt' | 'closureReason' | 'outcome'>
>;

// priority and status sort by their meaning (urgent above low; workflow order), not alphabetically
const SORT_EXPR: Record<string, string> = {
  openedAt: 'c.opened_at',
  dueAt: 'c.due_at',
  priority: declaredOrder('c.priority', CASE_PRIORITIES),
  status: declaredOrder('c.status', CASE_STATUSES),
  code: 'c.code',
  updatedAt: 'c.updated_at',
  type: 'c.type',
  id: 'c.id',
};
export const CASE_SORTABLE = Object.keys(SORT_EXPR);

// Every column of a case, under the entity's property names (the list's projection; pg parses the timestamps, the
// jsonb and the integer as TypeORM's hydration does).
const CASE_COLUMNS = [
  'c.id AS "id"',
  'c.created_at AS "createdAt"',
  'c.updated_at AS "updatedAt"',
  'c.code AS "code"',
  'c.returnee_id AS "returneeId"',
  'c.type AS "type"',
  'c.status AS "status"',
  'c.priority AS "priority"',
  'c.assignee_id AS "assigneeId"',
  'c.office_id AS "officeId"',
  'c.title AS "title"',
  'c.summary AS "summary"',
  'c.details AS "details"',
  'c.details_enc AS "detailsEnc"',
  'c.opened_at AS "openedAt"',
  'c.due_at AS "dueAt"',
  'c.closed_at AS "closedAt"',
  'c.closure_reason AS "closureReason"',
  'c.outcome AS "outcome"',
  'c.created_by AS "createdBy"',
  'c.version AS "version"',
  'c.deleted_at AS "deletedAt"',
].join(', ');
type CaseRow = { [K in keyof CaseFile]: CaseFile[K] };
// a plain object in the entity's shape (the rest of the context reads cases by property, never by class)
const caseOfRow = (r: CaseRow): CaseFile => r as CaseFile;

@Injectable()
export class CaseRepository {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly cipher: FieldCipher,
  ) {}

  // The stored columns for a case's details: health details go encrypted into details_enc, `details` stays {}.
  sealDetails(type: CaseType, details: Record<string, unknown>): { details: Record<string, unknown>; detailsEnc: string | null } {
    if (!ENCRYPTED_DETAILS_TYPES.has(type)) return { details, detailsEnc: null };
    return { details: {}, detailsEnc: this.cipher.encryptJson(details, AAD.caseDetails) };
  }

  // Every case read goes through here: encrypted details are decrypted into `details`.
  private open<C extends CaseFile | null>(c: C): C {
    if (c && c.detailsEnc) {
      c.details = this.cipher.decryptJson<Record<string, unknown>>(c.detailsEnc, AAD.caseDetails);
      c.detailsEnc = null;
    }
    return c;
  }

  private openAll(rows: CaseFile[]): CaseFile[] {
    return rows.map((c) => this.open(c));
  }

  // Scope lives in the query: staff see their office, admins everything, anyone else nothing.
  private scoped(actor: Actor, m: EntityManager = this.ds.manager): SelectQueryBuilder<CaseFile> {
    const qb = m.getRepository(CaseFile).createQueryBuilder('c').where('c.deleted_at IS NULL');
    if (actor.role === 'supervisor' || actor.role === 'caseworker') qb.andWhere('c.office_id = :scopeOffice', { scopeOffice: actor.officeId });
    else if (actor.role !== 'admin') qb.andWhere('false');
    return qb;
  }

  // `qReturneeIds`: the returnees that `filter.q` matches, found by the returnees context (CaseService asks it).
  // The case list is the hottest read: written as SQL with explicit columns, its rows mapped once to the case's shape
  // (no query builder, no entity hydration), with the scope and every filter of the query-builder version.
  async findPageInScope(actor: Actor, q: ListQuery<CaseFilter>, qReturneeIds: string[] = []): Promise<ListResult<CaseFile>> {
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    const where = ['c.deleted_at IS NULL'];
    if (actor.role === 'supervisor' || actor.role === 'caseworker') where.push(`c.office_id = ${p(actor.officeId)}`);
    else if (actor.role !== 'admin') where.push('false');
    const fl = q.filter;
    if (fl.q) {
      const pattern = p(containsPattern(fl.q));
      const byReturnee = qReturneeIds.length ? ` OR c.returnee_id = ANY(${p(qReturneeIds)}::uuid[])` : '';
      where.push(`(c.code ILIKE ${pattern} OR c.title ILIKE ${pattern}${byReturnee})`);
    }
    if (fl.type) where.push(`c.type = ANY(${p(fl.type)}::text[])`);
    if (fl.status) where.push(`c.status = ANY(${p(fl.status)}::text[])`);
    if (fl.priority) where.push(`c.priority = ANY(${p(fl.priority)}::text[])`);
    if (fl.assigneeId) where.push(`c.assignee_id = ${p(fl.assigneeId)}`);
    if (fl.officeId) where.push(`c.office_id = ${p(fl.officeId)}`);
    if (fl.returneeId) where.push(`c.returnee_id = ${p(fl.returneeId)}`);
    if (fl.mine !== undefined) {
      const me = p(actor.userId);
      where.push(fl.mine ? `c.assignee_id = ${me}` : `(c.assignee_id IS NULL OR c.assignee_id <> ${me})`);
    }
    if (fl.overdue !== undefined) {
      const overdue = "(coalesce(c.due_at < now(), false) AND c.status <> 'closed')";
      where.push(fl.overdue ? overdue : `NOT ${overdue}`);
    }
    if (fl.id) where.push(`c.id = ANY(${p(fl.id)}::uuid[])`);
    // the id tie-break runs in the sort's direction, so (office_id, due_at, id) read forwards or backwards is exactly
    // this order and a page is a top-N index scan, not a sort of the office's cases
    const order = q.sort.order === 'ASC' ? 'ASC' : 'DESC';
    const orderBy = `${SORT_EXPR[q.sort.field]} ${order} ${order === 'ASC' ? 'NULLS LAST' : 'NULLS FIRST'}, c.id ${order}`;
    const page = await findSqlPageWithTotal<CaseRow>(
      this.ds.manager,
      { select: CASE_COLUMNS, from: `FROM case_file c WHERE ${where.join(' AND ')}`, orderBy, params },
      q,
    );
    return { ...page, rows: page.rows.map((r) => this.open(caseOfRow(r))) };
  }

  async findOneInScope(actor: Actor, id: string, m?: EntityManager): Promise<CaseFile | null> {
    return this.open(await this.scoped(actor, m).andWhere('c.id = :id', { id }).getOne());
  }

  // Row lock for the read-check-write of an update; concurrent writers queue here and then see the bumped version.
  async lockOneInScope(actor: Actor, id: string, m: EntityManager): Promise<CaseFile | null> {
    return this.open(await this.scoped(actor, m).andWhere('c.id = :id', { id }).setLock('pessimistic_write').getOne());
  }

  // Locked in id order so two bulk actions over overlapping cases queue instead of deadlocking.
  async lockManyInScope(actor: Actor, ids: string[], m: EntityManager): Promise<CaseFile[]> {
    if (ids.length === 0) return [];
    return this.openAll(await this.scoped(actor, m).andWhere('c.id IN (:...ids)', { ids }).orderBy('c.id', 'ASC').setLock('pessimistic_write').getMany());
  }

  async nextCode(m: EntityManager): Promise<string> {
    const rows: Array<{ code: string }> = await m.query(
      `SELECT 'KT-C-' || to_char(now() AT TIME ZONE 'Asia/Bishkek', 'YYYY') || '-' || lpad(n::text, greatest(6, length(n::text)), '0') AS code FROM nextval('case_code_seq') AS n`,
    );
    return rows[0].code;
  }

  async insertCase(m: EntityManager, code: string, values: CaseInsert): Promise<CaseFile> {
    const sealed = this.sealDetails(values.type, values.details);
    const result = await m.insert(CaseFile, { ...values, code, details: sealed.details as never, detailsEnc: sealed.detailsEnc });
    const id = (result.identifiers[0] as { id: string }).id;
    return this.open(await m.getRepository(CaseFile).findOneByOrFail({ id }));
  }

  // The guarded write of a case change (updateVersioned): throws 409 STALE_VERSION when someone bumped the version since
  // `expectedVersion` was read, 404 when the case is gone. `type` is the case's type, needed when the patch changes details.
  async applyPatch(m: EntityManager, id: string, expectedVersion: number, patch: CasePatch, type?: CaseType): Promise<void> {
    let sealed: Partial<ReturnType<CaseRepository['sealDetails']>> = {};
    if (patch.details !== undefined) {
      if (!type) throw new Error('applyPatch: the case type is needed to store details');
      sealed = this.sealDetails(type, patch.details);
    }
    const set = { ...patch, ...sealed, details: sealed.details as never };
    await updateVersioned(m, CaseFile, { what: 'Case', id, version: expectedVersion, set, alsoWhere: 'deleted_at IS NULL' });
  }

  async markDeleted(m: EntityManager, id: string): Promise<void> {
    await m
      .createQueryBuilder()
      .update(CaseFile)
      .set({ deletedAt: () => 'now()', version: () => 'version + 1' })
      .where('id = :id', { id })
      .execute();
  }

  async findCodesByIds(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.ds.getRepository(CaseFile).createQueryBuilder('c').select(['c.id', 'c.code']).where('c.id IN (:...ids)', { ids }).getMany();
    return new Map(rows.map((r) => [r.id, r.code]));
  }

  async findIdsAssignedTo(m: EntityManager, userId: string): Promise<string[]> {
    const rows = await m
      .getRepository(CaseFile)
      .createQueryBuilder('c')
      .select('c.id')
      .where('c.assignee_id = :userId AND c.deleted_at IS NULL', { userId })
      .getMany();
    return rows.map((c) => c.id);
  }

  async findLiveByIds(m: EntityManager, ids: string[]): Promise<CaseFile[]> {
    if (ids.length === 0) return [];
    return this.openAll(await m.getRepository(CaseFile).createQueryBuilder('c').where('c.id IN (:...ids) AND c.deleted_at IS NULL', { ids }).getMany());
  }

  // Live (not deleted) cases only: what a reminder may still name.
  findLiveLabels(m: EntityManager, ids: string[]): Promise<Array<Pick<CaseFile, 'id' | 'code' | 'returneeId'>>> {
    if (ids.length === 0) return Promise.resolve([]);
    return m.query(`SELECT id, code, returnee_id AS "returneeId" FROM case_file WHERE id = ANY($1::uuid[]) AND deleted_at IS NULL`, [ids]);
  }

  async findById(m: EntityManager, id: string): Promise<CaseFile> {
    return this.open(await m.getRepository(CaseFile).findOneByOrFail({ id }));
  }
}
