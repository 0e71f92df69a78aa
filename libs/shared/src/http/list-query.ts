import { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { CommonError } from '../errors/domain-error';

// The ra-data-simple-rest dialect: ?sort=["field","ASC"]&range=[0,24]&filter={"q":"…"}.
export type SortOrder = 'ASC' | 'DESC';
export type ListQuery<F extends Record<string, unknown> = Record<string, unknown>> = {
  sort: { field: string; order: SortOrder };
  offset: number;
  limit: number;
  filter: F;
};
export type RawListQuery = { sort?: unknown; range?: unknown; filter?: unknown };
export type FilterParser<F> = (raw: Record<string, unknown>) => F;

export const MAX_PAGE_SIZE = 500;
// The field every list can be sorted by; each repository's sort map names its id column under it.
export const ID_SORT = 'id';

export function parseListQuery<F extends Record<string, unknown>>(
  raw: RawListQuery,
  opts: { sortable: readonly string[]; defaultSort: { field: string; order: SortOrder }; parseFilter: FilterParser<F> },
): ListQuery<F> {
  const sort = parseSort(raw.sort, opts.sortable, opts.defaultSort);
  const { offset, limit } = parseRange(raw.range);
  const filterObj = parseJsonParam(raw.filter, 'filter', {});
  if (typeof filterObj !== 'object' || filterObj === null || Array.isArray(filterObj)) {
    throw CommonError.validation({ filter: 'must be a JSON object' });
  }
  return { sort, offset, limit, filter: opts.parseFilter(filterObj as Record<string, unknown>) };
}

function parseJsonParam(value: unknown, name: string, fallback: unknown): unknown {
  if (value === undefined || value === '') return fallback;
  if (typeof value !== 'string') throw CommonError.validation({ [name]: 'must be given once, as JSON' });
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw CommonError.validation({ [name]: 'is not valid JSON' });
  }
  // Postgres text cannot hold NUL, nor jsonb a lone surrogate: refused here rather than failing in the query
  // (JSON.stringify writes exactly those as \u escapes)
  if (/\\u0000|\\ud[89a-f][0-9a-f]{2}/i.test(JSON.stringify(parsed))) {
    throw CommonError.validation({ [name]: 'must not contain NUL characters or lone surrogates' });
  }
  return parsed;
}

function parseSort(value: unknown, sortable: readonly string[], fallback: ListQuery['sort']): ListQuery['sort'] {
  const parsed = parseJsonParam(value, 'sort', null);
  if (parsed === null) return fallback;
  if (!Array.isArray(parsed) || parsed.length !== 2 || typeof parsed[0] !== 'string' || typeof parsed[1] !== 'string') {
    throw CommonError.validation({ sort: 'must be ["field","ASC|DESC"]' });
  }
  const [field, order] = parsed as [string, string];
  // `id` is react-admin's default sort (a <List> or <ReferenceManyField> that names none sends it): every list takes it,
  // ordering by the id alone, the tie-breaker each list already uses.
  const allowed = sortable.includes(ID_SORT) ? sortable : [...sortable, ID_SORT];
  if (!allowed.includes(field)) {
    throw CommonError.validation({ sort: `cannot sort by "${field.slice(0, 64)}"; allowed: ${allowed.join(', ')}` });
  }
  const upper = order.toUpperCase();
  if (upper !== 'ASC' && upper !== 'DESC') throw CommonError.validation({ sort: 'order must be ASC or DESC' });
  return { field, order: upper };
}

function parseRange(value: unknown): { offset: number; limit: number } {
  const parsed = parseJsonParam(value, 'range', null);
  if (parsed === null) return { offset: 0, limit: 25 };
  if (!Array.isArray(parsed) || parsed.length !== 2 || !parsed.every((n) => Number.isSafeInteger(n) && (n as number) >= 0)) {
    throw CommonError.validation({ range: 'must be [start,end] with non-negative integers' });
  }
  const [start, end] = parsed as [number, number];
  if (end < start) throw CommonError.validation({ range: 'end must not be before start' });
  if (end - start + 1 > MAX_PAGE_SIZE) throw CommonError.validation({ range: `page size must be at most ${MAX_PAGE_SIZE}` });
  return { offset: start, limit: end - start + 1 };
}

// Builds a filter parser from per-key parsers; any other key → 400, so typos never silently widen a query.
export type KeyParser = (value: unknown, key: string) => unknown;
export function filterSpec<F extends Record<string, unknown>>(parsers: { [K in keyof F]-?: KeyParser }): FilterParser<F> {
  return (raw) => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(raw)) {
      const parser = (parsers as Record<string, KeyParser>)[key];
      if (!parser || !Object.prototype.hasOwnProperty.call(parsers, key)) {
        throw CommonError.validation({ [`filter.${key.slice(0, 64)}`]: `unknown filter; allowed: ${Object.keys(parsers).join(', ')}` });
      }
      if (value === undefined || value === null || value === '') continue;
      out[key] = parser(value, key);
    }
    return out as F;
  };
}

