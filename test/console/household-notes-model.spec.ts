import { CHILD_CONCERNS, IN_SCHOOL, LIVES_WHERE, RELATIONS } from '../../libs/returnees/src/household/household.types';
import { NOTE_KINDS as SERVER_NOTE_KINDS } from '../../libs/notes/src/returnee-note.entity';
import * as household from '../../apps/console/src/household/householdModel';
import * as notes from '../../apps/console/src/notes/notesModel';
import type { Note } from '../../apps/console/src/notes/notesModel';

describe('console household model', () => {
  it('should mirror the server’s relations, places, school answers and concerns', () => {
    expect([...household.RELATIONS]).toEqual([...RELATIONS]);
    expect([...household.LIVES_WHERE]).toEqual([...LIVES_WHERE]);
    expect([...household.IN_SCHOOL]).toEqual([...IN_SCHOOL]);
    expect([...household.CHILD_CONCERNS]).toEqual([...CHILD_CONCERNS]);
  });

  it('should count a member as a child until the 18th birthday, and not before a date is entered', () => {
    expect(household.isChild('2008-12-08', '2026-12-07')).toBe(true);
    expect(household.isChild('2008-12-07', '2026-12-07')).toBe(false);
    expect(household.isChild('', '2026-12-07')).toBe(false);
    expect(household.bishkekToday(new Date('2026-12-06T18:30:00Z'))).toBe('2026-12-07');
  });

  it('should leave out empty child fields on create and clear them for an adult on update', () => {
    const child = {
      ...household.emptyMember(),
      lastName: ' Асанова ',
      firstName: 'Айпери',
      sex: 'female' as const,
      birthDate: '2018-03-01',
      livesWhere: 'with_caregiver' as const,
    };
    expect(household.toMemberBody(child, '2026-12-07')).toEqual({
      relation: 'child',
      lastName: 'Асанова',
      firstName: 'Айпери',
      sex: 'female',
      birthDate: '2018-03-01',
      livesWhere: 'with_caregiver',
    });
    const adult = {
      ...child,
      relation: 'spouse' as const,
      birthDate: '1990-01-01',
      caregiverName: 'stale',
      inSchool: 'yes' as const,
      concerns: ['health' as const],
    };
    expect(household.toMemberBody(adult, '2026-12-07', 3)).toMatchObject({
      version: 3,
      caregiverName: null,
      inSchool: null,
      concerns: [],
      linkedReturneeId: null,
    });
  });

  it('should ask for every required field and refuse a birth date in the future', () => {
    const problems = household.memberProblems({ ...household.emptyMember(), birthDate: '2027-01-01' }, '2026-12-07');
    expect(problems).toMatchObject({ lastName: 'ra.validation.required', sex: 'ra.validation.required', birthDate: 'app.household.validation.birth_future' });
    expect(problems.relation).toBeUndefined();
  });
});

describe('console notes model', () => {
  const note = (p: Partial<Note>): Note => ({
    id: 'n1',
    returneeId: 'r1',
    caseId: null,
    kind: 'counselling',
    date: '2026-12-01',
    durationMinutes: 30,
    text: 'text',
    hidden: false,
    confidential: false,
    authorId: 'u1',
    authorName: 'Айгүл',
    correctsId: null,
    editableUntil: '2026-12-02T10:00:00Z',
    createdAt: '2026-12-01T10:00:00Z',
    updatedAt: null,
    ...p,
  });

  it('should mirror the server’s note kinds', () => {
    expect([...notes.NOTE_KINDS]).toEqual([...SERVER_NOTE_KINDS]);
  });

  it('should let only the author edit, and only within the window', () => {
    const n = note({});
    expect(notes.canEdit(n, 'u1', new Date('2026-12-02T09:59:00Z'))).toBe(true);
    expect(notes.canEdit(n, 'u1', new Date('2026-12-02T10:01:00Z'))).toBe(false);
    expect(notes.canEdit(n, 'u2', new Date('2026-12-01T11:00:00Z'))).toBe(false);
  });

  it('should order newest first and know which notes correct which', () => {
    const a = note({ id: 'a', date: '2026-11-01' });
    const b = note({ id: 'b', date: '2026-12-01', createdAt: '2026-12-01T09:00:00Z' });
    const c = note({ id: 'c', date: '2026-12-01', createdAt: '2026-12-03T09:00:00Z', correctsId: 'a' });
    expect([a, b, c].sort(notes.byNewest).map((n) => n.id)).toEqual(['c', 'b', 'a']);
    expect(
      notes
        .correctionsOf([a, b, c])
        .get('a')
        ?.map((n) => n.id),
    ).toEqual(['c']);
  });

  it('should check the day, minutes and text, and send a correction with the note it corrects', () => {
    const v = notes.newNoteValues('2026-12-07');
    expect(notes.noteProblems({ ...v, durationMinutes: '601', text: ' ' }, '2026-12-07')).toEqual({
      date: undefined,
      durationMinutes: 'app.notes.validation.minutes',
      text: 'ra.validation.required',
    });
    expect(notes.noteProblems({ ...v, date: '2026-12-08', text: 'x' }, '2026-12-07').date).toBe('app.notes.validation.date_future');
    expect(notes.toNoteCreate({ ...v, text: 'x', caseId: 'c1' }, 'n0')).toEqual({
      kind: 'counselling',
      date: '2026-12-07',
      durationMinutes: 30,
      text: 'x',
      confidential: false,
      caseId: 'c1',
      correctsId: 'n0',
    });
  });
});
