import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { ConsentScope } from './returnee.types';

@Entity('consent')
export class Consent {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) returneeId: string;
  @Column({ type: 'text', array: true }) scope: ConsentScope[];
  @Column({ type: 'timestamptz' }) givenAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) expiresAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) withdrawnAt: Date | null;
  @Column({ type: 'uuid', nullable: true }) recordedBy: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
