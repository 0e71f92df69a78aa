// No imports on purpose: the root jest may check this file directly, while the console bundles it.
// Pure rules of the messages tab, the check-ins on a TB case and the supervisors' messages page (issue 18); the API
// (libs/messaging) stays authoritative: it refuses what it must and these only say it earlier and more plainly.

export const MESSAGE_CHANNELS = ['sms', 'telegram'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];
export const MESSAGE_STATUSES = ['queued', 'sending', 'sent', 'delivered', 'failed', 'expired', 'cancelled', 'received'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

// One row of GET /api/messages (mirrors the API's message DTO; the text is decrypted for those who may read it).
export type MessageRow = {
  id: string;
  returneeId: string;
  officeId: string;
  channel: MessageChannel;
  direction: 'out' | 'in';
  kind: string;
  templateKey: string | null;
  language: string | null;
  text?: string | null;
  body?: string | null;
  status: MessageStatus;
  fireAt: string | null;
  attempts: number;
  lastError: string | null;
  segments: number | null;
  encoding: 'gsm7' | 'ucs2' | null;
  createdAt: string;
  sentAt: string | null;
  deliveredAt: string | null;
  createdBy?: string | null;
  // who wrote it: the staff member (null when Kaytuu sent it by itself) or, for a reply, the returnee
  senderName: string | null;
};

// GET /api/returnees/:id/contact
export type Contact = {
  returneeId: string;
  preferredChannel: MessageChannel | null;
  telegramLinked: boolean;
  telegramAvailable: boolean;
  optedOut: boolean;
  optedOutAt: string | null;
  optedOutChannel: MessageChannel | null;
  updatedAt: string | null;
};

export type ChipColor = 'default' | 'primary' | 'secondary' | 'error' | 'info' | 'success' | 'warning';

// The status chip of a message: what still moves (queued, sending) in blue, what arrived in green, what will never
// arrive in red (failed) or grey (expired: too late; cancelled: stopped on purpose).
export function statusColor(status: string): ChipColor {
  switch (status) {
    case 'queued':
    case 'sending':
      return 'info';
    case 'sent':
      return 'primary';
    case 'delivered':
    case 'received':
      return 'success';
    case 'failed':
      return 'error';
    case 'expired':
    case 'cancelled':
      return 'default';
    default:
      return 'default';
  }
}

export const messageText = (m: Pick<MessageRow, 'text' | 'body'>): string => m.text ?? m.body ?? '';

// GSM 03.38: the basic set (one septet) and the extension table (escape + one septet, so two).
const GSM_BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€\f';

export type SegmentCount = { encoding: 'gsm7' | 'ucs2'; units: number; segments: number; perSegment: number };

// How many SMS parts a text takes (what the operator bills): GSM-7 160 characters, or 153 a part when concatenated;
// anything outside GSM-7 (Cyrillic, ң ө ү) makes the whole text UCS-2: 70, or 67 a part. UCS-2 counts UTF-16 units.
export function countSegments(text: string): SegmentCount {
  let septets = 0;
  let gsm = true;
  for (const ch of text) {
    if (GSM_BASIC.includes(ch)) septets += 1;
    else if (GSM_EXTENDED.includes(ch)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) {
    const perSegment = septets <= 160 ? 160 : 153;
    return { encoding: 'gsm7', units: septets, segments: septets === 0 ? 0 : Math.ceil(septets / perSegment), perSegment };
  }
  const units = text.length;
  const perSegment = units <= 70 ? 70 : 67;
  return { encoding: 'ucs2', units, segments: Math.ceil(units / perSegment), perSegment };
}

// "3 SMS parts · UCS-2" under the composer and on a bubble; Telegram has no parts.
export function segmentsLabelArgs(channel: MessageChannel, segments: number | null | undefined): { count: number } | null {
  if (channel !== 'sms' || segments == null || segments <= 0) return null;
  return { count: segments };
}

// Oldest first, newest at the bottom, each message once (pages loaded one after another may overlap when a message
// arrives meanwhile).
export function conversationOrder<T extends Pick<MessageRow, 'id' | 'createdAt'>>(pages: T[][]): T[] {
  const seen = new Map<string, T>();
  for (const page of pages) for (const m of page) if (!seen.has(m.id)) seen.set(m.id, m);
  return [...seen.values()].sort((a, b) => (a.createdAt === b.createdAt ? a.id.localeCompare(b.id) : a.createdAt < b.createdAt ? -1 : 1));
}

export type ConsentLike = { scope: string[]; active: boolean };
export type ComposerBlock = 'opted_out' | 'no_consent' | 'no_phone' | 'telegram_off' | 'telegram_not_linked';

export const CONSENT_FOR: Record<MessageChannel, string> = { sms: 'contact_by_phone', telegram: 'contact_by_telegram' };

// The channel a message goes by when the caseworker picks none: the returnee's preference, else Telegram when linked
// (and on), else SMS — as the server's rules choose.
export function defaultChannel(contact: Pick<Contact, 'preferredChannel' | 'telegramLinked' | 'telegramAvailable'> | null | undefined): MessageChannel {
  if (contact?.preferredChannel) return contact.preferredChannel;
  return contact?.telegramLinked && contact.telegramAvailable ? 'telegram' : 'sms';
}

// Why a message on this channel cannot be sent now (null: it can). A channel that is down is not a block: the message
// waits in the queue (see channelDown).
export function composerBlock(
  channel: MessageChannel,
  contact: Pick<Contact, 'optedOut' | 'telegramLinked' | 'telegramAvailable'> | null | undefined,
  consents: ConsentLike[],
  opts: { hasPhone: boolean },
): ComposerBlock | null {
  if (contact?.optedOut) return 'opted_out';
  if (channel === 'telegram') {
    if (!contact?.telegramAvailable) return 'telegram_off';
    if (!contact.telegramLinked) return 'telegram_not_linked';
  } else {
    if (!opts.hasPhone) return 'no_phone';
  }
  const scope = CONSENT_FOR[channel];
  return consents.some((c) => c.active && c.scope.includes(scope)) ? null : 'no_consent';
}

// /api/health `channels`: whether the worker holds each channel up (off when not configured).
export type ChannelStates = Partial<Record<MessageChannel, { up: boolean; detail?: string }>>;
// The channel is not up now (not configured, or the worker reports it down): messages wait in the queue.
export const channelDown = (channel: MessageChannel, states: ChannelStates | null | undefined): boolean => !!states && states[channel]?.up === false;

export const MAX_TEXT = 1000;

// POST /api/returnees/:id/messages: a template (with its parameters) or free text, never both; the channel only when
// chosen.
export type ComposerValues = { channel: MessageChannel | ''; templateKey: string; text: string; params: Record<string, string> };
export function toMessageBody(v: ComposerValues): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (v.channel) body.channel = v.channel;
  if (v.templateKey) {
    body.templateKey = v.templateKey;
    const params = Object.fromEntries(Object.entries(v.params ?? {}).map(([k, s]) => [k, s.trim()]));
    if (Object.keys(params).length) body.params = params;
  } else body.text = v.text.trim();
  return body;
}
export function composerProblems(v: ComposerValues, placeholders: string[] = []): Record<string, string | undefined> {
  if (v.templateKey) {
    const out: Record<string, string | undefined> = {};
    for (const p of placeholders) if (!v.params?.[p]?.trim()) out[`params.${p}`] = 'ra.validation.required';
    return out;
  }
  const t = v.text.trim();
  return { text: !t ? 'ra.validation.required' : t.length > MAX_TEXT ? 'app.messaging.validation.too_long' : undefined };
}

// GET /api/message-templates: a template the composer offers, its texts as written (placeholders in braces).
type Texts = Record<'ky' | 'ru' | 'en', string>;
export type MessageTemplate = { id: string; health: boolean; placeholders: string[]; text: Texts; smsSafe: Texts | null };

// What a template will say in the console's language (ky/ru/en; others read Russian), with the parameters typed so far
// in place of their {placeholders}; on SMS a health template says its neutral text, as the server sends it.
export function templatePreview(t: MessageTemplate, channel: MessageChannel, locale: string, params: Record<string, string>): string {
  const texts = channel === 'sms' && t.health && t.smsSafe ? t.smsSafe : t.text;
  const lang = locale === 'ky' || locale === 'en' ? locale : 'ru';
  return texts[lang].replace(/\{(\w+)\}/g, (whole, name: string) => params[name]?.trim() || whole);
}

// The {placeholders} of a template text, each once, in order.
export const placeholdersOf = (text: string): string[] => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))];

