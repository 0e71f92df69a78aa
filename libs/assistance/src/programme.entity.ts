import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { AssistanceType, Currency, EligibilityRow } from './assistance.types';

// Amounts are bigint columns: the pg driver hands them over as strings, and the service turns them into safe integers.
// eligibility is stored with the snake_case keys of the vocabulary (returned_within_months, age_min, …).
@Entity('programme')
export class Programme {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text' }) funder: string;
  @Column({ type: 'text' }) currency: Currency;
  @Column({ type: 'date' }) startsOn: string;
  @Column({ type: 'date' }) endsOn: string;
  @Column({ type: 'text', array: true }) oblasts: string[];
  @Column({ type: 'text', array: true }) assistanceTypes: AssistanceType[];
  @Column({ type: 'jsonb' }) eligibility: EligibilityRow;
  @Column({ type: 'bigint', nullable: true }) approvalThresholdMinor: string | null;
  // "1+1" matching: percent of the own contribution matched (100 = one for one; null: no matching) and its cap
  @Column({ type: 'int', nullable: true }) matchRatioPercent: number | null;
  @Column({ type: 'bigint', nullable: true }) matchCapMinor: string | null;
  @Column({ type: 'boolean' }) active: boolean;
  @Column({ type: 'uuid' }) createdBy: string;
  @Column({ type: 'timestamptz' }) createdAt: Date;
  @Column({ type: 'timestamptz' }) updatedAt: Date;
  @Column({ type: 'int' }) version: number;
}

@Entity('budget_line')
export class BudgetLine {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) programmeId: string;
  @Column({ type: 'text' }) assistanceType: AssistanceType;
  @Column({ type: 'bigint' }) amountMinor: string;
  @Column({ type: 'timestamptz' }) createdAt: Date;
}
