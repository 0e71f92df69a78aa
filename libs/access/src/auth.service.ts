import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor, appConfig, CommonError } from '@kaytuu/shared';
import { AuditService } from '@kaytuu/audit';
import { AccessError } from './access.errors';
import { toUserDto, UserDto } from './dto/user.dto';
import { verifyPassword } from './password';
import { TokenPair, TokenService } from './token.service';
import { User } from './user.entity';
import { UserRepository } from './user.repository';

export type LoginResult = TokenPair & { user: UserDto };

@Injectable()
export class AuthService {
  constructor(
    @Inject(appConfig.KEY) private readonly cfg: ConfigType<typeof appConfig>,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly users: UserRepository,
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
  ) {}

  async login(email: string, password: string, ip: string | null): Promise<LoginResult> {
    const user = await this.users.findWithPasswordHash(email);
    const now = new Date();
    if (user?.lockedUntil && user.lockedUntil > now) {
      await this.audit.record({ userId: user.id, ip }, { action: 'login_failed', entity: 'user', entityId: user.id, diff: { reason: 'locked' } });
      throw AccessError.locked(user.lockedUntil);
    }
    const ok = await verifyPassword(user?.passwordHash ?? null, password);
    if (!user || !ok || !user.active) {
      if (user) await this.registerFailure(user, now);
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
      const pair = await this.tokens.issue(user, m);
      await this.audit.record({ userId: user.id, ip }, { action: 'login', entity: 'user', entityId: user.id }, m);
      return { ...pair, user: toUserDto({ ...user, lastLoginAt: now }) };
    });
  }

  // N failures within the window lock the account for the lockout period; the window restarts after it lapses.
  private async registerFailure(user: User, now: Date): Promise<void> {
    const windowMs = this.cfg.lockoutMinutes * 60_000;
    const inWindow = user.firstFailedLoginAt && now.getTime() - user.firstFailedLoginAt.getTime() < windowMs;
    const count = inWindow ? user.failedLoginCount + 1 : 1;
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
      const pair = await this.tokens.issue(user, m, consumed.familyId);
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
    return { userId: row.id, role: row.role, officeId: row.officeId, organizationId: row.organizationId, ip };
  }

  // The actor of a still-active user, for a capability that names the user instead of carrying an access token (a
  // signed download link, libs/documents): null when the user is gone or deactivated.
  async actorOfActiveUser(userId: string, ip: string | null): Promise<Actor | null> {
    const row = await this.users.findById(userId);
    if (!row || !row.active) return null;
    return { userId: row.id, role: row.role, officeId: row.officeId, organizationId: row.organizationId, ip };
  }
}