const bad = (key: string, msg: string) => CommonError.validation({ [`filter.${key}`]: msg });
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const f = {
  string:
    (max = 200): KeyParser =>
    (v, k) => {
      if (typeof v !== 'string' || v.length > max) throw bad(k, `must be a string of at most ${max} characters`);
      return v.trim();
    },
  boolean: (): KeyParser => (v, k) => {
    if (typeof v === 'boolean') return v;
    if (v === 'true' || v === 'false') return v === 'true';
    throw bad(k, 'must be true or false');
  },
  uuid: (): KeyParser => (v, k) => {
    if (typeof v !== 'string' || !UUID_RE.test(v)) throw bad(k, 'must be a UUID');
    return v;
  },
  uuids: (): KeyParser => (v, k) => {
    const arr = Array.isArray(v) ? v : [v];
    if (arr.length > 500 || !arr.every((x) => typeof x === 'string' && UUID_RE.test(x))) throw bad(k, 'must be a UUID or a list of UUIDs');
    return arr as string[];
  },
  oneOf:
    <T extends string>(values: readonly T[]): KeyParser =>
    (v, k) => {
      if (typeof v !== 'string' || !values.includes(v as T)) throw bad(k, `must be one of: ${values.join(', ')}`);
      return v;
    },
  someOf:
    <T extends string>(values: readonly T[]): KeyParser =>
    (v, k) => {
      const arr = Array.isArray(v) ? v : [v];
      if (arr.length === 0 || !arr.every((x) => typeof x === 'string' && values.includes(x as T))) {
        throw bad(k, `must be one or more of: ${values.join(', ')}`);
      }
      return arr as T[];
    },
  date: (): KeyParser => (v, k) => {
    if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(v) || Number.isNaN(Date.parse(v))) throw bad(k, 'must be an ISO date');
    return v;
  },
};

// `totalEstimated`: the total is the planner's estimate (the filtered set is larger than the exact-count limit);
// absent or false: it is exact.
export type ListResult<T> = { rows: T[]; total: number; totalEstimated?: boolean };

// Totals are counted exactly up to this many rows and estimated above (LIST_EXACT_TOTAL_LIMIT; set once at boot).
export const DEFAULT_EXACT_TOTAL_LIMIT = 10_000;
let exactTotalLimit = DEFAULT_EXACT_TOTAL_LIMIT;
export function configureListTotals(opts: { exactLimit: number }): void {
  exactTotalLimit = opts.exactLimit;
}
// Planner estimates for the list filters (equality, IN, ranges) were within 5% at 1M returnees / 3M cases (e.g. 52,516
// estimated for 50,685 cases of one office and status): this far above the limit the capped count is skipped, since it
// would only confirm "more than the limit" after reading limit+1 rows.
const SURELY_ABOVE_FACTOR = 2;

type PageQuery = { offset: number; limit: number };

// One page of `qb` (filters and ORDER BY set, no offset/limit) and its total, cheap on tables of millions of rows:
// - a page that ends before `limit` shows the end of the list, so its total is exact for free;
// - otherwise the planner's estimate of the filtered set decides: far above the limit it is returned as is,
//   else the rows are counted up to limit+1 (a capped sub-select) and the total is exact if they stop at the limit.
// Pass the manager of a surrounding transaction, so every statement runs on its connection. With `byIds` (an order
// that must see every matching row anyway, such as a relevance ranking), the page is found as ids first with the exact
// total alongside (count(*) OVER (), free next to that ranking) in a narrow query the planner can answer from an index
// alone, and the page's rows are then loaded by id, in the page's order.
export type LoadByIds<T> = { id: string; load: (ids: string[]) => Promise<T[]> };
export async function findPageWithTotal<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  q: PageQuery,
  m?: EntityManager,
  byIds?: LoadByIds<T>,
): Promise<ListResult<T>> {
  if (byIds) {
    const page = await pageByIds(qb, q, byIds);
    if (page.total !== null) return { rows: page.rows, total: page.total, totalEstimated: false };
  }
  const rows = await qb.clone().offset(q.offset).limit(q.limit).getMany();
  return withTotal(rows, q, () => countOrEstimate(qb, m ?? qb.dataSource.manager));
}

// A hot list written as SQL instead of a query builder (no query building, no entity hydration per request): `from` is
// "FROM … WHERE …" with $1… parameters, `select` the page's columns, `orderBy` a total order. The page, the planner's
// estimate and the capped count are the statements findPageWithTotal issues for the same query, with the same totals.
export type SqlList = { select: string; from: string; orderBy: string; params: unknown[] };

