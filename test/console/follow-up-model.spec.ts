import {
  bishkekLocalToIso,
  dueAtFromPreset,
  isFollowUpOverdue,
  isoToBishkekLocal,
  myTasksRanges,
  myTasksSections,
  nextSevenDaysFilter,
  resolveDueAt,
  toCancelUpdate,
  toDoneUpdate,
  toRescheduleUpdate,
  toScheduleCreate,
} from '../../apps/console/src/follow-ups/followUpModel';

// 2026-05-11 is a Monday. Bishkek is UTC+6 all year.
describe('dueAtFromPreset', () => {
  it('should count days from the Bishkek calendar day when UTC is still on the previous day', () => {
    // Tuesday 12 May, 02:30 in Bishkek (Monday 20:30 UTC)
    const now = new Date('2026-05-11T20:30:00Z');
    expect(dueAtFromPreset('3d', now).toISOString()).toBe('2026-05-15T04:00:00.000Z'); // Friday 15 May 10:00 Bishkek
    expect(dueAtFromPreset('1w', now).toISOString()).toBe('2026-05-19T04:00:00.000Z');
    expect(dueAtFromPreset('2w', now).toISOString()).toBe('2026-05-26T04:00:00.000Z');
  });

  it('should move the due day to Monday when the preset lands on a weekend', () => {
    // Wednesday 13 May + 3 days = Saturday 16 May → Monday 18 May
    expect(dueAtFromPreset('3d', new Date('2026-05-13T03:00:00Z')).toISOString()).toBe('2026-05-18T04:00:00.000Z');
    // Thursday 14 May + 3 days = Sunday 17 May → Monday 18 May
    expect(dueAtFromPreset('3d', new Date('2026-05-14T03:00:00Z')).toISOString()).toBe('2026-05-18T04:00:00.000Z');
  });
});

describe('custom due date-time', () => {
  it('should read a datetime-local value as Bishkek wall time when converting to ISO', () => {
    expect(bishkekLocalToIso('2026-05-12T10:00')).toBe('2026-05-12T04:00:00.000Z');
    expect(bishkekLocalToIso('2026-05-12T03:15:30')).toBe('2026-05-11T21:15:30.000Z');
    expect(isoToBishkekLocal('2026-05-11T21:15:00.000Z')).toBe('2026-05-12T03:15');
  });

  it('should return null when the value is empty or not a date-time', () => {
    expect(bishkekLocalToIso('')).toBeNull();
    expect(bishkekLocalToIso(null)).toBeNull();
    expect(bishkekLocalToIso('12.05.2026 10:00')).toBeNull();
    expect(bishkekLocalToIso('2026-13-45T10:00')).toBeNull();
  });

  it('should give an error key when the custom moment is missing or not in the future', () => {
    const now = new Date('2026-05-12T04:00:00Z');
    expect(resolveDueAt({ preset: 'custom', custom: '' }, now)).toEqual({ error: 'app.follow_ups.validation.due_required' });
    expect(resolveDueAt({ preset: 'custom', custom: '2026-05-12T10:00' }, now)).toEqual({ error: 'app.follow_ups.validation.due_future' });
    expect(resolveDueAt({ preset: 'custom', custom: '2026-05-12T10:01' }, now)).toEqual({ dueAt: '2026-05-12T04:01:00.000Z' });
    expect(resolveDueAt({ preset: '1w', custom: '' }, now)).toEqual({ dueAt: '2026-05-19T04:00:00.000Z' });
  });
});

describe('myTasksRanges', () => {
  it('should split the rest of today and the rest of the ISO week on the Bishkek calendar when it is mid-week', () => {
    // Wednesday 13 May, 18:00 Bishkek
    const r = myTasksRanges(new Date('2026-05-13T12:00:00Z'));
    expect(r.today).toEqual({ from: '2026-05-13T12:00:00.000Z', to: '2026-05-13T17:59:59.999Z' });
    expect(r.thisWeek).toEqual({ from: '2026-05-13T18:00:00.000Z', to: '2026-05-17T17:59:59.999Z' });
  });

  it('should use the Bishkek day when UTC is still on the previous day', () => {
    // Thursday 14 May, 01:00 Bishkek (Wednesday 19:00 UTC)
    const r = myTasksRanges(new Date('2026-05-13T19:00:00Z'));
    expect(r.today.to).toBe('2026-05-14T17:59:59.999Z');
    expect(r.thisWeek).toEqual({ from: '2026-05-14T18:00:00.000Z', to: '2026-05-17T17:59:59.999Z' });
  });

  it('should have no this-week section when today is Sunday and run to next Sunday when today is Monday', () => {
    expect(myTasksRanges(new Date('2026-05-17T06:00:00Z')).thisWeek).toBeNull();
    expect(myTasksRanges(new Date('2026-05-11T06:00:00Z')).thisWeek).toEqual({ from: '2026-05-11T18:00:00.000Z', to: '2026-05-17T17:59:59.999Z' });
  });
});

