import { randomBytes } from 'node:crypto';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { adminQuery, dbUrl } from '../../../../test/support/pg';
import { configureListTotals, DEFAULT_EXACT_TOTAL_LIMIT, findPageWithTotal, parseListQuery, filterSpec } from './list-query';

@Entity('page_probe')
class Probe {
  @PrimaryColumn() id: number;
  @Column() grp: number;
}

// The page-and-total helper every list uses, against a real Postgres table: an exact total is the row count for every
// page size and offset (a full page used to claim one more row than there was); only an estimate is lifted.
describe('findPageWithTotal', () => {
  const name = `kaytuu_lq_${randomBytes(4).toString('hex')}`;
  let ds: DataSource;
  // group g holds exactly g rows (0 to 6)
  const GROUPS = [0, 1, 2, 3, 5, 6];

  beforeAll(async () => {
    await adminQuery(`CREATE DATABASE ${name}`);
    ds = await new DataSource({ type: 'postgres', url: dbUrl(name), entities: [Probe] }).initialize();
    await ds.query('CREATE TABLE page_probe (id int PRIMARY KEY, grp int NOT NULL)');
    let id = 0;
    for (const g of GROUPS) for (let i = 0; i < g; i++) await ds.query('INSERT INTO page_probe (id, grp) VALUES ($1, $2)', [++id, g]);
    await ds.query('ANALYZE page_probe');
  });
  afterAll(async () => {
    configureListTotals({ exactLimit: DEFAULT_EXACT_TOTAL_LIMIT });
    await ds.destroy();
    await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  const groupOf = (g: number) => ds.getRepository(Probe).createQueryBuilder('p').where('p.grp = :g', { g }).orderBy('p.id', 'ASC');

  it.each(GROUPS)('should answer the exact total of a list of %i rows for page sizes 1, N and N+1 at every offset', async (n) => {
    for (const limit of [...new Set([1, Math.max(n, 1), n + 1])]) {
      for (let offset = 0; offset <= n; offset += limit) {
        const page = await findPageWithTotal(groupOf(n), { offset, limit });

        expect({ n, limit, offset, total: page.total, estimated: page.totalEstimated }).toEqual({ n, limit, offset, total: n, estimated: false });
        expect(page.rows).toHaveLength(Math.max(0, Math.min(limit, n - offset)));
      }
    }
  });

  it('should answer the exact total for a page asked past the end of the list', async () => {
    const page = await findPageWithTotal(groupOf(3), { offset: 10, limit: 5 });

    expect(page).toEqual({ rows: [], total: 3, totalEstimated: false });
  });

  it('should lift only an estimated total, to what the client has seen and one more when the page is full', async () => {
    configureListTotals({ exactLimit: 1 });
    try {
      // 6 rows, over a limit of 1: a full last page is lifted to the rows already shown + 1, so a next page is offered
      const page = await findPageWithTotal(groupOf(6), { offset: 4, limit: 2 });

      expect(page.rows.map((r) => r.id)).toHaveLength(2);
      expect(page.total).toBeGreaterThanOrEqual(7);
      // the estimate is kept (flagged) when it is above what was seen
      const first = await findPageWithTotal(ds.getRepository(Probe).createQueryBuilder('p').orderBy('p.id', 'ASC'), { offset: 0, limit: 2 });
      expect(first.totalEstimated).toBe(true);
      expect(first.total).toBeGreaterThan(2);
    } finally {
      configureListTotals({ exactLimit: DEFAULT_EXACT_TOTAL_LIMIT });
    }
  });
});

describe('parseListQuery sort', () => {
  const parse = (sort: unknown) =>
    parseListQuery(
      { sort: sort === undefined ? undefined : JSON.stringify(sort) },
      { sortable: ['name'], defaultSort: { field: 'name', order: 'ASC' }, parseFilter: filterSpec({}) },
    );

  it('should take react-admin default sort by id, in both orders, on a list that does not name id', () => {
    expect(parse(['id', 'ASC']).sort).toEqual({ field: 'id', order: 'ASC' });
    expect(parse(['id', 'desc']).sort).toEqual({ field: 'id', order: 'DESC' });
  });

  it('should keep refusing a field that is not sortable, naming the fields that are', () => {
    expect(() => parse(['nope', 'ASC'])).toThrow(expect.objectContaining({ status: 400, errors: { sort: 'cannot sort by "nope"; allowed: name, id' } }));
  });

  it('should fall back to the default sort when none is given', () => {
    expect(parse(undefined).sort).toEqual({ field: 'name', order: 'ASC' });
  });
});
