import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { RefreshToken } from './refresh-token.entity';

export type RefreshTokenInsert = Pick<RefreshToken, 'userId' | 'familyId' | 'tokenHash' | 'expiresAt'>;

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

  async revokeAllForUser(userId: string, m: EntityManager): Promise<void> {
    await m
      .createQueryBuilder()
      .update(RefreshToken)
      .set({ revokedAt: () => 'now()' })
      .where('user_id = :userId AND revoked_at IS NULL', { userId })
      .execute();
  }
}
