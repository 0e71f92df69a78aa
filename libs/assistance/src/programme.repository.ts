import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ListQuery } from '@kaytuu/shared';
import { BudgetLine, Programme } from './programme.entity';

// Who sees which programmes: admins all, office staff the active ones, donors those granted to them.
export type ProgrammeScope = { kind: 'all' } | { kind: 'active' } | { kind: 'ids'; ids: string[] };
export type ProgrammeFilter = { q?: string; active?: boolean; currency?: string[]; id?: string[] };
export const PROGRAMME_SORTABLE = ['name', 'funder', 'startsOn', 'endsOn', 'createdAt', 'id'] as const;
const SORT_COLUMNS: Record<(typeof PROGRAMME_SORTABLE)[number], string> = {
  name: 'p.name',
  funder: 'p.funder',
  startsOn: 'p.starts_on',
  endsOn: 'p.ends_on',
  createdAt: 'p.created_at',
  id: 'p.id',
};

export type NewProgramme = Omit<Programme, 'id' | 'createdAt' | 'updatedAt' | 'version'>;
export type ProgrammePatch = Partial<Omit<Programme, 'id' | 'createdAt' | 'updatedAt' | 'version' | 'createdBy'>>;

@Injectable()
export class ProgrammeRepository {
  async findPage(m: EntityManager, scope: ProgrammeScope, q: ListQuery<ProgrammeFilter>): Promise<{ rows: Programme[]; total: number }> {
    const qb = m.getRepository(Programme).createQueryBuilder('p');
    if (scope.kind === 'active') qb.where('p.active');
    if (scope.kind === 'ids') qb.where(scope.ids.length ? 'p.id IN (:...scopeIds)' : 'false', { scopeIds: scope.ids });
    if (q.filter.q) qb.andWhere(`(p.name ILIKE :q OR p.funder ILIKE :q)`, { q: `%${q.filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
    if (q.filter.active !== undefined) qb.andWhere('p.active = :active', { active: q.filter.active });
    if (q.filter.currency) qb.andWhere('p.currency IN (:...currencies)', { currencies: q.filter.currency });
    if (q.filter.id) qb.andWhere(q.filter.id.length ? 'p.id IN (:...ids)' : 'false', { ids: q.filter.id });
    const column = SORT_COLUMNS[q.sort.field as keyof typeof SORT_COLUMNS] ?? SORT_COLUMNS.name;
    qb.orderBy(column, q.sort.order);
    if (column !== SORT_COLUMNS.id) qb.addOrderBy('p.id', q.sort.order);
    qb.offset(q.offset).limit(q.limit);
    const [rows, total] = await qb.getManyAndCount();
    return { rows, total };
  }

  findById(m: EntityManager, id: string, lock = false): Promise<Programme | null> {
    const qb = m.getRepository(Programme).createQueryBuilder('p').where('p.id = :id', { id });
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  async insert(m: EntityManager, row: NewProgramme): Promise<Programme> {
    const res = await m.getRepository(Programme).insert(row);
    return (await this.findById(m, (res.identifiers[0] as { id: string }).id)) as Programme;
  }

  async update(m: EntityManager, id: string, patch: ProgrammePatch, at: Date): Promise<Programme> {
    await m
      .getRepository(Programme)
      .createQueryBuilder()
      .update()
      .set({ ...patch, updatedAt: at, version: () => 'version + 1' })
      .where('id = :id', { id })
      .execute();
    return (await this.findById(m, id)) as Programme;
  }

  findLines(m: EntityManager, programmeIds: string[]): Promise<BudgetLine[]> {
    if (programmeIds.length === 0) return Promise.resolve([]);
    return m
      .getRepository(BudgetLine)
      .createQueryBuilder('l')
      .where('l.programme_id IN (:...programmeIds)', { programmeIds })
      .orderBy('l.created_at')
      .addOrderBy('l.assistance_type')
      .getMany();
  }

  findLineOfType(m: EntityManager, programmeId: string, type: string): Promise<BudgetLine | null> {
    return m.getRepository(BudgetLine).findOne({ where: { programmeId, assistanceType: type as BudgetLine['assistanceType'] } });
  }

  // SELECT … FOR UPDATE: commits against a line (and changes of its amount) run one at a time, so the sum of the
  // ledger read after the lock is the one the new entry is added to.
  lockLine(m: EntityManager, id: string): Promise<BudgetLine | null> {
    return m.getRepository(BudgetLine).createQueryBuilder('l').where('l.id = :id', { id }).setLock('pessimistic_write').getOne();
  }

  async insertLine(m: EntityManager, programmeId: string, assistanceType: string, amountMinor: number): Promise<void> {
    await m.query(`INSERT INTO budget_line (programme_id, assistance_type, amount_minor) VALUES ($1, $2, $3)`, [programmeId, assistanceType, amountMinor]);
  }

  async updateLineAmount(m: EntityManager, id: string, amountMinor: number): Promise<void> {
    await m.query(`UPDATE budget_line SET amount_minor = $2 WHERE id = $1`, [id, amountMinor]);
  }

  // Only a line no item and no ledger entry points at.
  async deleteUnusedLine(m: EntityManager, id: string): Promise<boolean> {
    const res = (await m.query(
      `DELETE FROM budget_line l WHERE l.id = $1
         AND NOT EXISTS (SELECT 1 FROM assistance_item i WHERE i.budget_line_id = l.id)
         AND NOT EXISTS (SELECT 1 FROM ledger_entry e WHERE e.budget_line_id = l.id) RETURNING l.id`,
      [id],
    )) as [unknown[], number];
    return (Array.isArray(res[0]) ? res[0].length : 0) > 0;
  }

  async hasItems(m: EntityManager, programmeId: string): Promise<boolean> {
    return ((await m.query(`SELECT 1 FROM assistance_item WHERE programme_id = $1 LIMIT 1`, [programmeId])) as unknown[]).length > 0;
  }
}
