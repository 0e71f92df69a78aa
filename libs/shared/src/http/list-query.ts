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
  try {
    return JSON.parse(value);
  } catch {
    throw CommonError.validation({ [name]: 'is not valid JSON' });
  }
}

function parseSort(value: unknown, sortable: readonly string[], fallback: ListQuery['sort']): ListQuery['sort'] {
  const parsed = parseJsonParam(value, 'sort', null);
  if (parsed === null) return fallback;
  if (!Array.isArray(parsed) || parsed.length !== 2 || typeof parsed[0] !== 'string' || typeof parsed[1] !== 'string') {
    throw CommonError.validation({ sort: 'must be ["field","ASC|DESC"]' });
  }
  const [field, order] = parsed as [string, string];
  if (!sortable.includes(field)) {
    throw CommonError.validation({ sort: `cannot sort by "${field.slice(0, 64)}"; allowed: ${sortable.join(', ')}` });
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
  string: (max = 200): KeyParser => (v, k) => {
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
  oneOf: <T extends string>(values: readonly T[]): KeyParser => (v, k) => {
    if (typeof v !== 'string' || !values.includes(v as T)) throw bad(k, `must be one of: ${values.join(', ')}`);
    return v;
  },
  someOf: <T extends string>(values: readonly T[]): KeyParser => (v, k) => {
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

export type ListResult<T> = { rows: T[]; total: number };

export function contentRange(resource: string, offset: number, count: number, total: number): string {
  if (count === 0) return `${resource} */${total}`;
  return `${resource} ${offset}-${offset + count - 1}/${total}`;
}

type HeaderSink = { setHeader(name: string, value: string): unknown };
// Sets Content-Range (react-admin reads the total from it) and returns the page's rows.
export function withContentRange<T>(res: HeaderSink, resource: string, q: ListQuery, result: ListResult<T>): T[] {
  res.setHeader('Content-Range', contentRange(resource, q.offset, result.rows.length, result.total));
  return result.rows;
}