// --- TB check-ins ---

export const CHECKIN_FREQUENCIES = ['daily', 'weekly'] as const;
export type CheckinFrequency = (typeof CHECKIN_FREQUENCIES)[number];
export type CheckinSchedule = {
  caseId: string;
  frequency: CheckinFrequency;
  weekday: number | null;
  localTime: string;
  channel: MessageChannel | null;
  active: boolean;
  startsOn: string;
  updatedAt: string;
};
export type CheckinAnswer = 'yes' | 'no' | 'side_effects';
export type Checkin = { id: string; dueAt: string; sent: boolean; answer: CheckinAnswer | null; answeredAt: string | null; escalatedAt: string | null };
export type Adherence = { asked: number; yes: number; no: number; sideEffects: number; unanswered: number; share: number | null };
export type CheckinList = { adherence: Adherence; checkins: Checkin[] };

export type ScheduleValues = { frequency: CheckinFrequency; weekday: number | ''; localTime: string; channel: MessageChannel | ''; active: boolean };

export const scheduleValues = (s: CheckinSchedule | null | undefined): ScheduleValues =>
  s
    ? { frequency: s.frequency, weekday: s.weekday ?? '', localTime: s.localTime, channel: s.channel ?? '', active: s.active }
    : { frequency: 'daily', weekday: '', localTime: '09:00', channel: '', active: true };

