import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Consent } from './consent.entity';
import { ConsentScope } from './returnee.types';

@Injectable()
export class ConsentRepository {
  async findByReturneeIds(m: EntityManager, returneeIds: string[]): Promise<Consent[]> {
    if (returneeIds.length === 0) return [];
    return m.getRepository(Consent).createQueryBuilder('c').where('c.returnee_id IN (:...returneeIds)', { returneeIds }).orderBy('c.given_at').getMany();
  }

  async insert(m: EntityManager, row: { returneeId: string; scope: ConsentScope[]; givenAt: Date; recordedBy: string | null }): Promise<string> {
    const res = await m.getRepository(Consent).insert(row);
    return (res.identifiers[0] as { id: string }).id;
  }
}
