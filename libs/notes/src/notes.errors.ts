import { HttpStatus } from '@nestjs/common';
import { CodeOf, defineErrors, DomainError, errorCodes, FieldErrors } from '@kaytuu/shared';

export const NotesErrorCode = errorCodes('NOTE_EDIT_WINDOW_CLOSED NOTE_NOT_AUTHOR INVALID_NOTE');
export type NotesErrorCode = CodeOf<typeof NotesErrorCode>;

export const NotesError = defineErrors('NotesError', NotesErrorCode, (fail) => ({
  // the history is never rewritten: after the window a change is a new note that corrects this one (correctsId)
  editWindowClosed: (hours: number) =>
    fail('NOTE_EDIT_WINDOW_CLOSED', HttpStatus.CONFLICT, `A note can be edited for ${hours} hours after it was written; add a correction instead`, undefined, {
      hours,
    }),
  notAuthor: () => fail('NOTE_NOT_AUTHOR', HttpStatus.FORBIDDEN, 'Only the author of a note can edit it; add a correction instead'),
  // well-formed but not acceptable here: a case or corrected note of another returnee
  invalid: (errors: FieldErrors, message: string) => fail('INVALID_NOTE', HttpStatus.UNPROCESSABLE_ENTITY, message, errors),
}));
export type NotesError = DomainError<NotesErrorCode>;
