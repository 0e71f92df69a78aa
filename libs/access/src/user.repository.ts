import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { Actor, containsPattern, ID_SORT, ListQuery, ListResult, Role } from '@kaytuu/shared';
import { User } from './user.entity';

export type UserFilter = { q?: string; role?: string[]; officeId?: string; organizationId?: string; active?: boolean; id?: string[] };
const SORT_COLUMNS: Record<string, string> = {
  fullName: 'u.full_name',
  email: 'u.email',
  role: 'u.role',
  createdAt: 'u.created_at',
  lastLoginAt: 'u.last_login_at',
  [ID_SORT]: 'u.id',
};
export const USER_SORTABLE = Object.keys(SORT_COLUMNS);

export type UserInsert = Pick<User, 'email' | 'fullName' | 'role' | 'officeId' | 'organizationId' | 'locale' | 'passwordHash'>;
export type UserPatch = Partial<Pick<User, 'email' | 'fullName' | 'role' | 'officeId' | 'organizationId' | 'locale' | 'active' | 'passwordHash'>>;
export type LoginStatePatch = Partial<Pick<User, 'lastLoginAt' | 'failedLoginCount' | 'firstFailedLoginAt' | 'lockedUntil'>>;
const FIND_ACTOR_SQL = `SELECT u.id, u.role, u.office_id, u.organization_id, u.active,
  EXISTS (SELECT 1 FROM refresh_token rt WHERE rt.family_id = $2 AND rt.user_id = u.id AND rt.revoked_at IS NULL) AS session_live
  FROM app_user u WHERE u.id = $1`;

// What the guard needs of the user behind an access token, and whether the token's session (refresh-token family) lives.
export type ActorRow = { user: Pick<User, 'id' | 'role' | 'officeId' | 'organizationId' | 'active'> | null; sessionLive: boolean };
export type OfficeStaffRow = Pick<User, 'id' | 'fullName' | 'role' | 'officeId' | 'active'>;