export async function findSqlPageWithTotal<R>(m: EntityManager, list: SqlList, q: PageQuery): Promise<ListResult<R>> {
  const rows = (await m.query(`SELECT ${list.select} ${list.from} ORDER BY ${list.orderBy} LIMIT ${int(q.limit)} OFFSET ${int(q.offset)}`, list.params)) as R[];
  return withTotal(rows, q, () =>
    totalOf(
      async () => plannerRowsOf(m, `SELECT 1 AS "one" ${list.from}`, list.params),
      async () => {
        const counted = (await m.query(
          `SELECT count(*)::int AS "n" FROM (SELECT 1 AS "one" ${list.from} LIMIT ${exactTotalLimit + 1}) "capped"`,
          list.params,
        )) as Array<{
          n: number;
        }>;
        return counted[0]?.n ?? 0;
      },
    ),
  );
}

const int = (n: number): number => {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`not a row count: ${n}`);
  return n;
};

async function withTotal<T>(rows: T[], q: PageQuery, count: () => Promise<{ total: number; estimated: boolean }>): Promise<ListResult<T>> {
  if (rows.length < q.limit && (rows.length > 0 || q.offset === 0)) return { rows, total: q.offset + rows.length, totalEstimated: false };
  const total = await count();
  // the rows the client has seen: none when the page lies past the end
  const seen = rows.length ? q.offset + rows.length : 0;
  // An exact count is the answer as it is (a row removed between the page and the count cannot make it fall below
  // what the page shows). Only an estimate is lifted: never below what the client has already seen, and one more when
  // this page is full, so that a next page is offered while the estimate may be short.
  if (!total.estimated) return { rows, total: Math.max(total.total, seen), totalEstimated: false };
  const floor = seen + (rows.length === q.limit ? 1 : 0);
  return { rows, total: Math.max(total.total, floor), totalEstimated: total.total >= floor };
}

// total null: the page is empty past the end, so the window saw no row to count on (the caller counts instead)
async function pageByIds<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, q: PageQuery, byIds: LoadByIds<T>): Promise<{ rows: T[]; total: number | null }> {
  const page = await qb
    .clone()
    .select(byIds.id, 'id')
    .addSelect('count(*) OVER ()', 'total')
    .offset(q.offset)
    .limit(q.limit)
    .getRawMany<{ id: string; total: string }>();
  if (page.length === 0) return { rows: [], total: q.offset === 0 ? 0 : null };
  const loaded = new Map((await byIds.load(page.map((r) => r.id))).map((row) => [String(row.id), row]));
  return { rows: page.flatMap((r) => loaded.get(r.id) ?? []), total: Number(page[0].total) };
}

export async function countOrEstimate(qb: SelectQueryBuilder<ObjectLiteral>, m: EntityManager): Promise<{ total: number; estimated: boolean }> {
  const source = qb.clone().select('1', 'one').orderBy().offset(undefined).limit(undefined);
  return totalOf(
    () => plannerRowsOf(m, ...source.getQueryAndParameters()),
    async () => {
      const capped = source.clone().limit(exactTotalLimit + 1);
      const counted = await qb
        .createQueryBuilder()
        .select('count(*)::int', 'n')
        .from(`(${capped.getQuery()})`, 'capped')
        .setParameters(capped.getParameters())
        .getRawOne<{ n: number }>();
      return counted?.n ?? 0;
    },
  );
}

// The planner's estimate first; the capped count only when the estimate is not surely above the exact-total limit.
async function totalOf(estimateRows: () => Promise<number>, cappedCount: () => Promise<number>): Promise<{ total: number; estimated: boolean }> {
  const estimate = await estimateRows();
  if (estimate > exactTotalLimit * SURELY_ABOVE_FACTOR) return { total: estimate, estimated: true };
  const n = await cappedCount();
  if (n <= exactTotalLimit) return { total: n, estimated: false };
  return { total: Math.max(estimate, n), estimated: true };
}

async function plannerRowsOf(m: EntityManager, sql: string, params: unknown[]): Promise<number> {
  const plan: Array<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }> = await m.query(`EXPLAIN (FORMAT JSON) ${sql}`, params);
  return Math.round(plan[0]['QUERY PLAN'][0].Plan['Plan Rows']);
}

export function contentRange(resource: string, offset: number, count: number, total: number): string {
  if (count === 0) return `${resource} */${total}`;
  return `${resource} ${offset}-${offset + count - 1}/${total}`;
}

export const TOTAL_ESTIMATED_HEADER = 'X-Total-Estimated';

type HeaderSink = { setHeader(name: string, value: string): unknown };
// Sets Content-Range (react-admin reads the total from it, an integer even when estimated) and X-Total-Estimated
// (true when that total is the planner's estimate), and returns the page's rows.
export function withContentRange<T>(res: HeaderSink, resource: string, q: ListQuery, result: ListResult<T>): T[] {
  res.setHeader('Content-Range', contentRange(resource, q.offset, result.rows.length, result.total));
  res.setHeader(TOTAL_ESTIMATED_HEADER, result.totalEstimated ? 'true' : 'false');
  return result.rows;
}
