import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, addWorkingDays, Clock, CommonError, isUniqueViolation, ListQuery, ListResult } from '@kaytuu/shared';
import { AuditService } from '@kaytuu/audit';
import { UserService } from '@kaytuu/access';
import { canEditCase, CaseQueryService, CaseReferralView, CaseTimelineService } from '@kaytuu/cases';
import { DirectoryService } from '@kaytuu/directory';
import { NewNotification, NotificationService } from '@kaytuu/notifications';
import { ConsentScope, ConsentService, ReturneeLookupService } from '@kaytuu/returnees';
import { CreateReferralDto } from './dto/create-referral.dto';
import { ReferralDto, sharedReturnee, toReferralDto } from './dto/referral.dto';
import { UpdateReferralDto } from './dto/update-referral.dto';
import {
  allowedReferralTransitions,
  canAddReferralNote,
  DocumentGrant,
  organizationDocumentGrant,
  organizationSeesCaseSideText,
  referralScope,
} from './referral-access';
import { CreateReferralNoteDto, ReferralNoteDto, toReferralNoteDto } from './dto/referral-note.dto';
import { ReferralMessageService } from './referral-message.service';
import { ReferralLabel, referralNotification, ReferralNotificationKind } from './referral-notification';
import { Referral, DEFAULT_SHARED_FIELDS, ReferralStatus, SharedField } from './referral.entity';
import { ReferralFilter, ReferralPatch, ReferralRepository } from './referral.repository';
import { ReferralsError } from './referrals.errors';

export const DEFAULT_RESPONSE_WORKING_DAYS = 5;
const ESCALATION_BATCH = 200;
const REFERABLE_CASE_STATUSES = ['open', 'in_progress', 'on_hold'];

// What each step of the loop stamps, which text it needs, and who hears about it.
const STEP: Record<
  Exclude<ReferralStatus, 'sent'>,
  { stamp: keyof ReferralPatch; requires?: 'declinedReason' | 'outcome'; notify: 'staff' | 'organization' }
> = {
  accepted: { stamp: 'acceptedAt', notify: 'staff' },
  in_service: { stamp: 'inServiceAt', notify: 'staff' },
  completed: { stamp: 'completedAt', requires: 'outcome', notify: 'staff' },
  declined: { stamp: 'declinedAt', requires: 'declinedReason', notify: 'staff' },
  cancelled: { stamp: 'cancelledAt', notify: 'organization' },
};

export type ReferralPlanLink = {
  id: string;
  returneeId: string;
  officeId: string;
  organizationId: string;
  organizationName: string | null;
  status: ReferralStatus;
  sentAt: Date;
};

