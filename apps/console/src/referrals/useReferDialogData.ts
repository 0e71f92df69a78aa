import { useState } from 'react';
import { useGetList, useGetOne } from 'react-admin';
import { matchOblast, orderChoices } from './matchModel';
import { directoryFilter, type ConsentLike } from './referralModel';
import { useOrganizationMatches } from './useOrganizationMatches';

export type CaseLike = { id: string; code: string; type: string; returneeId: string; version?: number; details?: Record<string, unknown> | null };
export type Organization = { id: string; name: string; kind: string; oblasts: string[]; services: string[]; active: boolean };
export type DirectoryMode = 'oblast' | 'none_in_oblast' | 'all_chosen' | 'all';
type ReturneeLike = { id: string; oblast?: string | null; fullName?: string };
type ConsentRow = ConsentLike & { id: string };

// The service directory for this case type: the returnee's oblast first; all oblasts when none there serves it
// (or when the user asks for it, or the returnee's oblast is unknown).
const useDirectory = (service: string, oblast: string | null, ready: boolean) => {
  const [wantAll, setWantAll] = useState(false);
  const params = { sort: { field: 'name', order: 'ASC' as const }, pagination: { page: 1, perPage: 200 } };
  const local = useGetList<Organization>('organizations', { ...params, filter: directoryFilter(service, oblast) }, { enabled: ready && !!oblast });
  const noneLocal = !!oblast && local.isSuccess && local.data.length === 0;
  const showAll = ready && (wantAll || !oblast || noneLocal);
  const all = useGetList<Organization>('organizations', { ...params, filter: directoryFilter(service, null) }, { enabled: showAll });
  const source = showAll ? all : local;
  const mode: DirectoryMode = !oblast ? 'all' : noneLocal ? 'none_in_oblast' : wantAll ? 'all_chosen' : 'oblast';
  return { organizations: source.data ?? [], loading: !ready || source.isPending, failed: !!source.error, mode, setWantAll };
};

// Everything the "Refer" dialog reads: the organisations to offer (suggested partners first, the one picked on the
// suggestions card pinned), which part of the directory that is, and the returnee's consents in force.
export const useReferDialogData = (caseRecord: CaseLike, initialOrganizationId?: string) => {
  const returnee = useGetOne<ReturneeLike>('returnees', { id: caseRecord.returneeId });
  // where the person needs the service: a job case's desired oblast, else where they live (as the API ranks)
  const oblast = matchOblast(caseRecord, returnee.data?.oblast);
  const directory = useDirectory(caseRecord.type, oblast, !returnee.isPending);
  const suggested = useOrganizationMatches(caseRecord.id, caseRecord.version, true);
  const choices = orderChoices(directory.organizations, suggested.matches, initialOrganizationId);
  const loading = directory.loading || suggested.loading;
  const consents = useGetList<ConsentRow>('consents', {
    filter: { returneeId: caseRecord.returneeId, active: true },
    sort: { field: 'givenAt', order: 'DESC' },
    pagination: { page: 1, perPage: 50 },
  });
  return {
    oblast,
    choices,
    // the list is ordered by the match ranking, not only by name
    ranked: choices.some((c) => c.reasons.length > 0),
    loading,
    noOrganizations: !loading && !directory.failed && choices.length === 0,
    mode: directory.mode,
    setWantAll: directory.setWantAll,
    consents,
  };
};
