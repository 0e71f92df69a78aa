import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, CommonError, Locale, isUniqueViolation, ListQuery, ListResult, Role, SYSTEM_ACTOR } from '@kaytuu/shared';
import { AuditService } from '@kaytuu/audit';
import { AccessError } from './access.errors';
import { CreateUserDto, toUserDto, UpdateUserDto, UserDto } from './dto/user.dto';
import { COMMON_PASSWORD_MESSAGE, isPersonalPassword } from './common-passwords';
import { hashPassword } from './password';
import { TokenService } from './token.service';
import { User } from './user.entity';
import { OfficeStaffRow, UserFilter, UserPatch, UserRepository } from './user.repository';

export type OfficeStaff = OfficeStaffRow;
// ids from other contexts go into a uuid column: anything else would be a Postgres cast error, not "no such user"
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class UserService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly users: UserRepository,
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
  ) {}

  async listUsers(actor: Actor, q: ListQuery<UserFilter>): Promise<ListResult<UserDto>> {
    const page = await this.users.findPageInScope(actor, q);
    const grants = await this.users.findProgrammeGrants(page.rows.filter((u) => u.role === 'donor').map((u) => u.id));
    return { rows: page.rows.map((u) => toUserDto(u, grants.get(u.id) ?? [])), total: page.total };
  }

  // The ids of an office's active supervisors (who hear of what has nobody else to hear of it), by name.
  async activeSupervisorIds(officeId: string): Promise<string[]> {
    const page = await this.listUsers(SYSTEM_ACTOR, {
      sort: { field: 'fullName', order: 'ASC' },
      offset: 0,
      limit: 100,
      filter: { role: ['supervisor'], officeId, active: true },
    });
    return page.rows.map((u) => u.id);
  }

  async getUser(actor: Actor, id: string): Promise<UserDto> {
    const user = await this.users.findOneInScope(actor, id);
    if (!user) throw CommonError.notFound('User');
    return toUserDto(user, (await this.users.findProgrammeGrants([user.id])).get(user.id) ?? []);
  }

  async createUser(actor: Actor, dto: CreateUserDto): Promise<UserDto> {
    checkScope(dto.role, dto.officeId ?? null, dto.organizationId ?? null, dto.programmeIds);
    const passwordHash = await hashPassword(dto.password);
    return this.ds.transaction(async (m) => {
      try {
        const user = await this.users.insert(m, {
          email: dto.email,
          fullName: dto.fullName.trim(),
          role: dto.role,
          officeId: dto.officeId ?? null,
          organizationId: dto.organizationId ?? null,
          locale: dto.locale ?? 'ru',
          passwordHash,
        });
        const programmeIds = dto.role === 'donor' ? [...new Set(dto.programmeIds ?? [])] : [];
        await this.users.replaceProgrammeGrants(m, user.id, programmeIds);
        await this.audit.record(
          actor,
          {
            action: 'create',
            entity: 'user',
            entityId: user.id,
            diff: { email: dto.email, role: dto.role, ...(dto.role === 'donor' ? { programmeIds } : {}) },
          },
          m,
        );
        return toUserDto(user, programmeIds);
      } catch (err) {
        throw mapUserWriteError(err);
      }
    });
  }

  async updateUser(actor: Actor, id: string, dto: UpdateUserDto): Promise<UserDto> {
    return this.ds.transaction(async (m) => {
      const user = await this.users.lockById(m, id);
      if (!user) throw CommonError.notFound('User');
      const role = dto.role ?? user.role;
      const officeId = dto.officeId !== undefined ? dto.officeId : user.officeId;
      const organizationId = dto.organizationId !== undefined ? dto.organizationId : user.organizationId;
      checkScope(role, officeId, organizationId, dto.programmeIds);
      const patch: UserPatch = { role, officeId, organizationId };
      if (dto.email !== undefined) patch.email = dto.email;
      if (dto.fullName !== undefined) patch.fullName = dto.fullName.trim();
      if (dto.locale !== undefined) patch.locale = dto.locale;
      if (dto.active !== undefined) patch.active = dto.active;
      if (dto.password !== undefined) {
        // the DTO compares with the email and name sent along; a password change alone is compared with the stored ones
        if (isPersonalPassword(dto.password, patch.email ?? user.email, patch.fullName ?? user.fullName)) {
          throw CommonError.validation({ password: COMMON_PASSWORD_MESSAGE }).withFieldCodes({ password: 'PASSWORD_TOO_COMMON' });
        }
        patch.passwordHash = await hashPassword(dto.password);
      }
      let saved: User;
      try {
        saved = await this.users.update(m, id, patch);
        // a donor's grant is replaced when sent; a user who stops being a donor loses it
        if (role !== 'donor') await this.users.replaceProgrammeGrants(m, id, []);
        else if (dto.programmeIds !== undefined) await this.users.replaceProgrammeGrants(m, id, dto.programmeIds);
      } catch (err) {
        throw mapUserWriteError(err);
      }
      // a deactivated user or a new password ends every session at once
      if (dto.active === false || dto.password !== undefined) await this.tokens.revokeAllForUser(id, m);
      const changed = Object.keys(dto).filter((k) => k !== 'password');
      await this.audit.record(actor, { action: 'update', entity: 'user', entityId: id, diff: { changed, passwordChanged: dto.password !== undefined } }, m);
      return toUserDto(saved, (await this.users.findProgrammeGrants([id], m)).get(id) ?? []);
    });
  }

  // Users are never deleted (audit rows point at them); DELETE deactivates.
  async deactivateUser(actor: Actor, id: string): Promise<UserDto> {
    if (id === actor.userId) throw CommonError.unprocessable({ id: 'you cannot deactivate yourself' }, 'You cannot deactivate your own account');
    return this.updateUser(actor, id, { active: false });
  }

  findByEmail(email: string): Promise<User | null> {
    return this.users.findByEmail(email);
  }

  // id → full name in one query, for timelines in other contexts (cases); deactivated users keep their names there.
  async namesByIds(ids: string[]): Promise<Map<string, string>> {
    return new Map([...(await this.identitiesByIds(ids))].map(([id, u]) => [id, u.fullName]));
  }

  // id → email and full name in one query (the audit log names its actors).
  async identitiesByIds(ids: string[]): Promise<Map<string, { email: string; fullName: string }>> {
    const valid = [...new Set(ids.filter((id) => UUID_RE.test(id)))];
    if (valid.length === 0) return new Map();
    const rows = await this.users.findIdentities(valid);
    return new Map(rows.map((u) => [u.id, { email: u.email, fullName: u.fullName }]));
  }

  // Ids of the users (active or not) whose email or full name contains `text`, case-insensitively.
  idsMatching(text: string): Promise<string[]> {
    return this.users.findIdsMatching(text);
  }

  // Active users of a role in an office or an organisation (who to notify), read on the caller's manager.
  activeUserIds(where: { role: Role; officeId?: string; organizationId?: string }, m?: EntityManager): Promise<string[]> {
    return this.users.findActiveIds(where, m);
  }

  // Where to email a user (reminders): only active users; the locale picks the mail's language.
  async contactOf(userId: string, m?: EntityManager): Promise<{ email: string; locale: Locale } | null> {
    const u = await this.users.findContact(userId, m);
    return u && u.active ? { email: u.email, locale: u.locale } : null;
  }

  // The programmes a donor user is granted (assistance: what a donor sees); empty for any other user.
  async programmeGrantsOf(userId: string, m?: EntityManager): Promise<string[]> {
    return (await this.users.findProgrammeGrants([userId], m)).get(userId) ?? [];
  }

  // Used by other contexts (cases) to check that an assignee is a caseworker/supervisor of a given office.
  async isStaffOfOffice(userId: string, officeId: string, m?: EntityManager): Promise<boolean> {
    return (await this.users.countActiveInOffice(userId, officeId, ['caseworker', 'supervisor'], m)) > 0;
  }

  // Caseworkers and supervisors of an office (of every office: null), active or not: the supervision caseload's rows.
  officeStaff(officeId: string | null, ids?: string[]): Promise<OfficeStaff[]> {
    return this.users.findOfficeStaff(
      officeId,
      ids?.filter((id) => UUID_RE.test(id)),
    );
  }
}

