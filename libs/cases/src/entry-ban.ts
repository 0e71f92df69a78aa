// The entry ban a legal-aid case about a ban shows: derived from the returnee's migration history on every read,
// never stored in the case, so it cannot drift from what the returnee's record says.

export type EntryBan = { until: string | null; authority: string | null };
export type EpisodeWithBan = { departedOn: string; entryBan: { active: boolean; until: string | null; authority: string | null } };

// Kyrgyzstan keeps UTC+6 all year, so a fixed offset gives the calendar day in Bishkek.
const BISHKEK_OFFSET_MS = 6 * 3_600_000;
export const bishkekDay = (now: Date): string => new Date(now.getTime() + BISHKEK_OFFSET_MS).toISOString().slice(0, 10);

// In force: marked active and not ended before today. Of those, the latest migration (started last; ties: the later
// one in the list, as the returnees context orders episodes), since a newer ban supersedes an older one.
export function entryBanInForce(episodes: readonly EpisodeWithBan[], today: string): EntryBan | null {
  let best: EpisodeWithBan | null = null;
  for (const e of episodes) {
    if (!e.entryBan.active || (e.entryBan.until !== null && e.entryBan.until < today)) continue;
    if (!best || e.departedOn >= best.departedOn) best = e;
  }
  return best ? { until: best.entryBan.until, authority: best.entryBan.authority } : null;
}