@Injectable()
export class ReferralService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly referrals: ReferralRepository,
    private readonly cases: CaseQueryService,
    private readonly timeline: CaseTimelineService,
    private readonly returnees: ReturneeLookupService,
    private readonly consents: ConsentService,
    private readonly directory: DirectoryService,
    private readonly users: UserService,
    private readonly notifications: NotificationService,
    private readonly audit: AuditService,
    private readonly messages: ReferralMessageService,
    private readonly clock: Clock,
  ) {}

  async listReferrals(actor: Actor, q: ListQuery<ReferralFilter>): Promise<ListResult<ReferralDto>> {
    const scope = referralScope(actor);
    const fl = q.filter;
    // `mine` and `q` are staff filters: an organisation's staff see only their own organisation's referrals anyway
    if (actor.role === 'ngo_staff' && (fl.mine !== undefined || fl.q)) {
      throw CommonError.validation({ [fl.q ? 'filter.q' : 'filter.mine']: 'is not available to organisation staff' });
    }
    const mineOf = fl.mine !== undefined ? { userId: actor.userId, caseIds: await this.cases.assignedCaseIds(actor.userId) } : undefined;
    const returneeIdsMatching = fl.q ? await this.returnees.findIdsMatching(actor, fl.q) : undefined;
    const page = await this.referrals.findPageInScope(scope, { ...q, filter: { ...fl, mineOf, returneeIdsMatching } }, this.clock.now());
    return { rows: await this.toDtos(actor, page.rows), total: page.total, totalEstimated: page.totalEstimated };
  }

  // One referral as its page shows it: with its service notes.
  async getReferral(actor: Actor, id: string): Promise<ReferralDto> {
    const r = await this.referrals.findOneInScope(referralScope(actor), id);
    if (!r) throw CommonError.notFound('Referral');
    const [dto] = await this.toDtos(actor, [r], this.ds.manager, { withNotes: true });
    return dto;
  }

  // A service note; the other side hears of it (in-app) and the case timeline keeps it.
  async addNote(actor: Actor, id: string, dto: CreateReferralNoteDto): Promise<ReferralNoteDto> {
    const note = await this.ds.transaction(async (m) => {
      const r = await this.referrals.lockOneInScope(referralScope(actor), id, m);
      if (!r) throw CommonError.notFound('Referral');
      const caseView = (await this.cases.referralViewsByIds([r.caseId], m)).get(r.caseId);
      if (!canAddReferralNote(r, actor, { canEditCase: caseView ? canEditCase(caseView, actor) : false })) throw ReferralsError.noteNotAllowed(r.status);
      const side = actor.role === 'ngo_staff' ? 'organization' : 'office';
      const saved = await this.referrals.insertNote(m, { referralId: id, authorId: actor.userId, side, text: dto.text });
      const organizationName = (await this.directory.organizationNamesByIds([r.organizationId])).get(r.organizationId) ?? null;
      await this.timeline.appendEvent(m, r.caseId, actor.userId, 'referral_note', {
        referralId: id,
        organizationId: r.organizationId,
        organizationName,
        side,
        text: dto.text,
      });
      await this.audit.record(actor, { action: 'create', entity: 'referral_note', entityId: saved.id, diff: { referralId: id, side } }, m);
      const label: ReferralLabel = { referralId: id, caseId: r.caseId, caseCode: caseView?.code ?? null, organizationName };
      const audience =
        side === 'organization'
          ? [...new Set([caseView?.assigneeId, r.createdBy].filter((u): u is string => typeof u === 'string'))]
          : await this.users.activeUserIds({ role: 'ngo_staff', organizationId: r.organizationId }, m);
      const to: 'staff' | 'organization' = side === 'organization' ? 'staff' : 'organization';
      await this.notifications.notifyMany(
        audience.filter((u) => u !== actor.userId).map((u) => referralNotification(u, 'referral_note', label, to, { noteId: saved.id })),
        m,
      );
      return saved;
    });
    return toReferralNoteDto(note, (await this.users.namesByIds([actor.userId])).get(actor.userId) ?? null);
  }

  async createReferral(actor: Actor, dto: CreateReferralDto): Promise<ReferralDto> {
    const now = this.clock.now();
    const respondBy = dto.respondBy ? new Date(dto.respondBy) : addWorkingDays(now, DEFAULT_RESPONSE_WORKING_DAYS);
    if (respondBy.getTime() <= now.getTime()) throw CommonError.validation({ respondBy: 'must be in the future' });
    const sharedFields: SharedField[] = dto.sharedFields ? [...new Set(dto.sharedFields)] : DEFAULT_SHARED_FIELDS;
    const created = await this.ds.transaction(async (m) => {
      const c = await this.cases.requireCaseForFollowUp(actor, dto.caseId, m);
      if (!canEditCase(c, actor)) throw ReferralsError.caseNotAssigned();
      if (!REFERABLE_CASE_STATUSES.includes(c.status)) throw ReferralsError.caseNotActive(c.status);
      if (sharedFields.includes('healthDetails') && c.type !== 'health_referral') {
        throw ReferralsError.invalid({ sharedFields: 'healthDetails applies to health referral cases only' }, 'Only a health case has health details to share');
      }
      const org = await this.directory.organizationForReferral(dto.organizationId, m);
      if (!org) throw ReferralsError.organizationUnavailable('missing');
      if (!org.active) throw ReferralsError.organizationUnavailable('inactive');
      if (!org.services.includes(c.type)) throw ReferralsError.organizationUnavailable('service');
      const scopes: ConsentScope[] = sharedFields.includes('healthDetails') ? ['share_with_ngo', 'share_health'] : ['share_with_ngo'];
      const consent = await this.consents.findActive(c.returneeId, scopes, now, m);
      if (!consent) throw ReferralsError.consentRequired(scopes);

      const r = await this.referrals
        .insert(m, {
          caseId: c.id,
          returneeId: c.returneeId,
          officeId: c.officeId,
          organizationId: org.id,
          consentId: consent.id,
          reason: dto.reason,
          sharedFields,
          sentAt: now,
          respondBy,
          createdBy: actor.userId,
        })
        .catch((err: unknown) => {
          if (isUniqueViolation(err, 'referral_open_uq')) throw ReferralsError.alreadyOpen();
          throw err;
        });
      await this.timeline.appendEvent(m, c.id, actor.userId, 'referral_sent', {
        referralId: r.id,
        organizationId: org.id,
        organizationName: org.name,
        reason: dto.reason,
        respondBy: respondBy.toISOString(),
        sharedFields,
      });
      await this.audit.record(
        actor,
        { action: 'create', entity: 'referral', entityId: r.id, diff: { caseId: c.id, organizationId: org.id, sharedFields, consentId: consent.id } },
        m,
      );
      const label: ReferralLabel = { referralId: r.id, caseId: c.id, caseCode: c.code, organizationName: org.name };
      const orgStaff = await this.users.activeUserIds({ role: 'ngo_staff', organizationId: org.id }, m);
      await this.notifications.notifyMany(
        orgStaff.map((u) => referralNotification(u, 'referral_received', label, 'organization', { respondBy: respondBy.toISOString() })),
        m,
      );
      await this.messages.writeSent(m, r.id, org);
      return r;
    });
    return (await this.toDtos(actor, [created]))[0];
  }

  // One step of the closed loop (or nothing but a stale-version check when no status is given).
  async updateReferral(actor: Actor, id: string, dto: UpdateReferralDto): Promise<ReferralDto> {
    const now = this.clock.now();
    const updated = await this.ds.transaction(async (m) => {
      const r = await this.referrals.lockOneInScope(referralScope(actor), id, m);
      if (!r) throw CommonError.notFound('Referral');
      if (r.version !== dto.version) throw CommonError.staleVersion('Referral', r.version);
      const to = dto.status;
      checkStepFields(dto);
      if (to === undefined || to === r.status) return r;
      const caseView = (await this.cases.referralViewsByIds([r.caseId], m)).get(r.caseId);
      const allowed = allowedReferralTransitions(r, actor, { canEditCase: caseView ? canEditCase(caseView, actor) : false });
      if (to === 'sent' || !allowed.includes(to)) throw ReferralsError.invalidTransition(r.status, to, allowed);
      const step = STEP[to];
      if (step.requires && !dto[step.requires]) throw CommonError.validation({ [step.requires]: `is required when the referral is ${to}` });
      const patch: ReferralPatch = { status: to, [step.stamp]: now };
      if (to === 'declined') patch.declinedReason = dto.declinedReason;
      if (to === 'completed') patch.outcome = dto.outcome;
      if (to === 'cancelled') patch.cancelReason = dto.cancelReason ?? null;
      await this.referrals.applyPatch(m, id, dto.version, patch);
      const saved = await this.referrals.findById(m, id);

      const organizationName = (await this.directory.organizationNamesByIds([r.organizationId])).get(r.organizationId) ?? null;
      const text =
        to === 'declined'
          ? { declinedReason: dto.declinedReason }
          : to === 'completed'
            ? { outcome: dto.outcome }
            : to === 'cancelled' && dto.cancelReason
              ? { cancelReason: dto.cancelReason }
              : {};
      await this.timeline.appendEvent(m, r.caseId, actor.userId, `referral_${to}`, {
        referralId: id,
        organizationId: r.organizationId,
        organizationName,
        from: r.status,
        ...text,
      });
      await this.audit.record(actor, { action: 'update', entity: 'referral', entityId: id, diff: { status: { from: r.status, to } } }, m);
      const label: ReferralLabel = { referralId: id, caseId: r.caseId, caseCode: caseView?.code ?? null, organizationName };
      const audience =
        step.notify === 'staff'
          ? [...new Set([caseView?.assigneeId, r.createdBy].filter((u): u is string => typeof u === 'string'))]
          : await this.users.activeUserIds({ role: 'ngo_staff', organizationId: r.organizationId }, m);
      const kind = `referral_${to}` as ReferralNotificationKind;
      await this.notifications.notifyMany(
        audience.filter((u) => u !== actor.userId).map((u) => referralNotification(u, kind, label, step.notify, text)),
        m,
      );
      return saved;
    });
    return (await this.toDtos(actor, [updated]))[0];
  }

  // What a reintegration plan's action shows and checks of a linked referral (returnee, office, organisation, status);
  // set-wise, no scope check (the plans context compares returnee and office with its plan's, which it scoped).
  async planLinksByIds(ids: string[], m: EntityManager = this.ds.manager): Promise<Map<string, ReferralPlanLink>> {
    const rows = await this.referrals.findByIds(m, [...new Set(ids)]);
    const orgs = rows.length ? await this.directory.organizationNamesByIds([...new Set(rows.map((r) => r.organizationId))]) : new Map<string, string>();
    return new Map(
      rows.map((r) => [
        r.id,
        {
          id: r.id,
          returneeId: r.returneeId,
          officeId: r.officeId,
          organizationId: r.organizationId,
          organizationName: orgs.get(r.organizationId) ?? null,
          status: r.status,
          sentAt: r.sentAt,
        },
      ]),
    );
  }

  // For the documents context: per returnee, what the organisation user may see of its documents through their
  // organisation's referrals (referral-access.ts: organizationDocumentGrant). Empty for anyone but organisation staff.
  async documentGrants(actor: Actor, m: EntityManager = this.ds.manager): Promise<Map<string, DocumentGrant>> {
    const out = new Map<string, DocumentGrant>();
    if (actor.role !== 'ngo_staff' || !actor.organizationId) return out;
    const rows = await this.referrals.findSharingDocuments(m, actor.organizationId);
    const consents = await this.consents.statusByIds(
      rows.map((r) => r.consentId),
      this.clock.now(),
      m,
    );
    for (const r of rows) {
      const g = organizationDocumentGrant(r, actor, consents.get(r.consentId));
      const had = out.get(r.returneeId) ?? { documents: false, health: false };
      out.set(r.returneeId, { documents: had.documents || g.documents, health: had.health || (g.documents && g.health) });
    }
    return out;
  }

  // Referrals still unanswered after respondBy: marked escalated once and their office's supervisors told (dedupe key
  // per referral and supervisor). Run by the worker's escalation tick; a second run finds nothing left.
  async escalateUnanswered(now: Date): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.ds.transaction(async (m) => {
        const batch = await this.referrals.lockUnansweredBatch(m, now, ESCALATION_BATCH);
        if (batch.length === 0) return 0;
        await this.referrals.markEscalated(
          m,
          batch.map((r) => r.id),
          now,
        );
        const [views, orgNames] = [
          await this.cases.referralViewsByIds(
            batch.map((r) => r.caseId),
            m,
          ),
          await this.directory.organizationNamesByIds(batch.map((r) => r.organizationId)),
        ];
        const supervisors = new Map<string, string[]>();
        const notes: NewNotification[] = [];
        for (const r of batch) {
          const organizationName = orgNames.get(r.organizationId) ?? null;
          await this.timeline.appendEvent(m, r.caseId, null, 'referral_overdue', {
            referralId: r.id,
            organizationId: r.organizationId,
            organizationName,
            respondBy: r.respondBy.toISOString(),
          });
          if (!supervisors.has(r.officeId)) supervisors.set(r.officeId, await this.users.activeUserIds({ role: 'supervisor', officeId: r.officeId }, m));
          const label: ReferralLabel = { referralId: r.id, caseId: r.caseId, caseCode: views.get(r.caseId)?.code ?? null, organizationName };
          for (const sup of supervisors.get(r.officeId)!) {
            notes.push(referralNotification(sup, 'referral_overdue', label, 'staff', { respondBy: r.respondBy.toISOString() }));
          }
        }
        await this.audit.recordMany(
          null,
          batch.map((r) => ({ action: 'update' as const, entity: 'referral', entityId: r.id, diff: { escalated: true } })),
          m,
        );
        await this.notifications.notifyMany(notes, m);
        return batch.length;
      });
      total += n;
      if (n < ESCALATION_BATCH) return total;
    }
  }

  // The DTOs of a page, set-wise. Organisation staff get the shared returnee fields (only while the consent holds) and
  // the case details (health ones only when shared under a consent covering health); the read is audited per returnee.
  // `withNotes` (a single referral's page): its service notes too, oldest first; organisation staff get only their own
  // while the case side's words are hidden from them (organizationSeesCaseSideText).
  private async toDtos(actor: Actor, rows: Referral[], m: EntityManager = this.ds.manager, opts: { withNotes?: boolean } = {}): Promise<ReferralDto[]> {
    if (rows.length === 0) return [];
    const now = this.clock.now();
    const isOrg = actor.role === 'ngo_staff';
    const [views, orgNames, userNames, consents] = [
      await this.cases.referralViewsByIds(
        rows.map((r) => r.caseId),
        m,
      ),
      await this.directory.organizationNamesByIds(rows.map((r) => r.organizationId)),
      await this.users.namesByIds(rows.map((r) => r.createdBy)),
      await this.consents.statusByIds(
        rows.map((r) => r.consentId),
        now,
        m,
      ),
    ];
    const profiles = isOrg
      ? await this.returnees.profilesForSharing(
          rows.map((r) => r.returneeId),
          m,
        )
      : new Map();
    const returneeNames = isOrg
      ? new Map<string, string>()
      : await this.returnees.namesByIds(
          rows.map((r) => r.returneeId),
          m,
        );
    const notesOf = new Map(opts.withNotes ? await Promise.all(rows.map(async (r) => [r.id, await this.referrals.findNotes(r.id)] as const)) : []);
    const noteAuthors = await this.users.namesByIds([...notesOf.values()].flat().map((n) => n.authorId));
    const notesFor = (r: Referral, caseSideVisible: boolean): Pick<ReferralDto, 'notes'> => {
      const notes = notesOf.get(r.id);
      if (!notes) return {};
      const shown = caseSideVisible ? notes : notes.filter((n) => n.side === 'organization');
      return { notes: shown.map((n) => toReferralNoteDto(n, noteAuthors.get(n.authorId) ?? null)) };
    };
    const dtos = rows.map((r) => {
      const view = views.get(r.caseId);
      const consent = consents.get(r.consentId);
      const consentActive = Boolean(consent?.active && consent.scope.includes('share_with_ngo'));
      const dto = toReferralDto(r, {
        caseView: view,
        organizationName: orgNames.get(r.organizationId) ?? null,
        createdByName: userNames.get(r.createdBy) ?? null,
        consentActive,
        allowedTransitions: allowedReferralTransitions(r, actor, { canEditCase: view ? canEditCase(view, actor) : false }),
        canAddNote: canAddReferralNote(r, actor, { canEditCase: view ? canEditCase(view, actor) : false }),
        now,
      });
      if (!isOrg) return { ...dto, ...notesFor(r, true), returneeId: r.returneeId, returneeName: returneeNames.get(r.returneeId) ?? null };
      const healthShared = r.sharedFields.includes('healthDetails') && Boolean(consent?.scope.includes('share_health'));
      const caseSideVisible = organizationSeesCaseSideText(consent, view?.type);
      return {
        ...dto,
        ...(caseSideVisible ? {} : { caseTitle: null, reason: null, cancelReason: null }),
        ...notesFor(r, caseSideVisible),
        returnee: consentActive ? sharedReturnee(profiles.get(r.returneeId), r.sharedFields) : {},
        caseDetails: consentActive ? detailsFor(view, healthShared) : null,
      };
    });
    if (isOrg) {
      const shown = rows.filter((r, i) => Object.keys(dtos[i].returnee ?? {}).length > 0);
      await this.audit.recordMany(
        actor,
        shown.map((r) => ({
          action: 'read' as const,
          entity: 'returnee',
          entityId: r.returneeId,
          diff: { via: 'referral', referralId: r.id, fields: r.sharedFields },
        })),
      );
    }
    return dtos;
  }
}

function detailsFor(view: CaseReferralView | undefined, healthShared: boolean): Record<string, unknown> | null {
  if (!view) return null;
  if (view.type === 'health_referral' && !healthShared) return null;
  return view.details;
}

// Step texts belong to their step: a declinedReason on anything but a decline is a mistake worth saying.
function checkStepFields(dto: UpdateReferralDto): void {
  const owner: Array<[keyof UpdateReferralDto, ReferralStatus]> = [
    ['declinedReason', 'declined'],
    ['outcome', 'completed'],
    ['cancelReason', 'cancelled'],
  ];
  for (const [field, status] of owner) {
    if (dto[field] !== undefined && dto.status !== status) throw CommonError.validation({ [field]: `only goes with status ${status}` });
  }
}
