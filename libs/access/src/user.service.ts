import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { Actor, CommonError, Locale, isUniqueViolation, ListQuery, ListResult, Role } from '@kaytuu/shared';
import { AuditService } from '@kaytuu/audit';
import { AccessError } from './access.errors';
import { CreateUserDto, toUserDto, UpdateUserDto, UserDto } from './dto/user.dto';
import { COMMON_PASSWORD_MESSAGE, isPersonalPassword } from './common-passwords';
import { hashPassword } from './password';
import { TokenService } from './token.service';
import { User } from './user.entity';

export type UserFilter = { q?: string; role?: string[]; officeId?: string; organizationId?: string; active?: boolean; id?: string[] };
const SORT_COLUMNS: Record<string, string> = { fullName: 'u.full_name', email: 'u.email', role: 'u.role', createdAt: 'u.created_at', lastLoginAt: 'u.last_login_at' };
export const USER_SORTABLE = Object.keys(SORT_COLUMNS);
// ids from other contexts go into a uuid column: anything else would be a Postgres cast error, not "no such user"
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class UserService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
  ) {}

  // Admins see every user; office staff see the users of their own office (to pick an assignee); NGO staff see themselves.
  private scoped(actor: Actor, m: EntityManager = this.ds.manager): SelectQueryBuilder<User> {
    const qb = m.getRepository(User).createQueryBuilder('u');
    if (actor.role === 'supervisor' || actor.role === 'caseworker') qb.andWhere('u.office_id = :office', { office: actor.officeId });
    if (actor.role === 'ngo_staff') qb.andWhere('u.id = :self', { self: actor.userId });
    return qb;
  }

  async listUsers(actor: Actor, q: ListQuery<UserFilter>): Promise<ListResult<UserDto>> {
    const qb = this.scoped(actor);
    const f = q.filter;
    if (f.q) whereNameOrEmailContains(qb, f.q);
    if (f.role) qb.andWhere('u.role IN (:...roles)', { roles: f.role });
    if (f.officeId) qb.andWhere('u.office_id = :officeId', { officeId: f.officeId });
    if (f.organizationId) qb.andWhere('u.organization_id = :orgId', { orgId: f.organizationId });
    if (f.active !== undefined) qb.andWhere('u.active = :active', { active: f.active });
    if (f.id) qb.andWhere('u.id IN (:...ids)', { ids: f.id });
    qb.orderBy(SORT_COLUMNS[q.sort.field], q.sort.order, 'NULLS LAST').addOrderBy('u.id', 'ASC').offset(q.offset).limit(q.limit);
    const [rows, total] = await qb.getManyAndCount();
    return { rows: rows.map(toUserDto), total };
  }

  async getUser(actor: Actor, id: string): Promise<UserDto> {
    const user = await this.scoped(actor).andWhere('u.id = :id', { id }).getOne();
    if (!user) throw CommonError.notFound('User');
    return toUserDto(user);
  }

  async createUser(actor: Actor, dto: CreateUserDto): Promise<UserDto> {
    checkScope(dto.role, dto.officeId ?? null, dto.organizationId ?? null);
    const passwordHash = await hashPassword(dto.password);
    return this.ds.transaction(async (m) => {
      try {
        const user = await m.save(User, {
          email: dto.email,
          fullName: dto.fullName.trim(),
          role: dto.role,
          officeId: dto.officeId ?? null,
          organizationId: dto.organizationId ?? null,
          locale: dto.locale ?? 'ru',
          passwordHash,
        });
        await this.audit.record(actor, { action: 'create', entity: 'user', entityId: user.id, diff: { email: dto.email, role: dto.role } }, m);
        return toUserDto(await m.findOneByOrFail(User, { id: user.id }));
      } catch (err) {
        throw mapUserWriteError(err);
      }
    });
  }

  async updateUser(actor: Actor, id: string, dto: UpdateUserDto): Promise<UserDto> {
    return this.ds.transaction(async (m) => {
      const user = await m.findOne(User, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw CommonError.notFound('User');
      const role = dto.role ?? user.role;
      const officeId = dto.officeId !== undefined ? dto.officeId : user.officeId;
      const organizationId = dto.organizationId !== undefined ? dto.organizationId : user.organizationId;
      checkScope(role, officeId, organizationId);
      const patch: Partial<User> = { role, officeId, organizationId };
      if (dto.email !== undefined) patch.email = dto.email;
      if (dto.fullName !== undefined) patch.fullName = dto.fullName.trim();
      if (dto.locale !== undefined) patch.locale = dto.locale;
      if (dto.active !== undefined) patch.active = dto.active;
      if (dto.password !== undefined) {
        // the DTO compares with the email and name sent along; a password change alone is compared with the stored ones
        if (isPersonalPassword(dto.password, patch.email ?? user.email, patch.fullName ?? user.fullName)) throw CommonError.validation({ password: COMMON_PASSWORD_MESSAGE });
        patch.passwordHash = await hashPassword(dto.password);
      }
      try {
        await m.update(User, { id }, patch);
      } catch (err) {
        throw mapUserWriteError(err);
      }
      // a deactivated user or a new password ends every session at once
      if (dto.active === false || dto.password !== undefined) await this.tokens.revokeAllForUser(id, m);
      const changed = Object.keys(dto).filter((k) => k !== 'password');
      await this.audit.record(actor, { action: 'update', entity: 'user', entityId: id, diff: { changed, passwordChanged: dto.password !== undefined } }, m);
      return toUserDto(await m.findOneByOrFail(User, { id }));
    });
  }

  // Users are never deleted (audit rows point at them); DELETE deactivates.
  async deactivateUser(actor: Actor, id: string): Promise<UserDto> {
    if (id === actor.userId) throw CommonError.unprocessable({ id: 'you cannot deactivate yourself' }, 'You cannot deactivate your own account');
    return this.updateUser(actor, id, { active: false });
  }

  async findByEmail(email: string): Promise<User | null> {
    return this.ds.getRepository(User).findOne({ where: { email: email.toLowerCase() } });
  }

  // id → full name in one query, for timelines in other contexts (cases); deactivated users keep their names there.
  async namesByIds(ids: string[]): Promise<Map<string, string>> {
    return new Map([...(await this.identitiesByIds(ids))].map(([id, u]) => [id, u.fullName]));
  }

  // id → email and full name in one query (the audit log names its actors).
  async identitiesByIds(ids: string[]): Promise<Map<string, { email: string; fullName: string }>> {
    const valid = [...new Set(ids.filter((id) => UUID_RE.test(id)))];
    if (valid.length === 0) return new Map();
    const rows = await this.ds.getRepository(User).find({ select: { id: true, email: true, fullName: true }, where: { id: In(valid) } });
    return new Map(rows.map((u) => [u.id, { email: u.email, fullName: u.fullName }]));
  }

  // Ids of the users (active or not) whose email or full name contains `text`, case-insensitively.
  async idsMatching(text: string): Promise<string[]> {
    const rows = await whereNameOrEmailContains(this.ds.getRepository(User).createQueryBuilder('u').select('u.id', 'id'), text).getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  // Where to email a user (reminders): only active users; the locale picks the mail's language.
  // Active users of a role in an office or an organisation (who to notify), read on the caller's manager.
  async activeUserIds(where: { role: Role; officeId?: string; organizationId?: string }, m: EntityManager = this.ds.manager): Promise<string[]> {
    const qb = m.getRepository(User).createQueryBuilder('u').select('u.id').where('u.active AND u.role = :role', { role: where.role });
    if (where.officeId) qb.andWhere('u.office_id = :officeId', { officeId: where.officeId });
    if (where.organizationId) qb.andWhere('u.organization_id = :organizationId', { organizationId: where.organizationId });
    return (await qb.orderBy('u.full_name').getMany()).map((u) => u.id);
  }

  async contactOf(userId: string, m: EntityManager = this.ds.manager): Promise<{ email: string; locale: Locale } | null> {
    const u = await m.getRepository(User).findOne({ select: { email: true, locale: true, active: true }, where: { id: userId } });
    return u && u.active ? { email: u.email, locale: u.locale } : null;
  }

  // Used by other contexts (cases) to check that an assignee is a caseworker/supervisor of a given office.
  async isStaffOfOffice(userId: string, officeId: string, m: EntityManager = this.ds.manager): Promise<boolean> {
    const n = await m.getRepository(User).count({ where: [
      { id: userId, officeId, role: 'caseworker', active: true },
      { id: userId, officeId, role: 'supervisor', active: true },
    ] });
    return n > 0;
  }
}

function checkScope(role: string, officeId: string | null, organizationId: string | null): void {
  const errors: Record<string, string> = {};
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
    const field = constraint?.includes('office') ? 'officeId' : 'organizationId';
    return CommonError.unprocessable({ [field]: 'does not exist' }, 'The office or organisation does not exist');
  }
  return err;
}

// The users list's `q` and the audit log's actor search: full name or email contains the text, case-insensitively
// (LIKE's wildcards in it are escaped with backslash, LIKE's default escape character).
function whereNameOrEmailContains(qb: SelectQueryBuilder<User>, text: string): SelectQueryBuilder<User> {
  return qb.andWhere('(u.full_name ILIKE :q OR u.email ILIKE :q)', { q: `%${text.replace(/[%_\\]/g, '\\$&')}%` });
}
