import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, CommonError } from '@kaytuu/shared';
import { MigrationEpisodeRepository } from './migration-episode.repository';
import { fullNameOf } from './name-search';
import { isEmptyPlan, planSearch } from './returnee-search';
import { scopeOf } from './returnee-scope';
import { ReturneeRepository } from './returnee.repository';
import { Vulnerability } from './returnee.types';

export type SharableProfile = {
  fullName: string;
  phone: string | null;
  pin: string | null;
  address: string | null;
  birthDate: string;
  sex: string;
  episodes: Array<{
    country: string;
    departedOn: string;
    returnedOn: string | null;
    returnReason: string;
    entryBan: { active: boolean; until: string | null; authority: string | null };
  }>;
};
// What a programme's eligibility rules are checked against (assistance): no name, no contact.
export type EligibilityFacts = { birthDate: string; oblast: string; vulnerabilities: string[]; lastReturnedOn: string | null };
export type ReturneeSummary = { id: string; officeId: string; fullName: string };
// What a reintegration plan shows of its returnee: code, name, office and spoken languages (the PDF's language).
export type ReturneePlanHeader = ReturneeSummary & { code: string; languages: string[] };

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Returnees as other contexts read them (cases, follow-ups, referrals, reintegration, consents): a returnee in the
// caller's scope, ids a search matches, and names and sharable profiles of ids the caller already holds. None of these
// reads is audited here: only ids and names leave, or the caller audits what it shows.
@Injectable()
export class ReturneeLookupService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly returnees: ReturneeRepository,
    private readonly episodes: MigrationEpisodeRepository,
  ) {}

  // The returnee if the actor may work with it, else 404 (403 for NGO staff).
  async requireInScope(actor: Actor, returneeId: string, manager?: EntityManager): Promise<ReturneeSummary> {
    const scope = scopeOf(actor);
    if (!UUID_RE.test(returneeId)) throw CommonError.notFound('Returnee');
    const row = await this.returnees.findNameInScope(manager ?? this.ds.manager, scope, returneeId);
    if (!row) throw CommonError.notFound('Returnee');
    return { id: row.id, officeId: row.officeId, fullName: fullNameOf(row) };
  }

  // For other contexts' `q` filters (cases): ids of the in-scope, live returnees that the returnee list's own `filter.q`
  // would match, best first, at most `limit`. 403 for NGO staff, like the list.
  // No audit row: only ids leave, and the caller shows no more than the name its own DTO already carries.
  async findIdsMatching(actor: Actor, q: string, limit = 500): Promise<string[]> {
    const scope = scopeOf(actor);
    const plan = planSearch(q);
    if (isEmptyPlan(plan)) return [];
    // a transaction because applySearch sets pg_trgm's threshold transaction-locally
    return this.ds.transaction((m) => this.returnees.findIdsMatching(m, scope, plan, limit));
  }

  // What a partner organisation may be shown of each returnee, before the referrals context picks the shared fields.
  // No scope check (the caller holds referrals it already scoped); the caller audits the read.
  async profilesForSharing(ids: string[], m: EntityManager = this.ds.manager): Promise<Map<string, SharableProfile>> {
    const valid = [...new Set(ids.filter((id) => UUID_RE.test(id)))];
    if (valid.length === 0) return new Map();
    const [rows, episodes] = [await this.returnees.findLiveByIds(m, valid), await this.episodes.findByReturneeIds(m, valid)];
    return new Map(
      rows.map((r) => [
        r.id,
        {
          fullName: fullNameOf(r),
          phone: r.phone,
          pin: r.pin,
          address: r.address,
          birthDate: r.birthDate,
          sex: r.sex,
          episodes: episodes
            .filter((e) => e.returneeId === r.id)
            .map((e) => ({
              country: e.country,
              departedOn: e.departedOn,
              returnedOn: e.returnedOn,
              returnReason: e.returnReason,
              entryBan: { active: e.entryBanActive, until: e.entryBanUntil, authority: e.entryBanAuthority },
            })),
        },
      ]),
    );
  }

  // id → plan header (code, name, office, languages), for the plans context; no scope check (the caller scoped the
  // plans it shows). No audit row here: the plans context audits what it shows.
  async planHeadersByIds(ids: string[], m: EntityManager = this.ds.manager): Promise<Map<string, ReturneePlanHeader>> {
    const valid = [...new Set(ids.filter((id) => UUID_RE.test(id)))];
    const rows = await this.returnees.findPlanHeaders(m, valid);
    return new Map(rows.map((r) => [r.id, { id: r.id, officeId: r.officeId, fullName: fullNameOf(r), code: r.code, languages: r.languages ?? [] }]));
  }

  // For other contexts' rules (recovery: "came back without documents"): whether the live returnee carries this
  // vulnerability flag. No scope check and no audit: the caller has required the returnee in scope, and only a yes/no
  // leaves.
  async hasVulnerability(returneeId: string, vulnerability: Vulnerability, m: EntityManager = this.ds.manager): Promise<boolean> {
    if (!UUID_RE.test(returneeId)) return false;
    return ((await this.returnees.findVulnerabilities(m, returneeId)) ?? []).includes(vulnerability);
  }

  // For the assistance context's eligibility rules: age, oblast, vulnerabilities and the latest return date of a live
  // returnee (null: none). No scope check and no audit: the caller has required the returnee in scope and audits the
  // decision the facts lead to.
  async eligibilityFacts(returneeId: string, m: EntityManager = this.ds.manager): Promise<EligibilityFacts | null> {
    if (!UUID_RE.test(returneeId)) return null;
    return this.returnees.findEligibilityFacts(m, returneeId);
  }

  // id → full name, for lists in other contexts; no scope check (the caller already scoped the ids it shows).
  // Pass `m` to read inside the caller's transaction (no second pool connection while it holds one).
  async namesByIds(ids: string[], m: EntityManager = this.ds.manager): Promise<Map<string, string>> {
    const valid = [...new Set(ids.filter((id) => UUID_RE.test(id)))];
    const rows = await this.returnees.findNamesByIds(m, valid);
    return new Map(rows.map((r) => [r.id, fullNameOf(r)]));
  }
}
