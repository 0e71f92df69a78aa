import { Inject, Injectable, Optional } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor, appConfig, CommonError, Metrics } from '@kaytuu/shared';
import { AuditService } from '@kaytuu/audit';
import { AccessError } from './access.errors';
import { toUserDto, UserDto } from './dto/user.dto';
import { COMMON_PASSWORD_MESSAGE, isPersonalPassword } from './common-passwords';
import { describeUserAgent } from './device';
import { hashPassword, verifyPassword } from './password';
import { RefreshTokenRepository } from './refresh-token.repository';
import { Device, TokenPair, TokenService } from './token.service';
import { User } from './user.entity';
import { UserRepository } from './user.repository';

export type LoginResult = TokenPair & { user: UserDto };
export type SessionDto = {
  id: string;
  current: boolean;
  browser: string | null;
  system: string | null;
  userAgent: string | null;
  ip: string | null;
  createdAt: string;
  lastSeenAt: string | null;
};
// the guard writes a session's last_seen_at at most this often (per API process)
const TOUCH_EVERY_MS = 60_000;
const TOUCHED_MAX = 50_000;

@Injectable()
export class AuthService {
  // the API's /metrics (kaytuu_login_failures_total, kaytuu_account_lockouts_total); absent where no registry is built
  @Optional() @Inject(Metrics) private readonly metrics?: Metrics;

  constructor(
    @Inject(appConfig.KEY) private readonly cfg: ConfigType<typeof appConfig>,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly users: UserRepository,
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
    private readonly refreshTokens: RefreshTokenRepository,
  ) {}

  // session id → when this process last wrote its last_seen_at
  private readonly touched = new Map<string, number>();

  async login(email: string, password: string, ip: string | null, userAgent: string | null = null): Promise<LoginResult> {
    const user = await this.users.findWithPasswordHash(email);
    const now = new Date();
    if (user?.lockedUntil && user.lockedUntil > now) {
      this.metrics?.loginFailures.inc({ reason: 'locked' });
      await this.audit.record({ userId: user.id, ip }, { action: 'login_failed', entity: 'user', entityId: user.id, diff: { reason: 'locked' } });
      throw AccessError.locked(user.lockedUntil);
    }
    const ok = await verifyPassword(user?.passwordHash ?? null, password);
    if (!user || !ok || !user.active) {
      if (user) await this.registerFailure(user, now);
      this.metrics?.loginFailures.inc({ reason: !user ? 'unknown_email' : !ok ? 'wrong_password' : 'inactive' });
      await this.audit.record(
        { userId: user?.id ?? null, ip },
        {
          action: 'login_failed',
          entity: 'user',
          entityId: user?.id ?? null,
          diff: { reason: !user ? 'unknown_email' : !ok ? 'wrong_password' : 'inactive' },
        },
      );
      throw AccessError.invalidCredentials();
    }
    return this.ds.transaction(async (m) => {
      await this.users.updateLoginState(user.id, { lastLoginAt: now, failedLoginCount: 0, firstFailedLoginAt: null, lockedUntil: null }, m);
      const pair = await this.tokens.issue(user, m, undefined, { userAgent, ip } satisfies Device);
      await this.audit.record({ userId: user.id, ip }, { action: 'login', entity: 'user', entityId: user.id }, m);
      return { ...pair, user: toUserDto({ ...user, lastLoginAt: now }) };
    });
  }

  // N failures within the window lock the account for the lockout period; the window restarts after it lapses.
  private async registerFailure(user: User, now: Date): Promise<void> {
    const windowMs = this.cfg.lockoutMinutes * 60_000;
    const inWindow = user.firstFailedLoginAt && now.getTime() - user.firstFailedLoginAt.getTime() < windowMs;
    const count = inWindow ? user.failedLoginCount + 1 : 1;
    if (count >= this.cfg.lockoutMaxFailures) this.metrics?.lockouts.inc();
    await this.users.updateLoginState(user.id, {
      failedLoginCount: count,
      firstFailedLoginAt: inWindow ? user.firstFailedLoginAt : now,
      lockedUntil: count >= this.cfg.lockoutMaxFailures ? new Date(now.getTime() + windowMs) : null,
    });
  }

  async refresh(presented: string): Promise<LoginResult> {
    // the reuse-detection revocation must commit even though the request fails, so it runs in its own transaction
    const consumed = await this.ds.transaction((m) => this.tokens.consume(presented, m));
    if ('error' in consumed) throw consumed.error;
    return this.ds.transaction(async (m) => {
      const user = await this.users.findById(consumed.userId, m);
      if (!user || !user.active) throw AccessError.invalidRefresh();
      const pair = await this.tokens.issue(user, m, consumed.familyId, consumed.device);
      return { ...pair, user: toUserDto(user) };
    });
  }

  async logout(presented: string): Promise<void> {
    await this.tokens.revokeByPresented(presented);
  }

  async me(actor: Actor): Promise<UserDto> {
    const user = await this.users.findById(actor.userId);
    if (!user) throw CommonError.notFound('User');
    return toUserDto(user);
  }

