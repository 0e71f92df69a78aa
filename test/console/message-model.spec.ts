import { CONSENT_SCOPES as SERVER_CONSENT_SCOPES } from '../../libs/returnees/src/returnee.types';
import { MESSAGE_CHANNELS, MESSAGE_STATUSES } from '../../libs/messaging/src/entities/message.entity';
import { CHECKIN_FREQUENCIES } from '../../libs/messaging/src/entities/checkin.entity';
import { adherenceOf } from '../../libs/messaging/src/outreach/outreach-rules';
import { countSegments as serverSegments } from '../../libs/messaging/src/channels/segments';
import { CONSENT_SCOPES } from '../../apps/console/src/returnees/consentModel';
import { C } from '../../apps/console/src/shared/choices';
import * as model from '../../apps/console/src/messages/messageModel';
import type { Checkin, Contact, MessageRow } from '../../apps/console/src/messages/messageModel';

const contact = (over: Partial<Contact> = {}): Contact => ({
  returneeId: 'r1',
  preferredChannel: null,
  telegramLinked: false,
  telegramAvailable: true,
  optedOut: false,
  optedOutAt: null,
  optedOutChannel: null,
  updatedAt: null,
  ...over,
});
const consent = (...scope: string[]) => ({ scope, active: true });

describe('console messages model', () => {
  it('should mirror the server’s channels, statuses, check-in frequencies and consent scopes', () => {
    expect([...model.MESSAGE_CHANNELS]).toEqual([...MESSAGE_CHANNELS]);
    expect([...model.MESSAGE_STATUSES]).toEqual([...MESSAGE_STATUSES]);
    expect([...model.CHECKIN_FREQUENCIES]).toEqual([...CHECKIN_FREQUENCIES]);
    expect([...CONSENT_SCOPES]).toEqual([...SERVER_CONSENT_SCOPES]);
    expect(C.consentScope.map((c) => c.id)).toContain('contact_by_telegram');
  });

  it('should colour a status by whether the message still moves, arrived or will never arrive', () => {
    expect(model.statusColor('queued')).toBe('info');
    expect(model.statusColor('sending')).toBe('info');
    expect(model.statusColor('sent')).toBe('primary');
    expect(model.statusColor('delivered')).toBe('success');
    expect(model.statusColor('received')).toBe('success');
    expect(model.statusColor('failed')).toBe('error');
    expect(model.statusColor('expired')).toBe('default');
    expect(model.statusColor('cancelled')).toBe('default');
    // every status the server knows has a deliberate colour
    for (const s of MESSAGE_STATUSES) expect(['info', 'primary', 'success', 'error', 'default']).toContain(model.statusColor(s));
  });

  it('should count GSM-7 and UCS-2 segments as the operator bills them', () => {
    expect(model.countSegments('')).toMatchObject({ encoding: 'gsm7', segments: 0 });
    expect(model.countSegments('a'.repeat(160))).toEqual({ encoding: 'gsm7', units: 160, segments: 1, perSegment: 160 });
    expect(model.countSegments('a'.repeat(161))).toEqual({ encoding: 'gsm7', units: 161, segments: 2, perSegment: 153 });
    expect(model.countSegments('a'.repeat(306))).toMatchObject({ segments: 2 });
    expect(model.countSegments('a'.repeat(307))).toMatchObject({ segments: 3 });
    // the extension table takes two septets: 80 euro signs fill one segment exactly
    expect(model.countSegments('€'.repeat(80))).toMatchObject({ encoding: 'gsm7', units: 160, segments: 1 });
    expect(model.countSegments('€'.repeat(81))).toMatchObject({ encoding: 'gsm7', units: 162, segments: 2 });
    // one Kyrgyz letter makes the whole text UCS-2
    expect(model.countSegments('ү' + 'a'.repeat(69))).toEqual({ encoding: 'ucs2', units: 70, segments: 1, perSegment: 70 });
    expect(model.countSegments('Эскертүү: эртең саат 10:00 жолугушууңуз бар. Жери: Бишкек, Ленин көч. 1.')).toMatchObject({ encoding: 'ucs2', segments: 2 });
    expect(model.countSegments('ы'.repeat(134))).toMatchObject({ segments: 2 });
    expect(model.countSegments('ы'.repeat(135))).toMatchObject({ segments: 3 });
  });

  it('should count the composer’s SMS parts as the SMPP channel will send them', () => {
    const texts = [
      'a',
      'a'.repeat(160),
      'a'.repeat(161),
      'a'.repeat(306),
      'a'.repeat(307),
      '€'.repeat(80),
      '€'.repeat(81),
      'Hello {world} [1] ~ ^ | \\ 100% & @home!',
      'ы'.repeat(70),
      'ы'.repeat(71),
      'ы'.repeat(134),
      'ы'.repeat(135),
      'Эскертүү: эртең саат 10:00 жолугушууңуз бар. Жери: Бишкек, Ленин көч. 1.',
      'Salam! Ertең kelesizbi?',
    ];
    for (const text of texts) {
      const { encoding, segments } = model.countSegments(text);
      expect({ text, encoding, segments }).toEqual({ text, ...serverSegments(text) });
    }
  });

  it('should label SMS parts only for SMS with a known count', () => {
    expect(model.segmentsLabelArgs('sms', 3)).toEqual({ count: 3 });
    expect(model.segmentsLabelArgs('sms', null)).toBeNull();
    expect(model.segmentsLabelArgs('sms', 0)).toBeNull();
    expect(model.segmentsLabelArgs('telegram', 1)).toBeNull();
  });

  it('should put the conversation oldest first, each message once across overlapping pages', () => {
    const m = (id: string, createdAt: string) => ({ id, createdAt }) as Pick<MessageRow, 'id' | 'createdAt'>;
    const newest = [m('c', '2026-12-07T10:00:00Z'), m('b', '2026-12-07T09:00:00Z')];
    const older = [m('b', '2026-12-07T09:00:00Z'), m('a', '2026-12-06T09:00:00Z'), m('a2', '2026-12-06T09:00:00Z')];
    expect(model.conversationOrder([newest, older]).map((x) => x.id)).toEqual(['a', 'a2', 'b', 'c']);
    expect(model.conversationOrder([])).toEqual([]);
  });

  it('should pick the default channel as the server does: preference, else linked Telegram, else SMS', () => {
    expect(model.defaultChannel(contact({ preferredChannel: 'sms', telegramLinked: true }))).toBe('sms');
    expect(model.defaultChannel(contact({ telegramLinked: true }))).toBe('telegram');
    expect(model.defaultChannel(contact({ telegramLinked: true, telegramAvailable: false }))).toBe('sms');
    expect(model.defaultChannel(null)).toBe('sms');
  });

  it('should say why a message cannot go: opt-out first, then the channel, then the consent of that channel', () => {
    const phone = { hasPhone: true };
    expect(model.composerBlock('sms', contact({ optedOut: true }), [consent('contact_by_phone')], phone)).toBe('opted_out');
    expect(model.composerBlock('sms', contact(), [], phone)).toBe('no_consent');
    expect(model.composerBlock('sms', contact(), [{ scope: ['contact_by_phone'], active: false }], phone)).toBe('no_consent');
    expect(model.composerBlock('sms', contact(), [consent('contact_by_phone')], phone)).toBeNull();
    expect(model.composerBlock('sms', contact(), [consent('contact_by_phone')], { hasPhone: false })).toBe('no_phone');
    // Telegram needs its own consent, the bot and a linked chat
    expect(model.composerBlock('telegram', contact({ telegramLinked: true }), [consent('contact_by_phone')], phone)).toBe('no_consent');
    expect(model.composerBlock('telegram', contact({ telegramLinked: true }), [consent('contact_by_telegram')], phone)).toBeNull();
    expect(model.composerBlock('telegram', contact(), [consent('contact_by_telegram')], phone)).toBe('telegram_not_linked');
    expect(model.composerBlock('telegram', contact({ telegramAvailable: false, telegramLinked: true }), [consent('contact_by_telegram')], phone)).toBe(
      'telegram_off',
    );
  });

  it('should say a channel is down only when the health check reports it so', () => {
    expect(model.channelDown('sms', { sms: { up: false, detail: 'off (SMPP_URL is not set)' }, telegram: { up: true } })).toBe(true);
    expect(model.channelDown('telegram', { sms: { up: false }, telegram: { up: true } })).toBe(false);
    expect(model.channelDown('sms', null)).toBe(false);
    expect(model.channelDown('sms', {})).toBe(false);
  });

  it('should send free text or a template with its parameters, never both, and check them first', () => {
    expect(model.toMessageBody({ channel: '', templateKey: '', text: '  Здравствуйте  ', params: {} })).toEqual({ text: 'Здравствуйте' });
    expect(model.toMessageBody({ channel: 'telegram', templateKey: 'k', text: 'ignored', params: { place: ' Офис ' } })).toEqual({
      channel: 'telegram',
      templateKey: 'k',
      params: { place: 'Офис' },
    });
    expect(model.composerProblems({ channel: '', templateKey: '', text: '   ', params: {} }).text).toBe('ra.validation.required');
    expect(model.composerProblems({ channel: '', templateKey: '', text: 'x'.repeat(1001), params: {} }).text).toBe('app.messaging.validation.too_long');
    expect(model.composerProblems({ channel: '', templateKey: '', text: 'ok', params: {} }).text).toBeUndefined();
    expect(model.composerProblems({ channel: '', templateKey: 'k', text: '', params: { date: '1' } }, ['date', 'place'])).toEqual({
      'params.place': 'ra.validation.required',
    });
    expect(model.placeholdersOf('{date} at {time}, {date}')).toEqual(['date', 'time']);
  });

  it('should preview a template in the console language with the parameters typed so far, neutral on SMS for health', () => {
    const t = {
      id: 'x',
      health: true,
      placeholders: ['time'],
      text: { ky: 'Саат {time} дары', ru: 'В {time} лекарство', en: 'At {time} medicine' },
      smsSafe: { ky: 'Саат {time} план', ru: 'В {time} план', en: 'At {time} plan' },
    };
    expect(model.templatePreview(t, 'telegram', 'ru', {})).toBe('В {time} лекарство');
    expect(model.templatePreview(t, 'telegram', 'ky', { time: ' 10:00 ' })).toBe('Саат 10:00 дары');
    expect(model.templatePreview(t, 'sms', 'en', { time: '9:00' })).toBe('At 9:00 plan');
    expect(model.templatePreview({ ...t, health: false }, 'sms', 'de', {})).toBe('В {time} лекарство');
  });

  it('should shape the check-in schedule: weekday only for weekly, HH:MM time, preferred channel as null', () => {
    expect(model.scheduleValues(null)).toEqual({ frequency: 'daily', weekday: '', localTime: '09:00', channel: '', active: true });
    const weekly = { frequency: 'weekly' as const, weekday: '' as const, localTime: '9:5', channel: '' as const, active: true };
    expect(model.scheduleProblems(weekly)).toEqual({ weekday: 'ra.validation.required', localTime: 'app.messaging.checkins.validation.time' });
    expect(model.scheduleProblems({ ...weekly, weekday: 3, localTime: '20:30' })).toEqual({ weekday: undefined, localTime: undefined });
    expect(model.toScheduleBody({ ...weekly, weekday: 3, localTime: '20:30' })).toEqual({
      frequency: 'weekly',
      weekday: 3,
      localTime: '20:30',
      channel: null,
      active: true,
    });
    expect(model.toScheduleBody({ frequency: 'daily', weekday: 3, localTime: '08:00', channel: 'sms', active: false })).toEqual({
      frequency: 'daily',
      localTime: '08:00',
      channel: 'sms',
      active: false,
    });
  });

  it('should draw adherence as the server counts it: unanswered counts as not taken, unsent and future ones not at all', () => {
    const now = new Date('2026-12-07T12:00:00Z');
    const c = (dueAt: string, answer: Checkin['answer'], sent = true): Checkin => ({ id: dueAt, dueAt, sent, answer, answeredAt: null, escalatedAt: null });
    const rows = [
      c('2026-12-04T03:00:00Z', 'no'),
      c('2026-12-01T03:00:00Z', 'yes'),
      c('2026-12-02T03:00:00Z', 'yes'),
      c('2026-12-03T03:00:00Z', null),
      c('2026-12-05T03:00:00Z', 'yes', false),
      c('2026-12-08T03:00:00Z', null),
    ];
    const series = model.adherenceSeries(rows, now);
    expect(series.map((p) => p.share)).toEqual([1, 1, 0.667, 0.5]);
    expect(series.map((p) => p.at)).toEqual(['2026-12-01T03:00:00Z', '2026-12-02T03:00:00Z', '2026-12-03T03:00:00Z', '2026-12-04T03:00:00Z']);
    const server = adherenceOf(
      rows.map((r) => ({ sent: r.sent, answer: r.answer, dueAt: new Date(r.dueAt) })),
      now,
    );
    expect(series.at(-1)?.share).toBe(server.share);
    expect(model.formatShare(server.share)).toBe('50 %');
    expect(model.formatShare(null)).toBe('—');
    expect(model.answerColor('yes')).toBe('success');
    expect(model.answerColor('no')).toBe('error');
    expect(model.answerColor('side_effects')).toBe('warning');
    expect(model.answerColor(null)).toBe('default');
  });

  it('should offer check-ins on a TB health case, and a schedule only while the treatment goes on', () => {
    expect(model.isTbCase({ type: 'health_referral', details: { condition: 'tb' } })).toBe(true);
    expect(model.isTbCase({ type: 'health_referral', details: { condition: 'hiv' } })).toBe(false);
    expect(model.isTbCase({ type: 'legal_aid', details: { condition: 'tb' } })).toBe(false);
    expect(model.isTbCase({ type: 'health_referral', details: null })).toBe(false);
    expect(model.canSchedule({ status: 'open', details: { condition: 'tb', tbTreatmentStage: 'intensive' } })).toBe(true);
    expect(model.canSchedule({ status: 'open', details: { condition: 'tb', tbTreatmentStage: 'completed' } })).toBe(false);
    expect(model.canSchedule({ status: 'closed', details: { condition: 'tb' } })).toBe(false);
  });

  it('should sum the supervisors’ figures per day and office, with the delivery rate as the API counts it', () => {
    const d = (day: string, officeId: string, sent: number, delivered: number, failed: number, segments: number, expired = 0) => ({
      day,
      officeId,
      channel: 'sms',
      sent,
      delivered,
      failed,
      expired,
      segments,
    });
    const days = [d('2026-12-01', 'o1', 10, 8, 1, 14), d('2026-12-01', 'o2', 4, 4, 0, 4), d('2026-12-03', 'o1', 5, 2, 3, 10, 1)];
    expect(model.statsTotals(days)).toEqual({ sent: 19, delivered: 14, failed: 4, expired: 1, segments: 28, rate: 0.737 });
    expect(model.statsTotals([])).toEqual({ sent: 0, delivered: 0, failed: 0, expired: 0, segments: 0, rate: null });
    const perDay = model.statsByDay(days, '2026-12-01', '2026-12-03');
    expect(perDay.map((r) => [r.day, r.sent, r.segments])).toEqual([
      ['2026-12-01', 14, 18],
      ['2026-12-02', 0, 0],
      ['2026-12-03', 5, 10],
    ]);
    expect(model.statsByOffice(days).map((o) => [o.officeId, o.segments, o.rate])).toEqual([
      ['o1', 24, 0.667],
      ['o2', 4, 1],
    ]);
    expect(
      model.reasonsOf([
        { officeId: 'o1', reason: 'ESME_RINVDSTADR', count: 2 },
        { officeId: 'o2', reason: 'telegram 403', count: 3 },
        { officeId: 'o2', reason: 'ESME_RINVDSTADR', count: 2 },
      ]),
    ).toEqual([
      { reason: 'ESME_RINVDSTADR', count: 4 },
      { reason: 'telegram 403', count: 3 },
    ]);
    expect(model.defaultPeriod(new Date('2026-12-07T20:00:00Z'))).toEqual({ from: '2026-11-25', to: '2026-12-08' });
    // the failures list asks for the same Bishkek days, the last one included
    expect(model.periodInstants({ from: '2026-11-25', to: '2026-12-31' })).toEqual({ from: '2026-11-25T00:00:00+06:00', to: '2027-01-01T00:00:00+06:00' });
  });
});
