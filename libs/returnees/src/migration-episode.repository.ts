import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { MigrationEpisode } from './migration-episode.entity';

@Injectable()
export class MigrationEpisodeRepository {
  // One query for a whole page of returnees (no N+1).
  // Read on every show page: explicit columns mapped once ('date' columns as 'YYYY-MM-DD' text, as the entity hydrates them).
  async findByReturneeIds(m: EntityManager, returneeIds: string[]): Promise<MigrationEpisode[]> {
    if (returneeIds.length === 0) return [];
    return (await m.query(
      `SELECT e.id AS "id", e.returnee_id AS "returneeId", e.position AS "position", e.country AS "country", e.city AS "city",
              e.departed_on::text AS "departedOn", e.returned_on::text AS "returnedOn", e.sector AS "sector",
              e.employment_formal AS "employmentFormal", e.return_reason AS "returnReason", e.entry_ban_active AS "entryBanActive",
              e.entry_ban_until::text AS "entryBanUntil", e.entry_ban_authority AS "entryBanAuthority", e.created_at AS "createdAt"
         FROM migration_episode e WHERE e.returnee_id = ANY($1::uuid[]) ORDER BY e.returnee_id, e.position`,
      [returneeIds],
    )) as MigrationEpisode[];
  }

  async insertForReturnee(
    m: EntityManager,
    returneeId: string,
    episodes: Array<Omit<QueryDeepPartialEntity<MigrationEpisode>, 'returneeId' | 'position'>>,
  ): Promise<void> {
    if (episodes.length === 0) return;
    await m.getRepository(MigrationEpisode).insert(episodes.map((e, position) => ({ ...e, returneeId, position })));
  }

  async replaceForReturnee(
    m: EntityManager,
    returneeId: string,
    episodes: Array<Omit<QueryDeepPartialEntity<MigrationEpisode>, 'returneeId' | 'position'>>,
  ): Promise<void> {
    await m.getRepository(MigrationEpisode).delete({ returneeId });
    await this.insertForReturnee(m, returneeId, episodes);
  }
}
