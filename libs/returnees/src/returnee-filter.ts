import { SelectQueryBuilder } from 'typeorm';
import { Oblast } from '@kaytuu/shared';
import { yearsBefore } from './identifiers';
import { Returnee } from './returnee.entity';
import { AGE_BAND_RANGES, AgeBand, ReturnReason, Sex, Vulnerability } from './returnee.types';

export type ReturneeFilter = {
  q?: string;
  oblast?: Oblast[];
  sex?: Sex;
  ageBand?: AgeBand[];
  returnReason?: ReturnReason[];
  country?: string[];
  entryBan?: boolean;
  vulnerability?: Vulnerability[];
  officeId?: string;
  id?: string[];
};

const SORT_COLUMNS: Record<string, string> = {
  lastName: 'r.last_name',
  firstName: 'r.first_name',
  birthDate: 'r.birth_date',
  createdAt: 'r.created_at',
  updatedAt: 'r.updated_at',
  code: 'r.code',
  id: 'r.id',
};
export const RETURNEE_SORTABLE = Object.keys(SORT_COLUMNS);
export const sortColumn = (field: string): string => SORT_COLUMNS[field];

// An episode condition holds when ANY of the returnee's migration episodes satisfies it.
const anyEpisode = (cond: string) => `EXISTS (SELECT 1 FROM migration_episode e WHERE e.returnee_id = r.id AND ${cond})`;
export const BAN_IN_FORCE = 'e.entry_ban_active AND (e.entry_ban_until IS NULL OR e.entry_ban_until >= :today)';

// Every filter except `q` (see ReturneeRepository.applySearch). Values go in as parameters, never into the SQL text.
export function applyReturneeFilter(qb: SelectQueryBuilder<Returnee>, f: ReturneeFilter, today: string): void {
  if (f.oblast) qb.andWhere('r.oblast IN (:...oblast)', { oblast: f.oblast });
  if (f.sex) qb.andWhere('r.sex = :sex', { sex: f.sex });
  if (f.ageBand) {
    const parts = f.ageBand.map((band, i) => {
      const { min, max } = AGE_BAND_RANGES[band];
      // age ≥ min  ⇔ born on or before today − min years; age ≤ max ⇔ born after today − (max+1) years
      qb.setParameter(`bornBy${i}`, yearsBefore(today, min));
      if (max === null) return `(r.birth_date <= :bornBy${i})`;
      qb.setParameter(`bornAfter${i}`, yearsBefore(today, max + 1));
      return `(r.birth_date <= :bornBy${i} AND r.birth_date > :bornAfter${i})`;
    });
    qb.andWhere(`(${parts.join(' OR ')})`);
  }
  if (f.returnReason) qb.andWhere(anyEpisode('e.return_reason IN (:...returnReason)'), { returnReason: f.returnReason });
  if (f.country) qb.andWhere(anyEpisode('e.country IN (:...country)'), { country: f.country });
  if (f.entryBan !== undefined) qb.andWhere(`${f.entryBan ? '' : 'NOT '}${anyEpisode(BAN_IN_FORCE)}`, { today });
  if (f.vulnerability) qb.andWhere('r.vulnerabilities && ARRAY[:...vulnerability]::text[]', { vulnerability: f.vulnerability });
  if (f.officeId) qb.andWhere('r.office_id = :filterOfficeId', { filterOfficeId: f.officeId });
  if (f.id) qb.andWhere('r.id IN (:...ids)', { ids: f.id });
}
