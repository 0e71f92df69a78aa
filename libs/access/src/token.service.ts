import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { EntityManager } from 'typeorm';
import { appConfig, Role } from '@kaytuu/shared';
import { AccessError } from './access.errors';
import { RefreshTokenRepository } from './refresh-token.repository';
import { User } from './user.entity';

// sid: the session (refresh-token family) the access token belongs to; the guard refuses it once that family is revoked
export type AccessClaims = { sub: string; role: Role; sid: string };
export type TokenPair = { accessToken: string; refreshToken: string };

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

// Access tokens are short-lived JWTs; refresh tokens are opaque "<id>.<secret>", stored hashed, rotated on every use.
// Presenting an already-rotated token means it was stolen or replayed: the whole family is revoked.
@Injectable()
export class TokenService {
  constructor(
    @Inject(appConfig.KEY) private readonly cfg: ConfigType<typeof appConfig>,
    private readonly jwt: JwtService,
    private readonly tokens: RefreshTokenRepository,
  ) {}

  async issue(user: Pick<User, 'id' | 'role'>, m: EntityManager, familyId: string = randomUUID()): Promise<TokenPair> {
    const secret = randomBytes(32).toString('base64url');
    const id = await this.tokens.insert(m, {
      userId: user.id,
      familyId,
      tokenHash: sha256(secret),
      expiresAt: new Date(Date.now() + this.cfg.refreshTokenTtlSeconds * 1000),
    });
    const claims: AccessClaims = { sub: user.id, role: user.role, sid: familyId };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: this.cfg.accessTokenTtlSeconds });
    return { accessToken, refreshToken: `${id}.${secret}` };
  }

  async verifyAccess(token: string): Promise<AccessClaims> {
    try {
      return await this.jwt.verifyAsync<AccessClaims>(token);
    } catch {
      throw AccessError.unauthenticated('Your session has expired; sign in again');
    }
  }

  // Marks the presented token rotated and says whose it was; the caller issues the next one. Failures are returned,
  // not thrown, so that a reuse-triggered family revocation commits with the transaction.
  async consume(presented: string, m: EntityManager): Promise<{ userId: string; familyId: string } | { error: AccessError }> {
    const [id, secret] = presented.split('.');
    if (!id || !secret || !/^[0-9a-f-]{36}$/i.test(id)) return { error: AccessError.invalidRefresh() };
    const row = await this.tokens.lockById(m, id);
    if (!row || !safeEqual(row.tokenHash, sha256(secret))) return { error: AccessError.invalidRefresh() };
    if (row.rotatedAt) {
      await this.tokens.revokeFamily(row.familyId, m);
      return { error: AccessError.refreshReused() };
    }
    if (row.revokedAt || row.expiresAt.getTime() <= Date.now()) return { error: AccessError.invalidRefresh() };
    await this.tokens.markRotated(m, id, new Date());
    return { userId: row.userId, familyId: row.familyId };
  }

  async revokeByPresented(presented: string): Promise<void> {
    const [id, secret] = presented.split('.');
    if (!id || !secret || !/^[0-9a-f-]{36}$/i.test(id)) return;
    const row = await this.tokens.findById(id);
    if (row && safeEqual(row.tokenHash, sha256(secret))) await this.tokens.revokeFamily(row.familyId);
  }

  revokeAllForUser(userId: string, m: EntityManager): Promise<void> {
    return this.tokens.revokeAllForUser(userId, m);
  }
}

function safeEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}
