import { Column, Entity, PrimaryColumn } from 'typeorm';

// The short form in progress at one monitoring follow-up: the next question to ask and the answers so far.
@Entity('monitoring_self_report')
export class MonitoringSelfReport {
  @PrimaryColumn({ type: 'uuid' }) followUpId: string;
  @Column({ type: 'uuid' }) returneeId: string;
  @Column({ type: 'uuid' }) officeId: string;
  @Column({ type: 'uuid' }) caseId: string;
  @Column({ type: 'text' }) occasion: 'monitoring_1m' | 'monitoring_3m' | 'monitoring_6m' | 'monitoring_12m';
  @Column({ type: 'int' }) nextQuestion: number;
  @Column({ type: 'jsonb' }) answers: Record<string, string>;
  @Column({ type: 'uuid', nullable: true }) scoreId: string | null;
  @Column({ type: 'timestamptz' }) startedAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) completedAt: Date | null;
  @Column({ type: 'timestamptz' }) updatedAt: Date;
}
