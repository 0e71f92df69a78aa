import {
  adherenceOf,
  answerEscalation,
  appointmentSlots,
  bishkekDateTime,
  CheckinFact,
  checkinTimes,
  nextCallDueAt,
  parseCheckinAnswer,
  parseOptionNumber,
  silenceEscalation,
} from './outreach-rules';

const at = (s: string) => new Date(s);
const DAY = 86_400_000;

describe('outreach rules', () => {
  describe('appointment reminders', () => {
    it('should remind at 18:00 Bishkek the evening before and two hours before', () => {
      // 10:30 Bishkek on 15 December = 04:30Z
      expect(appointmentSlots(at('2026-12-15T04:30:00Z'), at('2026-12-10T00:00:00Z'))).toEqual([
        { slot: 'evening', fireAt: at('2026-12-14T12:00:00Z') },
        { slot: 'soon', fireAt: at('2026-12-15T02:30:00Z') },
      ]);
    });

    it('should leave out the evening slot when it has passed', () => {
      expect(appointmentSlots(at('2026-12-15T04:30:00Z'), at('2026-12-14T13:00:00Z')).map((s) => s.slot)).toEqual(['soon']);
    });

    it('should use the local day, not the UTC day, for an appointment just after local midnight', () => {
      // 00:30 Bishkek on 16 December is still 15 December in UTC
      expect(appointmentSlots(at('2026-12-15T18:30:00Z'), at('2026-12-01T00:00:00Z'))[0].fireAt).toEqual(at('2026-12-15T12:00:00Z'));
    });

    it('should send nothing for an appointment less than two hours away', () => {
      expect(appointmentSlots(at('2026-12-15T04:30:00Z'), at('2026-12-15T03:00:00Z'))).toEqual([]);
    });

    it('should write date and time as read in Bishkek', () => {
      expect(bishkekDateTime(at('2026-12-31T20:05:00Z'))).toEqual({ date: '01.01', time: '02:05' });
    });
  });

  describe('check-in times', () => {
    it('should give one time a day at the local time, from the start date on', () => {
      const rule = { frequency: 'daily' as const, weekday: null, localTime: '09:30', startsOn: '2026-12-08' };
      expect(checkinTimes(rule, at('2026-12-06T00:00:00Z'), at('2026-12-10T00:00:00Z'))).toEqual([at('2026-12-08T03:30:00Z'), at('2026-12-09T03:30:00Z')]);
    });

    it('should give one time a week on the weekday (1 = Monday)', () => {
      const rule = { frequency: 'weekly' as const, weekday: 3, localTime: '20:00', startsOn: '2026-12-01' };
      // Wednesdays 9 and 16 December 2026
      expect(checkinTimes(rule, at('2026-12-07T00:00:00Z'), at('2026-12-20T00:00:00Z'))).toEqual([at('2026-12-09T14:00:00Z'), at('2026-12-16T14:00:00Z')]);
    });

    it('should exclude the window start and include its end', () => {
      const rule = { frequency: 'daily' as const, weekday: null, localTime: '09:00', startsOn: '2026-12-01' };
      expect(checkinTimes(rule, at('2026-12-08T03:00:00Z'), at('2026-12-09T03:00:00Z'))).toEqual([at('2026-12-09T03:00:00Z')]);
    });
  });

  describe('answers', () => {
    it.each([
      ['1', 'yes'],
      [' Да ', 'yes'],
      ['ооба', 'yes'],
      ['2', 'no'],
      ['НЕТ', 'no'],
      ['3', 'side_effects'],
      ['4', null],
      ['maybe', null],
      [null, null],
    ])('should read %p as %p', (raw, answer) => {
      expect(parseCheckinAnswer(raw)).toBe(answer);
    });

    it('should read an option number within range only', () => {
      expect(parseOptionNumber('2', 4)).toBe(2);
      expect(parseOptionNumber(' 4) ', 4)).toBe(4);
      expect(parseOptionNumber('5', 4)).toBeNull();
      expect(parseOptionNumber('0', 4)).toBeNull();
      expect(parseOptionNumber('two', 4)).toBeNull();
    });
  });

  describe('escalation', () => {
    const now = at('2026-12-20T06:00:00Z');
    let n = 0;
    const fact = (daysAgo: number, answer: CheckinFact['answer'], extra: Partial<CheckinFact> = {}): CheckinFact => ({
      id: `c${++n}`,
      dueAt: new Date(now.getTime() - daysAgo * DAY),
      sent: true,
      answer,
      escalatedAt: null,
      ...extra,
    });

    it('should escalate side effects at once', () => {
      const h = [fact(0, 'side_effects'), fact(1, 'yes')];
      expect(answerEscalation(h, h[0].id)).toBe('side_effects');
    });

    it('should escalate the second "no" in a row, not the first', () => {
      const first = [fact(1, 'no'), fact(2, 'yes')];
      expect(answerEscalation(first, first[0].id)).toBeNull();
      const second = [fact(0, 'no'), ...first];
      expect(answerEscalation(second, second[0].id)).toBe('two_no');
    });

    it('should escalate a run of "no" once', () => {
      const h = [fact(0, 'no'), fact(1, 'no', { escalatedAt: now }), fact(2, 'no')];
      expect(answerEscalation(h, h[0].id)).toBeNull();
    });

    it('should not count a "no" separated by an unanswered check-in as in a row', () => {
      const h = [fact(0, 'no'), fact(1, null), fact(2, 'no')];
      expect(answerEscalation(h, h[0].id)).toBeNull();
    });

    it('should skip check-ins never sent when looking for the run', () => {
      const h = [fact(0, 'no'), fact(1, null, { sent: false }), fact(2, 'no')];
      expect(answerEscalation(h, h[0].id)).toBe('two_no');
    });

    it('should escalate three days without an answer once, on the oldest unanswered check-in', () => {
      const h = [fact(1, null), fact(2, null), fact(3, null), fact(4, 'yes')];
      expect(silenceEscalation(h, now)?.id).toBe(h[2].id);
      const escalated = h.map((c, i) => (i === 2 ? { ...c, escalatedAt: now } : c));
      expect(silenceEscalation(escalated, now)).toBeNull();
    });

    it('should wait until three days have passed', () => {
      expect(silenceEscalation([fact(1, null), fact(2, null), fact(2.9, 'yes')], now)).toBeNull();
    });

    it('should not count silence when nothing was sent (no consent)', () => {
      expect(silenceEscalation([fact(4, null, { sent: false }), fact(5, null, { sent: false })], now)).toBeNull();
    });
  });

  it('should count adherence as yes over asked, unanswered as not taken, future check-ins left out', () => {
    const now = at('2026-12-20T06:00:00Z');
    const c = (h: number, answer: CheckinFact['answer'], sent = true) => ({ dueAt: new Date(now.getTime() + h * 3_600_000), sent, answer });
    expect(adherenceOf([c(-1, 'yes'), c(-25, 'yes'), c(-49, 'no'), c(-73, null), c(-97, 'side_effects'), c(-121, null, false), c(5, null)], now)).toEqual({
      asked: 5,
      yes: 2,
      no: 1,
      sideEffects: 1,
      unanswered: 1,
      share: 0.4,
    });
  });

  it('should put the caseworker’s call at the next 10:00 Bishkek at least two hours ahead', () => {
    expect(nextCallDueAt(at('2026-12-20T02:00:00Z'))).toEqual(at('2026-12-20T04:00:00Z'));
    expect(nextCallDueAt(at('2026-12-20T02:30:00Z'))).toEqual(at('2026-12-21T04:00:00Z'));
  });
});
