import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { ReturnReason, Sector } from './returnee.types';

@Entity('migration_episode')
export class MigrationEpisode {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) returneeId: string;
  // order as entered; an update that sends `episodes` replaces the whole list
  @Column({ type: 'int', default: 0 }) position: number;
  @Column({ type: 'text' }) country: string;
  @Column({ type: 'text', nullable: true }) city: string | null;
  @Column({ type: 'date' }) departedOn: string;
  @Column({ type: 'date', nullable: true }) returnedOn: string | null;
  @Column({ type: 'text' }) sector: Sector;
  @Column({ type: 'boolean', default: false }) employmentFormal: boolean;
  @Column({ type: 'text' }) returnReason: ReturnReason;
  @Column({ type: 'boolean', default: false }) entryBanActive: boolean;
  @Column({ type: 'date', nullable: true }) entryBanUntil: string | null;
  @Column({ type: 'text', nullable: true }) entryBanAuthority: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
