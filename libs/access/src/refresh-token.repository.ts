import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { RefreshToken } from './refresh-token.entity';

export type RefreshTokenInsert = Pick<RefreshToken, 'userId' | 'familyId' | 'tokenHash' | 'expiresAt' | 'userAgent' | 'ip'>;
// One live session: its family's unrotated, unrevoked, unexpired row, with when the family began.
export type SessionRow = { familyId: string; userAgent: string | null; ip: string | null; createdAt: Date; lastSeenAt: Date | null };

@Injectable()
export class RefreshTokenRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async insert(m: EntityManager, values: RefreshTokenInsert): Promise<string> {
    const result = await m.insert(RefreshToken, values);
    return (result.identifiers[0] as { id: string }).id;
  }

  findById(id: string): Promise<RefreshToken | null> {
    return this.ds.getRepository(RefreshToken).findOne({ where: { id } });
  }

  // Row lock for rotation: two refreshes presenting the same token queue here, and the second sees it rotated.
  lockById(m: EntityManager, id: string): Promise<RefreshToken | null> {
    return m.getRepository(RefreshToken).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async markRotated(m: EntityManager, id: string, at: Date): Promise<void> {
    await m.update(RefreshToken, { id }, { rotatedAt: at });
  }

  async revokeFamily(familyId: string, m: EntityManager = this.ds.manager): Promise<void> {
    await m
      .createQueryBuilder()
      .update(RefreshToken)
      .set({ revokedAt: () => 'now()' })
      .where('family_id = :familyId AND revoked_at IS NULL', { familyId })
      .execute();
  }

  async findLiveSessions(userId: string): Promise<SessionRow[]> {
    const rows = (await this.ds.query(
      `SELECT rt.family_id, rt.user_agent, rt.ip, rt.last_seen_at, rt.created_at AS rotated_in_at,
              (SELECT min(f.created_at) FROM refresh_token f WHERE f.family_id = rt.family_id) AS started_at
         FROM refresh_token rt
        WHERE rt.user_id = $1 AND rt.revoked_at IS NULL AND rt.rotated_at IS NULL AND rt.expires_at > now()
        ORDER BY started_at DESC, rt.family_id`,
      [userId],
    )) as Array<{ family_id: string; user_agent: string | null; ip: string | null; last_seen_at: Date | null; rotated_in_at: Date; started_at: Date }>;
    return rows.map((r) => ({
      familyId: r.family_id,
      userAgent: r.user_agent,
      ip: r.ip,
      createdAt: r.started_at,
      // a refresh is a sign of life too
      lastSeenAt: r.last_seen_at && r.last_seen_at > r.rotated_in_at ? r.last_seen_at : r.rotated_in_at,
    }));
  }

  // Ends one of the user's sessions; false when it is not theirs or already ended.
  async revokeFamilyOfUser(userId: string, familyId: string, m: EntityManager): Promise<boolean> {
    const r = await m
      .createQueryBuilder()
      .update(RefreshToken)
      .set({ revokedAt: () => 'now()' })
      .where('user_id = :userId AND family_id = :familyId AND revoked_at IS NULL', { userId, familyId })
      .execute();
    return (r.affected ?? 0) > 0;
  }

  // Ends every session of the user but one (null: all of them); returns the families ended.
  async revokeOtherFamilies(userId: string, keepFamilyId: string | null, m: EntityManager): Promise<string[]> {
    const rows = (await m.query(
      `UPDATE refresh_token SET revoked_at = now()
        WHERE user_id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR family_id <> $2::uuid)
        RETURNING family_id`,
      [userId, keepFamilyId],
    )) as [Array<{ family_id: string }>, number];
    return [...new Set(rows[0].map((r) => r.family_id))];
  }

  // The guard's "last seen", on the live row of the session only.
  async touch(familyId: string): Promise<void> {
    await this.ds.query(`UPDATE refresh_token SET last_seen_at = now() WHERE family_id = $1 AND rotated_at IS NULL AND revoked_at IS NULL`, [familyId]);
  }

  async revokeAllForUser(userId: string, m: EntityManager): Promise<void> {
    await m
      .createQueryBuilder()
      .update(RefreshToken)
      .set({ revokedAt: () => 'now()' })
      .where('user_id = :userId AND revoked_at IS NULL', { userId })
      .execute();
  }
}