export function scheduleProblems(v: ScheduleValues): Record<string, string | undefined> {
  return {
    weekday: v.frequency === 'weekly' && v.weekday === '' ? 'ra.validation.required' : undefined,
    localTime: /^([01]\d|2[0-3]):[0-5]\d$/.test(v.localTime) ? undefined : 'app.messaging.checkins.validation.time',
  };
}

export const toScheduleBody = (v: ScheduleValues) => ({
  frequency: v.frequency,
  ...(v.frequency === 'weekly' ? { weekday: Number(v.weekday) } : {}),
  localTime: v.localTime,
  channel: v.channel || null,
  active: v.active,
});

// "87 %" or "—" (nothing asked yet)
export const formatShare = (share: number | null | undefined): string => (share == null ? '—' : `${Math.round(share * 100)} %`);

// The adherence over time for the chart: after each check-in asked by `now` (oldest first), the share answered "yes"
// so far — the same count as the API's adherence (an unanswered check-in counts as not taken).
export function adherenceSeries(checkins: Checkin[], now: Date = new Date()): Array<{ at: string; share: number; answer: CheckinAnswer | null }> {
  const asked = checkins.filter((c) => c.sent && Date.parse(c.dueAt) <= now.getTime()).sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  let yes = 0;
  return asked.map((c, i) => {
    if (c.answer === 'yes') yes += 1;
    return { at: c.dueAt, share: Math.round((yes / (i + 1)) * 1000) / 1000, answer: c.answer };
  });
}

// An answer chip's colour: yes green, no red, side effects orange, none grey.
export const answerColor = (a: CheckinAnswer | null): ChipColor =>
  a === 'yes' ? 'success' : a === 'no' ? 'error' : a === 'side_effects' ? 'warning' : 'default';

// --- the supervisors' messages page ---

