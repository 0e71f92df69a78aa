// No imports on purpose: the root jest/tsc (NodeNext) check this file directly, while the console bundles it.
// Partner suggestions (GET /api/referrals/matches) as the console sees them, and how the Refer dialog orders its
// organisation choices with them. The ranking itself is the API's; the console only shows it.

export type MatchOrganization = {
  id: string;
  name: string;
  kind: string;
  oblasts: string[];
  services: string[];
  sectors?: string[];
  capacity?: number | null;
  active: boolean;
};
export type OrganizationMatch<O extends { id: string } = MatchOrganization> = { organization: O; score: number; reasons: string[] };
// A choice of the Refer dialog: ranked ones carry their score and reasons, the rest of the directory none.
export type OrganizationChoice<O extends { id: string }> = { organization: O; score: number | null; reasons: string[] };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

// The API's answer, minus anything malformed (a bad row must not break the dialog).
export function parseMatches(json: unknown): OrganizationMatch[] {
  if (!Array.isArray(json)) return [];
  return json.flatMap((m): OrganizationMatch[] => {
    if (!isRecord(m) || !isRecord(m.organization) || typeof m.organization.id !== 'string' || typeof m.organization.name !== 'string') return [];
    const o = m.organization;
    const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
    return [
      {
        organization: {
          id: o.id as string,
          name: o.name as string,
          kind: typeof o.kind === 'string' ? o.kind : 'ngo',
          oblasts: strings(o.oblasts),
          services: strings(o.services),
          sectors: strings(o.sectors),
          capacity: typeof o.capacity === 'number' ? o.capacity : null,
          active: o.active !== false,
        },
        score: typeof m.score === 'number' ? m.score : 0,
        reasons: strings(m.reasons),
      },
    ];
  });
}

// Ranked organisations first (in the API's order), then the rest of the listed directory in its own order. A ranked
// organisation outside the listed part (another region) is left out unless it is the pinned one, e.g. the partner
// the user chose from the suggestions card, so the dialog never loses the preselection.
export function orderChoices<O extends { id: string }>(
  listed: readonly O[],
  matches: readonly OrganizationMatch<O>[],
  pinnedId?: string | null,
): OrganizationChoice<O>[] {
  const listedIds = new Set(listed.map((o) => o.id));
  const ranked = matches.filter((m) => listedIds.has(m.organization.id) || (!!pinnedId && m.organization.id === pinnedId));
  const rankedIds = new Set(ranked.map((m) => m.organization.id));
  return [
    ...ranked.map((m) => ({ organization: m.organization, score: m.score, reasons: m.reasons })),
    ...listed.filter((o) => !rankedIds.has(o.id)).map((o) => ({ organization: o, score: null, reasons: [] })),
  ];
}

export type ReasonLabel = { kind: 'oblast' } | { kind: 'capacity' } | { kind: 'sector'; sector: string } | { kind: 'other'; text: string };

// 'oblast' | 'capacity' | 'sector:<sector>' → what a chip says (translated by the component).
export function reasonLabel(reason: string): ReasonLabel {
  if (reason === 'oblast') return { kind: 'oblast' };
  if (reason === 'capacity') return { kind: 'capacity' };
  if (reason.startsWith('sector:') && reason.length > 7) return { kind: 'sector', sector: reason.slice(7) };
  return { kind: 'other', text: reason };
}

// The oblast the API matches on: a job case's desired oblast, otherwise where the returnee lives.
export function matchOblast(
  c: { type?: string; details?: Record<string, unknown> | null } | null | undefined,
  returneeOblast: string | null | undefined,
): string | null {
  const desired = c?.type === 'job_placement' ? c.details?.desiredOblast : undefined;
  if (typeof desired === 'string' && desired) return desired;
  return returneeOblast ?? null;
}