describe('myTasksSections', () => {
  it('should ask for my scheduled follow-ups: overdue by the API rule, then today and this week by due range', () => {
    // Wednesday 13 May, 18:00 Bishkek
    const ranges = myTasksRanges(new Date('2026-05-13T12:00:00Z'));
    const sections = myTasksSections(ranges);
    expect(sections.map((s) => [s.id, s.tone])).toEqual([
      ['overdue', 'error'],
      ['today', 'primary'],
      ['this-week', 'default'],
      ['later', 'default'],
    ]);
    expect(sections[0].filter).toEqual({ mine: true, status: 'scheduled', overdue: true });
    expect(sections[1].filter).toEqual({ mine: true, status: 'scheduled', dueFrom: ranges.today.from, dueTo: ranges.today.to });
    expect(sections[2].filter).toEqual({ mine: true, status: 'scheduled', dueFrom: '2026-05-13T18:00:00.000Z', dueTo: '2026-05-17T17:59:59.999Z' });
  });

  it('should leave out this week on a Sunday and start later from tomorrow', () => {
    const sections = myTasksSections(myTasksRanges(new Date('2026-05-17T06:00:00Z')));
    expect(sections.map((s) => s.id)).toEqual(['overdue', 'today', 'later']);
    expect(sections[2].filter).toEqual({ mine: true, status: 'scheduled', dueFrom: '2026-05-17T18:00:00.000Z' });
  });

  // the section a follow-up lands in, by the same inclusive bounds the API applies (dueFrom <= due <= dueTo)
  const sectionOf = (sections: ReturnType<typeof myTasksSections>, dueAt: string): string[] =>
    sections
      .filter((s) => {
        const f = s.filter as { dueFrom?: string; dueTo?: string; overdue?: boolean };
        if (f.overdue) return false;
        return (!f.dueFrom || dueAt >= f.dueFrom) && (!f.dueTo || dueAt <= f.dueTo);
      })
      .map((s) => s.id);

  it('should show a visit scheduled next week and one next month under later, and nowhere else', () => {
    // Wednesday 13 May, 18:00 Bishkek
    const sections = myTasksSections(myTasksRanges(new Date('2026-05-13T12:00:00Z')));
    expect(sections[3].filter).toEqual({ mine: true, status: 'scheduled', dueFrom: '2026-05-17T18:00:00.000Z' });
    // Wednesday 20 May and Friday 12 June, 10:00 Bishkek
    expect(sectionOf(sections, '2026-05-20T04:00:00.000Z')).toEqual(['later']);
    expect(sectionOf(sections, '2026-06-12T04:00:00.000Z')).toEqual(['later']);
    // the boundaries: Sunday night is this week, Monday's first moment is later
    expect(sectionOf(sections, '2026-05-17T17:59:59.999Z')).toEqual(['this-week']);
    expect(sectionOf(sections, '2026-05-17T18:00:00.000Z')).toEqual(['later']);
    expect(sectionOf(sections, '2026-05-13T15:00:00.000Z')).toEqual(['today']);
  });
});

describe('follow-up payloads and overdue', () => {
  it('should be overdue only when scheduled and past due', () => {
    const now = new Date('2026-05-12T04:00:00Z');
    expect(isFollowUpOverdue({ dueAt: '2026-05-12T03:59:59Z', status: 'scheduled' }, now)).toBe(true);
    expect(isFollowUpOverdue({ dueAt: '2026-05-12T03:59:59Z', status: 'done' }, now)).toBe(false);
    expect(isFollowUpOverdue({ dueAt: '2026-05-12T04:00:01Z', status: 'scheduled' }, now)).toBe(false);
  });

  it('should carry the version and leave out empty texts when building updates', () => {
    expect(toDoneUpdate({ version: 3 }, '  ', 'reached by phone ')).toEqual({ version: 3, status: 'done', outcome: 'reached by phone' });
    expect(toRescheduleUpdate({ version: 4 }, '2026-05-19T04:00:00.000Z')).toEqual({ version: 4, dueAt: '2026-05-19T04:00:00.000Z' });
    expect(toCancelUpdate({ version: 5 })).toEqual({ version: 5, status: 'cancelled' });
    expect(toScheduleCreate('c1', 'visit', '2026-05-19T04:00:00.000Z', '')).toEqual({ caseId: 'c1', kind: 'visit', dueAt: '2026-05-19T04:00:00.000Z' });
  });
});

describe('nextSevenDaysFilter', () => {
  it('should ask for my scheduled follow-ups from now to the end of the seventh Bishkek day after today', () => {
    // Wednesday 13 May, 18:00 Bishkek: up to the end of Wednesday 20 May, so a visit "in a week" is in
    expect(nextSevenDaysFilter(new Date('2026-05-13T12:00:00Z'))).toEqual({
      mine: true,
      status: 'scheduled',
      dueFrom: '2026-05-13T12:00:00.000Z',
      dueTo: '2026-05-20T17:59:59.999Z',
    });
  });
});
