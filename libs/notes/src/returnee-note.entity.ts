import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const NOTE_KINDS = ['counselling', 'home_visit', 'phone_call', 'office_visit', 'other'] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];

// The text is stored sealed (text_enc, AAD returnee_note.text) with its blind index (search_tokens); the repository
// seals on write and the service opens on read.
@Entity('returnee_note')
export class ReturneeNote {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) returneeId: string;
  @Column({ type: 'uuid', nullable: true }) caseId: string | null;
  @Column({ type: 'text' }) kind: NoteKind;
  @Column({ type: 'date' }) noteDate: string;
  @Column({ type: 'integer' }) durationMinutes: number;
  @Column({ type: 'text' }) textEnc: string;
  @Column({ type: 'text', array: true, select: false }) searchTokens: string[];
  @Column({ type: 'boolean' }) confidential: boolean;
  @Column({ type: 'uuid' }) authorId: string;
  @Column({ type: 'uuid', nullable: true }) correctsId: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) updatedAt: Date | null;
}
