import { useEffect, useState } from 'react';
import { fetchOrganizationMatches } from './referralCalls';
import { parseMatches, type OrganizationMatch } from './matchModel';

type State = { key: string; matches: OrganizationMatch[]; failed: boolean };

// Partner suggestions for a case, read again when the case changes (its version: details drive the ranking).
// Only office staff may ask (the API answers 403 to others), so callers pass `enabled` accordingly.
export function useOrganizationMatches(caseId: string | undefined, version: number | undefined, enabled: boolean) {
  const key = `${caseId ?? ''}:${version ?? ''}`;
  const [state, setState] = useState<State | null>(null);
  useEffect(() => {
    if (!caseId || !enabled) return undefined;
    let alive = true;
    fetchOrganizationMatches(caseId).then(
      (json) => alive && setState({ key, matches: parseMatches(json), failed: false }),
      // suggestions are a help, not a step: without them the dialog still lists the directory
      () => alive && setState({ key, matches: [], failed: true }),
    );
    return () => {
      alive = false;
    };
  }, [caseId, key, enabled]);
  const current = state?.key === key ? state : null;
  return { matches: current?.matches ?? [], loading: enabled && !!caseId && !current, failed: current?.failed ?? false };
}
