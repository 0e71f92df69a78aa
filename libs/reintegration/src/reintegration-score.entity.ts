import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const OCCASIONS = ['intake', 'monitoring_1m', 'monitoring_3m', 'monitoring_6m', 'monitoring_12m', 'other'] as const;
export type Occasion = (typeof OCCASIONS)[number];

// numeric columns come back from pg as strings; the DTO mapper turns them into numbers
@Entity('reintegration_score')
export class ReintegrationScore {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) returneeId: string;
  @Column({ type: 'uuid', nullable: true }) caseId: string | null;
  @Column({ type: 'uuid', nullable: true }) followUpId: string | null;
  @Column({ type: 'text' }) occasion: Occasion;
  @Column({ type: 'jsonb' }) answers: Record<string, string>;
  @Column({ type: 'numeric', precision: 4, scale: 3 }) economic: string;
  @Column({ type: 'numeric', precision: 4, scale: 3 }) social: string;
  @Column({ type: 'numeric', precision: 4, scale: 3 }) psychosocial: string;
  @Column({ type: 'numeric', precision: 4, scale: 3 }) overall: string;
  @Column({ type: 'text' }) surveyVersion: string;
  @Column({ type: 'uuid', nullable: true }) recordedBy: string | null;
  // answered by the returnee themselves (the short form over SMS/Telegram); recordedBy is then null
  @Column({ type: 'boolean', default: false }) selfReported: boolean;
  @Column({ type: 'timestamptz' }) recordedAt: Date;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
