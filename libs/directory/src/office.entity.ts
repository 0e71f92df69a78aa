import { Column, Entity } from 'typeorm';
import { BaseEntityColumns, Oblast } from '@kaytuu/shared';

@Entity('office')
export class Office extends BaseEntityColumns {
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text' }) oblast: Oblast;
  @Column({ type: 'text' }) district: string;
}
