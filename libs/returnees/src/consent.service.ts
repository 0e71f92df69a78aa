import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, Clock, CommonError, FieldErrors, ListQuery, ListResult } from '@kaytuu/shared';
import { AuditService } from '@kaytuu/audit';
import { ConsentHooks } from './consent-hooks';
import { Consent } from './consent.entity';
import { ConsentFilter, ConsentRepository } from './consent.repository';
import { ConsentDto, isConsentActiveAt, toConsentDto } from './dto/consent.dto';
import { CreateConsentDto } from './dto/create-consent.dto';
import { WithdrawConsentDto } from './dto/withdraw-consent.dto';
import { ReturneeLookupService } from './returnee-lookup.service';
import { scopeOf } from './returnee-scope';
import { ConsentScope } from './returnee.types';
import { ReturneeError } from './returnees.errors';

export type ActiveConsent = { id: string; scope: ConsentScope[] };
export type ConsentStatus = { active: boolean; scope: ConsentScope[]; withdrawnAt: Date | null };

// Devices a few minutes ahead of the server still record "now".
const CLOCK_SKEW_MS = 5 * 60 * 1000;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class ConsentService {
  constructor(
    private readonly consents: ConsentRepository,
    private readonly returnees: ReturneeLookupService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly hooks: ConsentHooks,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  async listConsents(actor: Actor, q: ListQuery<ConsentFilter>): Promise<ListResult<ConsentDto>> {
    const scope = scopeOf(actor);
    const now = this.clock.now();
    return this.ds.transaction(async (m) => {
      const { rows, total, totalEstimated } = await this.consents.findPageInScope(m, scope, q, now);
      // one read row per request; a list about one person is recorded against that person
      await this.audit.record(
        actor,
        {
          action: 'read',
          entity: 'consent',
          entityId: q.filter.returneeId ?? null,
          diff: { ids: rows.map((c) => c.id), total, filters: Object.keys(q.filter) },
        },
        m,
      );
      return { rows: rows.map((c) => toConsentDto(c, now)), total, totalEstimated };
    });
  }

  async getConsent(actor: Actor, id: string): Promise<ConsentDto> {
    const scope = scopeOf(actor);
    const now = this.clock.now();
    return this.ds.transaction(async (m) => {
      const c = await this.consents.findOneInScope(m, scope, id);
      if (!c) throw CommonError.notFound('Consent');
      await this.audit.record(actor, { action: 'read', entity: 'consent', entityId: id, diff: { returneeId: c.returneeId } }, m);
      return toConsentDto(c, now);
    });
  }

  async recordConsent(actor: Actor, dto: CreateConsentDto): Promise<ConsentDto> {
    const now = this.clock.now();
    const { givenAt, expiresAt } = consentDates(dto, now);
    return this.ds.transaction(async (m) => {
      await this.returnees.requireInScope(actor, dto.returneeId, m);
      const id = await this.consents.insert(m, { returneeId: dto.returneeId, scope: dto.scope, givenAt, expiresAt, recordedBy: actor.userId });
      await this.audit.record(
        actor,
        {
          action: 'create',
          entity: 'consent',
          entityId: id,
          diff: { returneeId: dto.returneeId, scope: dto.scope, givenAt: givenAt.toISOString(), expiresAt: expiresAt?.toISOString() ?? null },
        },
        m,
      );
      return toConsentDto(await this.mustFind(m, id), now);
    });
  }

  // Takes effect at once: from this moment findActive and statusByIds no longer count the consent.
  async withdrawConsent(actor: Actor, id: string, dto: WithdrawConsentDto): Promise<ConsentDto> {
    const scope = scopeOf(actor);
    const now = this.clock.now();
    return this.ds.transaction(async (m) => {
      const c = await this.consents.findOneInScope(m, scope, id);
      if (!c) throw CommonError.notFound('Consent');
      if (c.withdrawnAt) throw ReturneeError.consentAlreadyWithdrawn(c.withdrawnAt);
      if (!(await this.consents.markWithdrawn(m, id, now))) {
        // a concurrent withdrawal committed first
        throw ReturneeError.consentAlreadyWithdrawn((await this.mustFind(m, id)).withdrawnAt ?? now);
      }
      await this.hooks.runWithdrawn(m, { consentId: id, returneeId: c.returneeId, scope: c.scope, withdrawnAt: now });
      await this.audit.record(
        actor,
        {
          action: 'update',
          entity: 'consent',
          entityId: id,
          diff: { returneeId: c.returneeId, scope: c.scope, withdrawnAt: { from: null, to: now.toISOString() }, reason: dto.reason ?? null },
        },
        m,
      );
      return toConsentDto(await this.mustFind(m, id), now);
    });
  }

  // For referrals: the consent that lets the returnee's data be shared at `at`, or null. No actor scope check:
  // the caller has already scoped the case it is working on.
  async findActive(returneeId: string, scopes: ConsentScope[], at: Date, m: EntityManager = this.ds.manager): Promise<ActiveConsent | null> {
    if (!UUID_RE.test(returneeId)) return null;
    const c = await this.consents.findLatestActiveCovering(m, returneeId, [...new Set(scopes)], at);
    return c ? { id: c.id, scope: c.scope } : null;
  }

  // findActive for a batch: the returnees among `returneeIds` with a consent in force covering `scopes`, in one query.
  async returneesWithActive(returneeIds: string[], scopes: ConsentScope[], at: Date, m: EntityManager = this.ds.manager): Promise<Set<string>> {
    const valid = [...new Set(returneeIds.filter((id) => UUID_RE.test(id)))];
    return this.consents.returneesWithActiveCovering(m, valid, [...new Set(scopes)], at);
  }

  // For referrals' lists: whether each consent still holds at `at`, in one query. Unknown ids are absent from the map.
  async statusByIds(ids: string[], at: Date, m: EntityManager = this.ds.manager): Promise<Map<string, ConsentStatus>> {
    const valid = [...new Set(ids.filter((id) => UUID_RE.test(id)))];
    const rows = await this.consents.findByIds(m, valid);
    return new Map(rows.map((c) => [c.id, { active: isConsentActiveAt(c, at), scope: c.scope, withdrawnAt: c.withdrawnAt }]));
  }

  private async mustFind(m: EntityManager, id: string): Promise<Consent> {
    const c = await this.consents.findById(m, id);
    if (!c) throw CommonError.notFound('Consent');
    return c;
  }
}

// givenAt may not be in the future (beyond clock skew, which is stored as now so the consent holds at once);
// expiresAt, when given, must come after givenAt.
function consentDates(dto: CreateConsentDto, now: Date): { givenAt: Date; expiresAt: Date | null } {
  const given = new Date(dto.givenAt);
  const expiresAt = dto.expiresAt ? new Date(dto.expiresAt) : null;
  const errors: FieldErrors = {};
  if (given.getTime() > now.getTime() + CLOCK_SKEW_MS) errors.givenAt = 'must not be in the future';
  if (expiresAt && expiresAt.getTime() <= given.getTime()) errors.expiresAt = 'must be after givenAt';
  if (Object.keys(errors).length > 0) throw ReturneeError.invalidConsent(errors);
  return { givenAt: given.getTime() > now.getTime() ? now : given, expiresAt };
}