// delivered of those sent, as the API counts it (GET /api/messages/stats totals.deliveryRate); null when none was sent
export function deliveryRate(r: { delivered: number; sent: number }): number | null {
  return r.sent > 0 ? Math.round((r.delivered / r.sent) * 1000) / 1000 : null;
}

// The check-ins tab belongs to a TB health case (its details may be hidden from staff who do not see health data).
export const isTbCase = (c: { type: string; details: Record<string, unknown> | null } | null | undefined): boolean =>
  !!c && c.type === 'health_referral' && c.details?.condition === 'tb';
// A schedule is set while the treatment goes on; after it (or on a closed case) only the history shows.
export const canSchedule = (c: { status: string; details: Record<string, unknown> | null }): boolean =>
  c.status !== 'closed' && c.details?.tbTreatmentStage !== 'completed';

// GET /api/messages/stats?from&to[&officeId]: per Bishkek day, office and channel what was sent (a sent message stays
// counted when delivered), delivered, failed, expired and its SMS parts (what the operator bills); failures by reason
// per office; the totals.
export type StatsDay = { day: string; officeId: string; channel?: string; sent: number; delivered: number; failed: number; expired: number; segments: number };
export type MessageStats = {
  from: string;
  to: string;
  days: StatsDay[];
  failuresByReason: Array<{ officeId?: string; reason: string; count: number }>;
  totals?: { sent: number; delivered: number; failed: number; expired: number; segments: number; deliveryRate: number | null };
};
export type StatsTotals = { sent: number; delivered: number; failed: number; expired: number; segments: number; rate: number | null };

export function statsTotals(days: StatsDay[]): StatsTotals {
  const zero = { sent: 0, delivered: 0, failed: 0, expired: 0, segments: 0 };
  const t = days.reduce(
    (a, d) => ({
      sent: a.sent + d.sent,
      delivered: a.delivered + d.delivered,
      failed: a.failed + d.failed,
      expired: a.expired + (d.expired ?? 0),
      segments: a.segments + d.segments,
    }),
    zero,
  );
  return { ...t, rate: deliveryRate(t) };
}

// One line per reason across the offices shown, most frequent first.
export function reasonsOf(rows: MessageStats['failuresByReason']): Array<{ reason: string; count: number }> {
  const by = new Map<string, number>();
  for (const r of rows) by.set(r.reason, (by.get(r.reason) ?? 0) + r.count);
  return [...by].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}

// The chart's rows: one per day (all offices together), every day of the period even without messages.
export function statsByDay(days: StatsDay[], from: string, to: string): Array<StatsTotals & { day: string }> {
  const out: Array<StatsTotals & { day: string }> = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let at = Date.parse(`${from}T00:00:00Z`); at <= end && out.length < 400; at += 86_400_000) {
    const day = new Date(at).toISOString().slice(0, 10);
    out.push({ day, ...statsTotals(days.filter((d) => d.day === day)) });
  }
  return out;
}

// The cost table: per office, the parts sent and the rate, most parts first.
export function statsByOffice(days: StatsDay[]): Array<StatsTotals & { officeId: string }> {
  const ids = [...new Set(days.map((d) => d.officeId))];
  return ids
    .map((officeId) => ({ officeId, ...statsTotals(days.filter((d) => d.officeId === officeId)) }))
    .sort((a, b) => b.segments - a.segments || a.officeId.localeCompare(b.officeId));
}

// The default period: the last 14 days up to today (Bishkek).
export function defaultPeriod(now: Date = new Date()): { from: string; to: string } {
  const today = new Date(now.getTime() + 6 * 3_600_000);
  const to = today.toISOString().slice(0, 10);
  const from = new Date(today.getTime() - 13 * 86_400_000).toISOString().slice(0, 10);
  return { from, to };
}

// The list filter of the same Bishkek days (GET /api/messages takes instants: from inclusive, to exclusive).
export function periodInstants(p: { from: string; to: string }): { from: string; to: string } {
  const next = new Date(Date.parse(`${p.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return { from: `${p.from}T00:00:00+06:00`, to: `${next}T00:00:00+06:00` };
}