@Injectable()
export class UserRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  // Admins see every user; office staff see the users of their own office (to pick an assignee); NGO staff and donors
  // see themselves.
  private scoped(actor: Actor, m: EntityManager = this.ds.manager): SelectQueryBuilder<User> {
    const qb = m.getRepository(User).createQueryBuilder('u');
    if (actor.role === 'supervisor' || actor.role === 'caseworker') qb.andWhere('u.office_id = :office', { office: actor.officeId });
    if (actor.role === 'ngo_staff' || actor.role === 'donor') qb.andWhere('u.id = :self', { self: actor.userId });
    return qb;
  }

  async findPageInScope(actor: Actor, q: ListQuery<UserFilter>): Promise<ListResult<User>> {
    const qb = this.scoped(actor);
    const f = q.filter;
    if (f.q) whereNameOrEmailContains(qb, f.q);
    if (f.role) qb.andWhere('u.role IN (:...roles)', { roles: f.role });
    if (f.officeId) qb.andWhere('u.office_id = :officeId', { officeId: f.officeId });
    if (f.organizationId) qb.andWhere('u.organization_id = :orgId', { orgId: f.organizationId });
    if (f.active !== undefined) qb.andWhere('u.active = :active', { active: f.active });
    if (f.id) qb.andWhere('u.id IN (:...ids)', { ids: f.id });
    qb.orderBy(SORT_COLUMNS[q.sort.field], q.sort.order, 'NULLS LAST').addOrderBy('u.id', q.sort.order).offset(q.offset).limit(q.limit);
    const [rows, total] = await qb.getManyAndCount();
    return { rows, total };
  }

  findOneInScope(actor: Actor, id: string): Promise<User | null> {
    return this.scoped(actor).andWhere('u.id = :id', { id }).getOne();
  }

  // A donor's grant: the programmes it sees (donor_programme), replaced as a whole.
  async replaceProgrammeGrants(m: EntityManager, userId: string, programmeIds: string[]): Promise<void> {
    await m.query(`DELETE FROM donor_programme WHERE user_id = $1`, [userId]);
    if (programmeIds.length) {
      await m.query(`INSERT INTO donor_programme (user_id, programme_id) SELECT $1, unnest($2::uuid[])`, [userId, [...new Set(programmeIds)]]);
    }
  }

  async findProgrammeGrants(userIds: string[], m: EntityManager = this.ds.manager): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (userIds.length === 0) return out;
    const rows = (await m.query(`SELECT user_id, programme_id FROM donor_programme WHERE user_id = ANY($1::uuid[]) ORDER BY programme_id`, [
      userIds,
    ])) as Array<{ user_id: string; programme_id: string }>;
    for (const r of rows) out.set(r.user_id, [...(out.get(r.user_id) ?? []), r.programme_id]);
    return out;
  }

  findById(id: string, m: EntityManager = this.ds.manager): Promise<User | null> {
    return m.getRepository(User).findOne({ where: { id } });
  }

  // Row lock for the read-check-write of an update.
  lockById(m: EntityManager, id: string): Promise<User | null> {
    return m.getRepository(User).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  findByEmail(email: string): Promise<User | null> {
    return this.ds.getRepository(User).findOne({ where: { email: email.toLowerCase() } });
  }

  // The one read that carries the password hash (select: false on the entity): signing in.
  findWithPasswordHash(email: string): Promise<User | null> {
    return this.ds.getRepository(User).createQueryBuilder('u').addSelect('u.passwordHash').where('u.email = :email', { email }).getOne();
  }

  async insert(m: EntityManager, values: UserInsert): Promise<User> {
    const result = await m.insert(User, values);
    return m.getRepository(User).findOneByOrFail({ id: (result.identifiers[0] as { id: string }).id });
  }

  async update(m: EntityManager, id: string, patch: UserPatch): Promise<User> {
    await m.update(User, { id }, patch);
    return m.getRepository(User).findOneByOrFail({ id });
  }

  // Failed-login counters and the last sign-in, on the caller's manager (a successful login's transaction).
  async updateLoginState(id: string, patch: LoginStatePatch, m: EntityManager = this.ds.manager): Promise<void> {
    await m.update(User, { id }, patch);
  }

  // Runs on every request (the guard): one hand-written statement, no query building or entity hydration, read through
  // the data source so it is logged and traced like every other statement.
  async findActor(id: string, sessionId: string): Promise<ActorRow> {
    const rows = (await this.ds.query(FIND_ACTOR_SQL, [id, sessionId])) as Array<{
      id: string;
      role: Role;
      office_id: string | null;
      organization_id: string | null;
      active: boolean;
      session_live: boolean;
    }>;
    const r = rows[0];
    if (!r) return { user: null, sessionLive: false };
    return { user: { id: r.id, role: r.role, officeId: r.office_id, organizationId: r.organization_id, active: r.active }, sessionLive: r.session_live };
  }

  findIdentities(ids: string[]): Promise<Array<Pick<User, 'id' | 'email' | 'fullName'>>> {
    return this.ds.getRepository(User).find({ select: { id: true, email: true, fullName: true }, where: { id: In(ids) } });
  }

  async findIdsMatching(text: string): Promise<string[]> {
    const rows = await whereNameOrEmailContains(this.ds.getRepository(User).createQueryBuilder('u').select('u.id', 'id'), text).getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  async findActiveIds(where: { role: Role; officeId?: string; organizationId?: string }, m: EntityManager = this.ds.manager): Promise<string[]> {
    const qb = m.getRepository(User).createQueryBuilder('u').select('u.id').where('u.active AND u.role = :role', { role: where.role });
    if (where.officeId) qb.andWhere('u.office_id = :officeId', { officeId: where.officeId });
    if (where.organizationId) qb.andWhere('u.organization_id = :organizationId', { organizationId: where.organizationId });
    return (await qb.orderBy('u.full_name').getMany()).map((u) => u.id);
  }

  findContact(userId: string, m: EntityManager = this.ds.manager): Promise<Pick<User, 'email' | 'locale' | 'active'> | null> {
    return m.getRepository(User).findOne({ select: { email: true, locale: true, active: true }, where: { id: userId } });
  }

  async countActiveInOffice(userId: string, officeId: string, roles: Role[], m: EntityManager = this.ds.manager): Promise<number> {
    return m.getRepository(User).count({ where: { id: userId, officeId, role: In(roles), active: true } });
  }

  // Caseworkers and supervisors of one office (every office: null), active or not, optionally only these ids.
  findOfficeStaff(officeId: string | null, ids?: string[]): Promise<OfficeStaffRow[]> {
    if (ids && ids.length === 0) return Promise.resolve([]);
    const qb = this.ds
      .getRepository(User)
      .createQueryBuilder('u')
      .select(['u.id', 'u.fullName', 'u.role', 'u.officeId', 'u.active'])
      .where("u.office_id IS NOT NULL AND u.role IN ('caseworker', 'supervisor')");
    if (officeId) qb.andWhere('u.office_id = :officeId', { officeId });
    if (ids) qb.andWhere('u.id IN (:...ids)', { ids });
    return qb.getMany();
  }
}

// The users list's `q` and the audit log's actor search: full name or email contains the text, case-insensitively.
function whereNameOrEmailContains(qb: SelectQueryBuilder<User>, text: string): SelectQueryBuilder<User> {
  return qb.andWhere('(u.full_name ILIKE :q OR u.email ILIKE :q)', { q: containsPattern(text) });
}
