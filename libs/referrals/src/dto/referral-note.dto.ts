import { IsString, Length } from 'class-validator';
import { NoteSide, ReferralNote } from '../referral-note.entity';

export class CreateReferralNoteDto {
  @IsString() @Length(1, 4000) text: string;
}

export type ReferralNoteDto = { id: string; at: string; authorId: string; authorName: string | null; side: NoteSide; text: string };

export const toReferralNoteDto = (n: ReferralNote, authorName: string | null): ReferralNoteDto => ({
  id: n.id,
  at: n.createdAt.toISOString(),
  authorId: n.authorId,
  authorName,
  side: n.side,
  text: n.text,
});
