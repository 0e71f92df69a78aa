import { Column, Entity } from 'typeorm';
import { BaseEntityColumns } from '@kaytuu/shared';
import { Sex } from '../returnee.types';
import { ChildConcern, InSchool, LivesWhere, Relation } from './household.types';

// One member of a returnee's household (migration HouseholdMembers). Scope is the returnee's: the repository joins it.
@Entity('household_member')
export class HouseholdMember extends BaseEntityColumns {
  @Column({ type: 'uuid' }) returneeId: string;
  @Column({ type: 'text' }) relation: Relation;
  @Column({ type: 'text' }) lastName: string;
  @Column({ type: 'text' }) firstName: string;
  @Column({ type: 'text' }) sex: Sex;
  // 'YYYY-MM-DD' string, as pg returns date columns
  @Column({ type: 'date' }) birthDate: string;
  @Column({ type: 'text' }) livesWhere: LivesWhere;
  @Column({ type: 'text', nullable: true }) caregiverName: string | null;
  @Column({ type: 'text', nullable: true }) inSchool: InSchool | null;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) concerns: ChildConcern[];
  @Column({ type: 'uuid', nullable: true }) linkedReturneeId: string | null;
  @Column({ type: 'uuid', nullable: true }) createdBy: string | null;
  @Column({ type: 'int', default: 1 }) version: number;
}
