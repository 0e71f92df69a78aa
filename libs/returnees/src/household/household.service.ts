import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, CommonError, ListQuery, ListResult } from '@kaytuu/shared';
import { AuditService } from '@kaytuu/audit';
import { UserService } from '@kaytuu/access';
import { NotificationService } from '@kaytuu/notifications';
import { ageOn, todayInBishkek } from '../identifiers';
import { fullNameOf } from '../name-search';
import { scopeOf } from '../returnee-scope';
import { ReturneeRecord } from '../returnee.entity';
import { ReturneeRepository, ReturneeScope } from '../returnee.repository';
import { CreateHouseholdMemberDto, HouseholdMemberDto, UpdateHouseholdMemberDto } from './household-member.dto';
import { HouseholdMember } from './household-member.entity';
import { HouseholdFilter, HouseholdMemberRepository, HouseholdMemberWrite } from './household-member.repository';
import { checkHouseholdSize, checkMember, childWithoutCaregiver, deriveHousehold, MemberValues } from './household-rules';

const INVALID = 'The household member is not valid';

// A returnee's household members (GET/POST/PUT/DELETE /api/returnees/:id/household-members[/:memberId]). Scope is
// the returnee's; every read and change is audited. Each change rewrites the returnee's derived householdSize,
// dependents and childWithoutCaregiver in the same transaction, with the returnee row locked, and tells the office's
// supervisors once when a child without a caregiver first appears (the flag turning on).
@Injectable()
export class HouseholdService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly members: HouseholdMemberRepository,
    private readonly returnees: ReturneeRepository,
    private readonly audit: AuditService,
    private readonly users: UserService,
    private readonly notifications: NotificationService,
  ) {}

  async list(actor: Actor, returneeId: string, q: ListQuery<HouseholdFilter>): Promise<ListResult<HouseholdMemberDto>> {
    const scope = scopeOf(actor);
    return this.ds.transaction(async (m) => {
      await this.returneeOrFail(m, scope, returneeId);
      const page = await this.members.listPage(m, returneeId, q);
      await this.audit.record(
        actor,
        { action: 'read', entity: 'household_member', entityId: null, diff: { returneeId, ids: page.rows.map((r) => r.id), total: page.total } },
        m,
      );
      const today = todayInBishkek();
      return { rows: page.rows.map((r) => toDto(r, today)), total: page.total, totalEstimated: false };
    });
  }

  async get(actor: Actor, returneeId: string, memberId: string): Promise<HouseholdMemberDto> {
    const scope = scopeOf(actor);
    return this.ds.transaction(async (m) => {
      await this.returneeOrFail(m, scope, returneeId);
      const row = await this.members.findOf(m, returneeId, memberId);
      if (!row) throw CommonError.notFound('Household member');
      await this.audit.record(actor, { action: 'read', entity: 'household_member', entityId: memberId, diff: { returneeId } }, m);
      return toDto(row, todayInBishkek());
    });
  }

  async create(actor: Actor, returneeId: string, dto: CreateHouseholdMemberDto): Promise<HouseholdMemberDto> {
    const scope = scopeOf(actor);
    return this.ds.transaction(async (m) => {
      const r = await this.returneeOrFail(m, scope, returneeId, true);
      const today = todayInBishkek();
      const tooMany = checkHouseholdSize(await this.members.countOf(m, returneeId));
      if (Object.keys(tooMany).length) throw CommonError.unprocessable(tooMany, 'The household is full');
      const values: MemberValues = {
        relation: dto.relation,
        birthDate: dto.birthDate,
        livesWhere: dto.livesWhere,
        caregiverName: dto.caregiverName ?? null,
        inSchool: dto.inSchool ?? null,
        concerns: dto.concerns ?? [],
        linkedReturneeId: dto.linkedReturneeId ?? null,
      };
      await this.assertValid(m, scope, r, values, today);
      const row: HouseholdMemberWrite = { ...values, returneeId, lastName: dto.lastName, firstName: dto.firstName, sex: dto.sex, createdBy: actor.userId };
      const id = await this.members.insert(m, row);
      await this.audit.record(actor, { action: 'create', entity: 'household_member', entityId: id, diff: auditValues(returneeId, values) }, m);
      await this.recompute(m, actor, r, today);
      return toDto((await this.members.findOf(m, returneeId, id)) as HouseholdMember, today);
    });
  }

  async update(actor: Actor, returneeId: string, memberId: string, dto: UpdateHouseholdMemberDto): Promise<HouseholdMemberDto> {
    const scope = scopeOf(actor);
    return this.ds.transaction(async (m) => {
      const r = await this.returneeOrFail(m, scope, returneeId, true);
      const before = await this.members.findOf(m, returneeId, memberId, true);
      if (!before) throw CommonError.notFound('Household member');
      if (before.version !== dto.version) throw CommonError.staleVersion('Household member', before.version);
      const today = todayInBishkek();
      const values: MemberValues = {
        relation: dto.relation ?? before.relation,
        birthDate: dto.birthDate ?? before.birthDate,
        livesWhere: dto.livesWhere ?? before.livesWhere,
        caregiverName: dto.caregiverName === undefined ? before.caregiverName : dto.caregiverName,
        inSchool: dto.inSchool === undefined ? before.inSchool : dto.inSchool,
        concerns: dto.concerns ?? before.concerns,
        linkedReturneeId: dto.linkedReturneeId === undefined ? before.linkedReturneeId : dto.linkedReturneeId,
      };
      await this.assertValid(m, scope, r, values, today);
      await this.members.update(m, memberId, dto.version, {
        ...values,
        lastName: dto.lastName ?? before.lastName,
        firstName: dto.firstName ?? before.firstName,
        sex: dto.sex ?? before.sex,
      });
      await this.audit.record(actor, { action: 'update', entity: 'household_member', entityId: memberId, diff: auditValues(returneeId, values) }, m);
      await this.recompute(m, actor, r, today);
      return toDto((await this.members.findOf(m, returneeId, memberId)) as HouseholdMember, today);
    });
  }

  async remove(actor: Actor, returneeId: string, memberId: string): Promise<HouseholdMemberDto> {
    const scope = scopeOf(actor);
    return this.ds.transaction(async (m) => {
      const r = await this.returneeOrFail(m, scope, returneeId, true);
      const row = await this.members.findOf(m, returneeId, memberId, true);
      if (!row) throw CommonError.notFound('Household member');
      const today = todayInBishkek();
      await this.members.remove(m, memberId);
      await this.audit.record(actor, { action: 'delete', entity: 'household_member', entityId: memberId, diff: { returneeId, relation: row.relation } }, m);
      await this.recompute(m, actor, r, today);
      return toDto(row, today);
    });
  }

  private async returneeOrFail(m: EntityManager, scope: ReturneeScope, id: string, lock = false): Promise<ReturneeRecord> {
    const r = await this.returnees.findLiveInScope(m, scope, id, lock);
    if (!r) throw CommonError.notFound('Returnee');
    return r;
  }

  private async assertValid(m: EntityManager, scope: ReturneeScope, r: ReturneeRecord, v: MemberValues, today: string): Promise<void> {
    const errors = checkMember(v, r, today);
    // a returnee outside the caller's scope reads as absent, like everywhere else
    if (v.linkedReturneeId && !errors.linkedReturneeId && !(await this.returnees.findLiveInScope(m, scope, v.linkedReturneeId))) {
      errors.linkedReturneeId = 'does not exist';
    }
    if (Object.keys(errors).length) throw CommonError.unprocessable(errors, INVALID);
  }

  // The returnee's derived columns from its members, written only when they change (bumping the returnee's version,
  // so a returnee form opened before the change gets 409 instead of writing the old counts back).
  private async recompute(m: EntityManager, actor: Actor, r: ReturneeRecord, today: string): Promise<void> {
    const derived = deriveHousehold(await this.members.allOf(m, r.id), today);
    const changed =
      derived.householdSize !== r.householdSize || derived.dependents !== r.dependents || derived.childWithoutCaregiver !== r.childWithoutCaregiver;
    if (!changed) return;
    if (!(await this.returnees.updateVersioned(m, r.id, r.version, derived))) throw CommonError.staleVersion('Returnee', r.version + 1);
    const diff: Record<string, unknown> = {};
    for (const key of ['householdSize', 'dependents', 'childWithoutCaregiver'] as const) {
      if (derived[key] !== r[key]) diff[key] = { from: r[key], to: derived[key] };
    }
    await this.audit.record(actor, { action: 'update', entity: 'returnee', entityId: r.id, diff: { ...diff, source: 'household' } }, m);
    if (derived.childWithoutCaregiver && !r.childWithoutCaregiver) await this.tellSupervisors(m, r);
  }

  // Once per occurrence: the flag turning on is one occurrence; the returnee's new version makes the key unique to it.
  private async tellSupervisors(m: EntityManager, r: ReturneeRecord): Promise<void> {
    const supervisors = await this.users.activeUserIds({ role: 'supervisor', officeId: r.officeId }, m);
    const returneeName = fullNameOf(r);
    await this.notifications.notifyMany(
      supervisors.map((userId) => ({
        userId,
        kind: 'household_child_without_caregiver' as const,
        // Russian fallback only: the console renders kind + data in the UI language
        title: `Ребёнок без опекуна в семье: ${returneeName} (${r.code})`,
        body: '',
        link: `#/returnees/${r.id}/show`,
        data: { returneeId: r.id, returneeCode: r.code, returneeName },
        dedupeKey: `household:${r.id}:child_without_caregiver:v${r.version + 1}:${userId}`,
      })),
      m,
    );
  }
}

// No names in the audit diff: what changed about the member, not who they are.
function auditValues(returneeId: string, v: MemberValues): Record<string, unknown> {
  return {
    returneeId,
    relation: v.relation,
    livesWhere: v.livesWhere,
    caregiver: v.caregiverName ? 'set' : null,
    inSchool: v.inSchool,
    concerns: v.concerns,
    linkedReturneeId: v.linkedReturneeId,
  };
}

function toDto(r: HouseholdMember, today: string): HouseholdMemberDto {
  return {
    id: r.id,
    returneeId: r.returneeId,
    relation: r.relation,
    lastName: r.lastName,
    firstName: r.firstName,
    sex: r.sex,
    birthDate: r.birthDate,
    age: ageOn(r.birthDate, today),
    livesWhere: r.livesWhere,
    caregiverName: r.caregiverName,
    inSchool: r.inSchool,
    concerns: r.concerns,
    linkedReturneeId: r.linkedReturneeId,
    withoutCaregiver: childWithoutCaregiver(r, today),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    version: r.version,
  };
}
