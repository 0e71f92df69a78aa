import { Column, Entity } from 'typeorm';
import { BaseEntityColumns, Oblast } from '@kaytuu/shared';
import { Disability, Language, Sex, Vulnerability } from './returnee.types';

@Entity('returnee')
export class Returnee extends BaseEntityColumns {
  @Column({ type: 'text' }) code: string;
  // PIN and phone are stored encrypted (FieldCipher, AAD returnee.pin / returnee.phone) with a keyed hash for exact
  // search; ReturneeRepository decrypts them into ReturneeRecord, the shape the rest of the context works with
  @Column({ type: 'text', nullable: true }) pinEnc: string | null;
  @Column({ type: 'text', nullable: true, select: false }) pinHmac: string | null;
  @Column({ type: 'text' }) lastName: string;
  @Column({ type: 'text' }) firstName: string;
  @Column({ type: 'text', nullable: true }) patronymic: string | null;
  @Column({ type: 'text' }) sex: Sex;
  // 'date' columns come back from pg as 'YYYY-MM-DD' strings, which is also the API format
  @Column({ type: 'date' }) birthDate: string;
  @Column({ type: 'text', nullable: true }) phoneEnc: string | null;
  @Column({ type: 'text', nullable: true, select: false }) phoneHmac: string | null;
  @Column({ type: 'text' }) oblast: Oblast;
  @Column({ type: 'text' }) district: string;
  @Column({ type: 'text', nullable: true }) address: string | null;
  @Column({ type: 'int', nullable: true }) householdSize: number | null;
  @Column({ type: 'int', default: 0 }) dependents: number;
  // derived from the household members (HouseholdService): a child under 18 without a caregiver
  @Column({ type: 'boolean', default: false }) childWithoutCaregiver: boolean;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) languages: Language[];
  @Column({ type: 'text', nullable: true }) education: string | null;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) skills: string[];
  @Column({ type: 'text', default: 'none' }) disability: Disability;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) vulnerabilities: Vulnerability[];
  @Column({ type: 'uuid' }) officeId: string;
  @Column({ type: 'uuid', nullable: true }) createdBy: string | null;
  // folded name for fuzzy search (see name-search.ts); never selected into API responses
  @Column({ type: 'text', default: '', select: false }) searchText: string;
  // optimistic locking is done by hand (UPDATE … WHERE version = :expected) so a stale write answers 409, not a silent overwrite
  @Column({ type: 'int', default: 1 }) version: number;
  @Column({ type: 'timestamptz', nullable: true }) deletedAt: Date | null;
}

// A returnee row with its PIN and phone decrypted (never persisted in this form).
export type ReturneeRecord = Omit<Returnee, 'pinEnc' | 'pinHmac' | 'phoneEnc' | 'phoneHmac'> & { pin: string | null; phone: string | null };
