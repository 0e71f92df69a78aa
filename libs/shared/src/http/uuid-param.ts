import { IsUUID } from 'class-validator';

// Validates `:id` route params (a malformed id answers 400, not 500 or a 404 that hides the typo).
export class UuidParam {
  @IsUUID('all', { message: 'must be a UUID' }) id: string;
}
