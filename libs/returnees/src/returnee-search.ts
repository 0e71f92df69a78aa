import { phoneFromQuery, pinFromQuery } from './identifiers';
import { nameSkeleton, queryTokens } from './name-search';

// How one `filter.q` is matched. A record matches when its code, PIN or phone equals the query, or when every name
// token matches some word of its name (see ReturneeRepository.applySearch for the SQL).
export type NameToken = { token: string; maxEdits: number };
export type SearchPlan = {
  code: string | null; // lower-case
  pin: string | null;
  phone: string | null; // E.164
  tokens: NameToken[];
  skeleton: string; // for ranking
  raw: string; // lower-case query, for ranking an exact spelling first
};

const CODE_RE = /^kt-[a-z0-9-]{1,30}$/i;

// 1–2 letter typos: none for very short tokens (too many false hits), one up to six letters, two beyond.
export function allowedEdits(token: string): number {
  if (token.length <= 3) return 0;
  if (token.length <= 6) return 1;
  return 2;
}

export function planSearch(q: string): SearchPlan {
  const trimmed = q.trim();
  const looksLikeCode = CODE_RE.test(trimmed);
  const tokens = looksLikeCode ? [] : queryTokens(trimmed).map((token) => ({ token, maxEdits: allowedEdits(token) }));
  return {
    code: looksLikeCode ? trimmed.toLowerCase() : null,
    pin: pinFromQuery(trimmed),
    phone: phoneFromQuery(trimmed),
    tokens,
    skeleton: looksLikeCode ? '' : nameSkeleton(trimmed),
    raw: trimmed.toLowerCase(),
  };
}

export function isEmptyPlan(p: SearchPlan): boolean {
  return !p.code && !p.pin && !p.phone && p.tokens.length === 0;
}
