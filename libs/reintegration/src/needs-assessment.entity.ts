import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Dimension } from './rss-scoring';
import type { Occasion } from './reintegration-score.entity';

// One needs assessment as taken: the answers sealed by the field cipher (AAD needs_assessment.answers: the
// psychosocial answers are sensitive), the scores in the clear as numbers (reports aggregate them in SQL). Rows are
// never changed by the application: a mistaken assessment is followed by a new one.
@Entity('needs_assessment')
export class NeedsAssessment {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) returneeId: string;
  // the returnee's office when it was taken (scope follows the returnee, as for every returnee record)
  @Column({ type: 'uuid' }) officeId: string;
  @Column({ type: 'text' }) formVersion: string;
  @Column({ type: 'text' }) answersEnc: string;
  @Column({ type: 'numeric', precision: 4, scale: 3 }) economic: string;
  @Column({ type: 'numeric', precision: 4, scale: 3 }) social: string;
  @Column({ type: 'numeric', precision: 4, scale: 3 }) psychosocial: string;
  @Column({ type: 'numeric', precision: 4, scale: 3 }) composite: string;
  @Column({ type: 'text', array: true }) priorities: Dimension[];
  @Column({ type: 'boolean' }) selfReported: boolean;
  @Column({ type: 'text' }) occasion: Occasion;
  @Column({ type: 'uuid', nullable: true }) followUpId: string | null;
  @Column({ type: 'timestamptz' }) takenAt: Date;
  @Column({ type: 'uuid' }) takenBy: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
