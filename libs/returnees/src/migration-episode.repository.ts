import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { MigrationEpisode } from './migration-episode.entity';

@Injectable()
export class MigrationEpisodeRepository {
  // One query for a whole page of returnees (no N+1).
  async findByReturneeIds(m: EntityManager, returneeIds: string[]): Promise<MigrationEpisode[]> {
    if (returneeIds.length === 0) return [];
    return m
      .getRepository(MigrationEpisode)
      .createQueryBuilder('e')
      .where('e.returnee_id IN (:...returneeIds)', { returneeIds })
      .orderBy('e.returnee_id')
      .addOrderBy('e.position')
      .getMany();
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