  // Used by the guard on every request, so a deactivated user or a changed role takes effect at once, and so does the
  // end of the token's session (logout, a password change, a reused refresh token): its family has no live row left.
  async actorFromAccessToken(token: string, ip: string | null): Promise<Actor> {
    const claims = await this.tokens.verifyAccess(token);
    if (typeof claims.sid !== 'string' || !/^[0-9a-f-]{36}$/i.test(claims.sid)) throw AccessError.unauthenticated('Your session has expired; sign in again');
    const { user: row, sessionLive } = await this.users.findActor(claims.sub, claims.sid);
    if (!row || !row.active) throw AccessError.unauthenticated('Your account is not active');
    if (!sessionLive) throw AccessError.unauthenticated('Your session has ended; sign in again');
    return { userId: row.id, role: row.role, officeId: row.officeId, organizationId: row.organizationId, ip, sessionId: claims.sid };
  }

  // "Last seen" without a write per request: at most one UPDATE a minute per session and process (LastSeenInterceptor,
  // after a request succeeds). A failed touch costs nothing but an older "last seen": it never fails the request.
  async touchSession(sid: string): Promise<void> {
    const now = Date.now();
    const last = this.touched.get(sid);
    if (last !== undefined && now - last < TOUCH_EVERY_MS) return;
    if (this.touched.size >= TOUCHED_MAX) this.touched.clear();
    this.touched.set(sid, now);
    await this.refreshTokens.touch(sid).catch(() => this.touched.delete(sid));
  }

  // The caller's live sessions, newest first; the one the request came with is marked current.
  async sessions(actor: Actor): Promise<SessionDto[]> {
    const rows = await this.refreshTokens.findLiveSessions(actor.userId);
    return rows.map((r) => ({
      id: r.familyId,
      current: r.familyId === actor.sessionId,
      ...describeUserAgent(r.userAgent),
      userAgent: r.userAgent,
      ip: r.ip,
      createdAt: r.createdAt.toISOString(),
      lastSeenAt: r.lastSeenAt ? r.lastSeenAt.toISOString() : null,
    }));
  }

  // Ends one of the caller's own sessions (the current one too: that is a logout); someone else's answers 404.
  async endSession(actor: Actor, sessionId: string): Promise<void> {
    await this.ds.transaction(async (m) => {
      if (!(await this.refreshTokens.revokeFamilyOfUser(actor.userId, sessionId, m))) throw CommonError.notFound('Session');
      await this.audit.record(actor, { action: 'logout', entity: 'user', entityId: actor.userId, diff: { sessionsEnded: [sessionId], by: 'self' } }, m);
    });
  }

  // Ends every session of the caller but the current one; how many were ended.
  async endOtherSessions(actor: Actor): Promise<{ ended: number }> {
    return this.ds.transaction(async (m) => {
      const ended = await this.refreshTokens.revokeOtherFamilies(actor.userId, actor.sessionId ?? null, m);
      if (ended.length) {
        await this.audit.record(actor, { action: 'logout', entity: 'user', entityId: actor.userId, diff: { sessionsEnded: ended, by: 'self' } }, m);
      }
      return { ended: ended.length };
    });
  }

  // An admin ends every session of a user (a lost phone, a shared computer); the user signs in again.
  async endAllSessionsOf(actor: Actor, userId: string): Promise<{ ended: number }> {
    return this.ds.transaction(async (m) => {
      const user = await this.users.lockById(m, userId);
      if (!user) throw CommonError.notFound('User');
      const ended = await this.refreshTokens.revokeOtherFamilies(userId, null, m);
      await this.audit.record(actor, { action: 'logout', entity: 'user', entityId: userId, diff: { sessionsEnded: ended, by: 'admin' } }, m);
      return { ended: ended.length };
    });
  }

  // Changes the caller's own password: the current one is required, the new one follows the policy; every other
  // session of the user ends, this one goes on. Guessing the current one is limited like sign-in, per IP (the route's
  // throttle) and by argon2's cost; a refused attempt changes no row (only its audit row is written).
  async changePassword(actor: Actor, currentPassword: string, newPassword: string): Promise<{ sessionsEnded: number }> {
    const user = await this.users.findByIdWithPasswordHash(actor.userId);
    if (!user) throw AccessError.unauthenticated();
    if (!(await verifyPassword(user.passwordHash, currentPassword))) {
      await this.audit.record(actor, { action: 'login_failed', entity: 'user', entityId: user.id, diff: { reason: 'wrong_current_password' } });
      throw AccessError.wrongCurrentPassword();
    }
    if (isPersonalPassword(newPassword, user.email, user.fullName)) {
      throw CommonError.validation({ newPassword: COMMON_PASSWORD_MESSAGE }).withFieldCodes({ newPassword: 'PASSWORD_TOO_COMMON' });
    }
    const passwordHash = await hashPassword(newPassword);
    return this.ds.transaction(async (m) => {
      await this.users.update(m, user.id, { passwordHash });
      const ended = await this.refreshTokens.revokeOtherFamilies(user.id, actor.sessionId ?? null, m);
      await this.audit.record(
        actor,
        { action: 'update', entity: 'user', entityId: user.id, diff: { changed: [], passwordChanged: true, by: 'self', sessionsEnded: ended } },
        m,
      );
      return { sessionsEnded: ended.length };
    });
  }

  // The actor of a still-active user, for a capability that names the user instead of carrying an access token (a
  // signed download link, libs/documents): null when the user is gone or deactivated.
  async actorOfActiveUser(userId: string, ip: string | null): Promise<Actor | null> {
    const row = await this.users.findById(userId);
    if (!row || !row.active) return null;
    return { userId: row.id, role: row.role, officeId: row.officeId, organizationId: row.organizationId, ip };
  }
}