function checkScope(role: string, officeId: string | null, organizationId: string | null, programmeIds?: string[]): void {
  const errors: Record<string, string> = {};
  if (role === 'donor' && officeId) errors.officeId = 'must be empty for donors';
  if (role === 'donor' && organizationId) errors.organizationId = 'must be empty for donors';
  if (role !== 'donor' && programmeIds?.length) errors.programmeIds = 'only donors are granted programmes';
  if ((role === 'supervisor' || role === 'caseworker') && !officeId) errors.officeId = 'is required for office staff';
  if ((role === 'supervisor' || role === 'caseworker' || role === 'admin') && organizationId) errors.organizationId = 'must be empty for this role';
  if (role === 'ngo_staff' && !organizationId) errors.organizationId = 'is required for NGO staff';
  if (role === 'ngo_staff' && officeId) errors.officeId = 'must be empty for NGO staff';
  if (Object.keys(errors).length) throw AccessError.invalidScope(errors);
}

function mapUserWriteError(err: unknown): unknown {
  if (isUniqueViolation(err, 'app_user_email_uq')) return AccessError.emailTaken();
  const code = (err as { code?: string; driverError?: { code?: string } })?.driverError?.code ?? (err as { code?: string }).code;
  const constraint = (err as { driverError?: { constraint?: string } })?.driverError?.constraint;
  if (code === '23503') {
    if (constraint === 'donor_programme_programme_id_fkey') {
      return CommonError.unprocessable({ programmeIds: 'a programme does not exist' }, 'A programme does not exist');
    }
    const field = constraint?.includes('office') ? 'officeId' : 'organizationId';
    return CommonError.unprocessable({ [field]: 'does not exist' }, 'The office or organisation does not exist');
  }
  return err;
}
