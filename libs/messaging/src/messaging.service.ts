import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AAD, appConfig, Clock, FieldCipher } from '@kaytuu/shared';
import { ConsentHooks, ConsentService, ReturneeContactService, type ConsentScope } from '@kaytuu/returnees';
import type { ChannelState } from './channels/message-channel';
import { MessageContact } from './entities/message-contact.entity';
import { MessageChannelKind, MessageKind, MessageLanguage, MessageSourceType } from './entities/message.entity';
import { messagingConfig } from './messaging.config';
import { MessagingError } from './messaging.errors';
import {
  afterQuietHours,
  bishkekDayStart,
  containsHealthWords,
  nextMorning,
  parseKeyword,
  pickLanguage,
  renderTemplate,
  TemplateError,
  TEMPLATES,
} from './messaging-rules';

export type EnqueueMessage = {
  returneeId: string;
  officeId: string;
  kind: MessageKind;
  templateKey?: string;
  params?: Record<string, string>;
  text?: string;
  channel?: MessageChannelKind;
  fireAt?: Date;
  expiresAt?: Date;
  sourceType?: MessageSourceType;
  sourceId?: string;
  dedupeKey?: string;
  createdBy?: string;
  health?: boolean;
  // the inbound message this one answers at once (the next question of a form the returnee is filling in): it goes
  // now, like the STOP/START confirmation, not after quiet hours or the daily cap; stored in reply_to
  inReplyTo?: string;
};

export type CancelPending = { returneeId: string; channel?: MessageChannelKind; sourceType?: MessageSourceType; sourceId?: string };

export type Inbound = {
  channel: MessageChannelKind;
  from: { phone?: string; chatId?: string };
  text?: string;
  callbackData?: string;
  providerId: string;
  at: Date;
};

// The outbound message a reply answers (the last one of a kind with a registered handler, sent to that returnee).
export type AwaitedMessage = {
  id: string;
  kind: MessageKind;
  templateKey: string | null;
  sourceType: MessageSourceType | null;
  sourceId: string | null;
  sentAt: Date | null;
};
export type Reply = {
  inboundId: string;
  returneeId: string;
  officeId: string;
  channel: MessageChannelKind;
  text: string | null;
  callbackData: string | null;
  at: Date;
  awaiting: AwaitedMessage;
};
export type ReplyHandler = (m: EntityManager, reply: Reply) => Promise<void>;
export type ReceiveOutcome = 'unknown_sender' | 'duplicate' | 'opted_out' | 'opted_in' | 'handled' | 'recorded';

// What the relay needs to send one claimed message: the address in clear (phone or chat id) and the text.
export type ClaimedMessage = {
  id: string;
  channel: MessageChannelKind;
  to: string;
  text: string;
  kind: MessageKind;
  templateKey: string | null;
  language: MessageLanguage | null;
  attempts: number;
  fireAt: Date;
};

type Target = { ok: true; channel: MessageChannelKind; language: MessageLanguage; address: string } | { ok: false; reason: string };
export type PreparedMessage = Omit<ClaimedMessage, 'attempts' | 'fireAt'>;
export type ChannelSentRecord = { providerId: string; segments: number; encoding?: 'gsm7' | 'ucs2' };

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CONSENT_OF: Record<MessageChannelKind, ConsentScope> = { sms: 'contact_by_phone', telegram: 'contact_by_telegram' };
// a message kind that may go during quiet hours and beyond the daily cap: the one confirmation of STOP/START, an
// answer to what the returnee has just written
const UNCAPPED: ReadonlySet<MessageKind> = new Set(['system']);
const MAX_TEXT = 1000;
// a daily cap never pushes a message further than this many days
const MAX_CAP_DAYS = 60;

// The one way to send to a returnee and the one dispatcher of what they answer. Messages are outbox rows written in
// the caller's transaction; the worker relays them (apps/worker/src/processors/messages.processor.ts).
@Injectable()
export class MessagingService {
  private readonly logger = new Logger('MessagingService');
  private readonly replyHandlers = new Map<MessageKind, ReplyHandler>();
  private unknownSenders = 0;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly cipher: FieldCipher,
    private readonly clock: Clock,
    private readonly consents: ConsentService,
    private readonly contacts: ReturneeContactService,
    consentHooks: ConsentHooks,
    @Inject(messagingConfig.KEY) private readonly cfg: ConfigType<typeof messagingConfig>,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
  ) {
    // withdrawing a contact consent stops every pending message on its channel at once (inside the withdrawal)
    consentHooks.onWithdrawn(async (m, w) => {
      for (const channel of ['sms', 'telegram'] as const) {
        if (w.scope.includes(CONSENT_OF[channel]) && !(await this.consents.findActive(w.returneeId, [CONSENT_OF[channel]], w.withdrawnAt, m))) {
          await this.cancelPending(m, { returneeId: w.returneeId, channel });
        }
      }
    });
  }

  // Writes the message in the caller's transaction and answers its id, or null when the returnee may not or cannot be
  // reached on the channel (no consent, opted out, no phone or linked Telegram). Idempotent by dedupeKey.
  async enqueue(m: EntityManager, msg: EnqueueMessage, internal: { ignoreOptOut?: boolean } = {}): Promise<string | null> {
    return (await this.enqueueExplained(m, msg, internal)).id;
  }

  // enqueue, with why nothing was written: no_consent, opted_out, no_phone, telegram_not_linked, returnee_not_found
  async enqueueExplained(m: EntityManager, msg: EnqueueMessage, internal: { ignoreOptOut?: boolean } = {}): Promise<{ id: string | null; reason?: string }> {
    const now = this.clock.now();
    const target = await this.resolveTarget(m, msg.returneeId, msg.channel, now, internal.ignoreOptOut ?? false);
    if (!target.ok) return { id: null, reason: target.reason };
    const { channel, language } = target;
    const body = await this.bodyOf(m, msg, channel, language, now);
    if (msg.dedupeKey) {
      const existing = (await m.query(`SELECT id FROM message WHERE dedupe_key = $1`, [msg.dedupeKey])) as Array<{ id: string }>;
      if (existing[0]) return { id: existing[0].id };
    }
    // one writer per returnee at a time, so two messages cannot both take the last slot of a day
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('message:' || $1::text))`, [msg.returneeId]);
    const answersNow = UNCAPPED.has(msg.kind) || (!!msg.inReplyTo && UUID_RE.test(msg.inReplyTo));
    const fireAt = answersNow ? (msg.fireAt ?? now) : await this.allowedTime(m, msg.returneeId, msg.fireAt ?? now);
    const rows = (await m.query(
      `INSERT INTO message (returnee_id, office_id, channel, direction, kind, template_key, language, body_enc, status, fire_at, expires_at,
         source_type, source_id, dedupe_key, created_by, reply_to)
       VALUES ($1, $2, $3, 'out', $4, $5, $6, $7, 'queued', $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
      [
        msg.returneeId,
        msg.officeId,
        channel,
        msg.kind,
        msg.templateKey ?? null,
        language,
        this.cipher.encrypt(body, AAD.messageBody),
        fireAt,
        msg.expiresAt ?? null,
        msg.sourceType ?? null,
        msg.sourceId ?? null,
        msg.dedupeKey ?? null,
        msg.createdBy ?? null,
        answersNow && msg.inReplyTo ? msg.inReplyTo : null,
      ],
    )) as Array<{ id: string }>;
    if (rows[0]) return { id: rows[0].id };
    // a concurrent enqueue with the same dedupe key committed first
    const again = (await m.query(`SELECT id FROM message WHERE dedupe_key = $1`, [msg.dedupeKey])) as Array<{ id: string }>;
    return { id: again[0]?.id ?? null };
  }

  // Cancels the returnee's messages not yet handed to a channel (consent withdrawn, follow-up cancelled or moved,
  // opt-out). Answers how many.
  async cancelPending(m: EntityManager, c: CancelPending): Promise<number> {
    if (!UUID_RE.test(c.returneeId)) return 0;
    const where = [`returnee_id = $1`, `direction = 'out'`, `status = 'queued'`];
    const params: unknown[] = [c.returneeId];
    if (c.channel) where.push(`channel = $${params.push(c.channel)}`);
    if (c.sourceType) where.push(`source_type = $${params.push(c.sourceType)}`);
    if (c.sourceId) where.push(`source_id = $${params.push(c.sourceId)}`);
    const [, n] = (await m.query(`UPDATE message SET status = 'cancelled' WHERE ${where.join(' AND ')}`, params)) as [unknown, number];
    return n;
  }

  registerReplyHandler(kind: MessageKind, handler: ReplyHandler): void {
    this.replyHandlers.set(kind, handler);
  }

  // How many replies came from numbers or chats that match no returnee since the process started (never the numbers).
  unknownSenderCount(): number {
    return this.unknownSenders;
  }

  // The single inbound dispatcher for both channels.
  async receive(inbound: Inbound): Promise<{ outcome: ReceiveOutcome; messageId: string | null }> {
    return this.ds.transaction(async (m) => {
      const who = await this.sender(m, inbound);
      if (!who) {
        this.unknownSenders++;
        this.logger.warn(`inbound from unknown sender on ${inbound.channel}`);
        return { outcome: 'unknown_sender' as const, messageId: null };
      }
      const text = (inbound.text ?? '').trim().slice(0, MAX_TEXT);
      const keyword = parseKeyword(text);
      const awaiting = keyword ? null : await this.awaitedMessage(m, who.id);
      const rows = (await m.query(
        `INSERT INTO message (returnee_id, office_id, channel, direction, kind, body_enc, status, fire_at, provider_id, reply_to, created_at)
         VALUES ($1, $2, $3, 'in', 'reply', $4, 'received', $5, $6, $7, $5)
         ON CONFLICT (channel, provider_id) WHERE direction = 'in' DO NOTHING RETURNING id`,
        [who.id, who.officeId, inbound.channel, this.cipher.encrypt(text, AAD.messageBody), inbound.at, inbound.providerId, awaiting?.id ?? null],
      )) as Array<{ id: string }>;
      if (!rows[0]) return { outcome: 'duplicate' as const, messageId: null };
      const inboundId = rows[0].id;
      if (keyword === 'stop') {
        await this.optOut(m, who, inbound.channel, inbound.at);
        return { outcome: 'opted_out' as const, messageId: inboundId };
      }
      if (keyword === 'start') {
        await this.optIn(m, who, inbound.channel);
        return { outcome: 'opted_in' as const, messageId: inboundId };
      }
      const handler = awaiting ? this.replyHandlers.get(awaiting.kind) : undefined;
      if (!awaiting || !handler) return { outcome: 'recorded' as const, messageId: inboundId };
      await handler(m, {
        inboundId,
        returneeId: who.id,
        officeId: who.officeId,
        channel: inbound.channel,
        text: text || null,
        callbackData: inbound.callbackData ?? null,
        at: inbound.at,
        awaiting,
      });
      return { outcome: 'handled' as const, messageId: inboundId };
    });
  }

  // ——— the relay's side ———

  // Moves queued, due messages to 'sending' (attempt counted) in one transaction, committed before any protocol call,
  // and answers what to send, by id; a message is absent when it is not queued or not due any more (sent by another
  // worker, cancelled, expired), or when the returnee may not be reached now (consent withdrawn or opted out
  // meanwhile: the row is cancelled). The caller claims no more than it can send at once (the channel's window).
  async claimManyForSend(ids: string[], channels: MessageChannelKind[]): Promise<Map<string, ClaimedMessage>> {
    const valid = [...new Set(ids.filter((id) => UUID_RE.test(id)))];
    if (valid.length === 0 || channels.length === 0) return new Map();
    const now = this.clock.now();
    return this.ds.transaction(async (m) => {
      const rows = (await m.query(
        `UPDATE message SET status = 'sending', attempts = attempts + 1, claimed_at = $2
         WHERE id = ANY($1::uuid[]) AND direction = 'out' AND status = 'queued' AND fire_at <= $2 AND (expires_at IS NULL OR expires_at > $2)
           AND channel = ANY($3)
         RETURNING id, returnee_id, channel, kind, template_key, language, body_enc, attempts, fire_at`,
        [valid, now, channels],
      )) as [
        Array<{
          id: string;
          returnee_id: string;
          channel: MessageChannelKind;
          kind: MessageKind;
          template_key: string | null;
          language: MessageLanguage | null;
          body_enc: string;
          attempts: number;
          fire_at: Date;
        }>,
        number,
      ];
      const claimed = new Map<string, ClaimedMessage>();
      const targets = await this.resolveTargets(
        m,
        rows[0].map((row) => ({ returneeId: row.returnee_id, wanted: row.channel, ignoreOptOut: row.kind === 'system' })),
        now,
      );
      const cancelled: Array<{ id: string; reason: string }> = [];
      rows[0].forEach((row, i) => {
        const target = targets[i];
        if (!target.ok) {
          cancelled.push({ id: row.id, reason: target.reason });
          return;
        }
        claimed.set(row.id, {
          id: row.id,
          channel: row.channel,
          to: target.address,
          text: this.cipher.decrypt(row.body_enc, AAD.messageBody),
          kind: row.kind,
          templateKey: row.template_key,
          language: row.language,
          attempts: row.attempts,
          fireAt: row.fire_at,
        });
      });
      if (cancelled.length) {
        await m.query(
          `UPDATE message SET status = 'cancelled', last_error = c.reason
           FROM unnest($1::uuid[], $2::text[]) AS c(id, reason) WHERE message.id = c.id`,
          [cancelled.map((c) => c.id), cancelled.map((c) => c.reason)],
        );
      }
      return claimed;
    });
  }

  // The relay's claim in two halves, so that only the second is made while a slot of the channel's window is held.
  // First, read-only (bar cancellations), for the messages waiting for room: what to send to whom — queued messages on
  // one of `channels`, their returnee's address, language, consent and opt-out checked in a few queries for the whole
  // batch; a message whose returnee may not be reached any more is cancelled here (absent from the answer).
  async prepareForSend(ids: string[], channels: MessageChannelKind[]): Promise<Map<string, PreparedMessage>> {
    const valid = [...new Set(ids.filter((id) => UUID_RE.test(id)))];
    if (valid.length === 0 || channels.length === 0) return new Map();
    const now = this.clock.now();
    const m = this.ds.manager;
    const rows = (await m.query(
      `SELECT id, returnee_id, channel, kind, template_key, language, body_enc FROM message
       WHERE id = ANY($1::uuid[]) AND direction = 'out' AND status = 'queued' AND channel = ANY($2)`,
      [valid, channels],
    )) as Array<{
      id: string;
      returnee_id: string;
      channel: MessageChannelKind;
      kind: MessageKind;
      template_key: string | null;
      language: MessageLanguage | null;
      body_enc: string;
    }>;
    const targets = await this.resolveTargets(
      m,
      rows.map((row) => ({ returneeId: row.returnee_id, wanted: row.channel, ignoreOptOut: row.kind === 'system' })),
      now,
    );
    const prepared = new Map<string, PreparedMessage>();
    const cancelled: Array<{ id: string; reason: string }> = [];
    rows.forEach((row, i) => {
      const target = targets[i];
      if (!target.ok) cancelled.push({ id: row.id, reason: target.reason });
      else {
        prepared.set(row.id, {
          id: row.id,
          channel: row.channel,
          to: target.address,
          text: this.cipher.decrypt(row.body_enc, AAD.messageBody),
          kind: row.kind,
          templateKey: row.template_key,
          language: row.language,
        });
      }
    });
    if (cancelled.length) {
      await m.query(
        `UPDATE message SET status = 'cancelled', last_error = c.reason
         FROM unnest($1::uuid[], $2::text[]) AS c(id, reason) WHERE message.id = c.id AND message.status = 'queued'`,
        [cancelled.map((c) => c.id), cancelled.map((c) => c.reason)],
      );
    }
    return prepared;
  }

  // Second half, one statement for the batch, committed before any protocol call: the prepared messages still queued
  // and due move to 'sending' (attempt counted). A withdrawal of consent, an opt-out or a cancellation commits
  // 'cancelled' on queued rows in its own transaction, so one that lands between the halves leaves nothing to claim.
  async claimPrepared(ids: string[]): Promise<Map<string, { attempts: number; fireAt: Date }>> {
    const valid = [...new Set(ids.filter((id) => UUID_RE.test(id)))];
    if (valid.length === 0) return new Map();
    const [rows] = (await this.ds.query(
      `UPDATE message SET status = 'sending', attempts = attempts + 1, claimed_at = $2
       WHERE id = ANY($1::uuid[]) AND direction = 'out' AND status = 'queued' AND fire_at <= $2 AND (expires_at IS NULL OR expires_at > $2)
       RETURNING id, attempts, fire_at`,
      [valid, this.clock.now()],
    )) as [Array<{ id: string; attempts: number; fire_at: Date }>, number];
    return new Map(rows.map((r) => [r.id, { attempts: r.attempts, fireAt: r.fire_at }]));
  }

  async claimForSend(id: string, channels: MessageChannelKind[]): Promise<ClaimedMessage | null> {
    return (await this.claimManyForSend([id], channels)).get(id) ?? null;
  }

  // 'sent' with the provider's id and the segments for messages this worker claimed, in one statement; answers the ids
  // recorded (a message no longer 'sending' is left as it is).
  async markSentMany(sent: Array<{ id: string } & ChannelSentRecord>): Promise<Set<string>> {
    if (sent.length === 0) return new Set();
    const rows = (await this.ds.query(
      `UPDATE message SET status = 'sent', provider_id = s.provider_id, segments = s.segments, encoding = s.encoding, sent_at = $5,
         last_error = NULL
       FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[]) AS s(id, provider_id, segments, encoding)
       WHERE message.id = s.id AND message.status = 'sending' RETURNING message.id`,
      [sent.map((r) => r.id), sent.map((r) => r.providerId), sent.map((r) => r.segments), sent.map((r) => r.encoding ?? null), this.clock.now()],
    )) as [Array<{ id: string }>, number];
    return new Set(rows[0].map((r) => r.id));
  }

  async markSent(id: string, r: ChannelSentRecord): Promise<boolean> {
    return (await this.markSentMany([{ id, ...r }])).has(id);
  }

  // A message the channel refused for now: back to 'queued', due again at `retryAt` (the caller adds its delayed job;
  // claimed_at = now, so the relay hands it over again only if that job is lost), or 'failed' once it has used
  // MESSAGES_MAX_ATTEMPTS.
  async markRetry(id: string, reason: string, retryAt: Date): Promise<'queued' | 'failed'> {
    const rows = (await this.ds.query(
      `UPDATE message SET status = CASE WHEN attempts >= $4 THEN 'failed' ELSE 'queued' END, last_error = $2,
         fire_at = CASE WHEN attempts >= $4 THEN fire_at ELSE $3 END, claimed_at = $5
       WHERE id = $1 AND status = 'sending' RETURNING status`,
      [id, reason.slice(0, 200), retryAt, this.cfg.maxAttempts, this.clock.now()],
    )) as [Array<{ status: 'queued' | 'failed' }>, number];
    return rows[0][0]?.status ?? 'failed';
  }

  async markFailed(id: string, reason: string): Promise<void> {
    await this.ds.query(`UPDATE message SET status = 'failed', last_error = $2 WHERE id = $1 AND status IN ('sending', 'queued')`, [id, reason.slice(0, 200)]);
  }

  // Queued messages whose expires_at has passed: 'expired' (never sent late).
  async markExpired(now: Date = this.clock.now()): Promise<number> {
    const [, n] = (await this.ds.query(
      `UPDATE message SET status = 'expired' WHERE status = 'queued' AND direction = 'out' AND expires_at IS NOT NULL AND expires_at <= $1`,
      [now],
    )) as [unknown, number];
    return n;
  }

  // A delivery receipt: 'delivered' or 'failed' for the outbound message the provider knows by that id. Answers
  // 'unknown' when no message carries the id (yet: the receipt may overtake the commit of markSent), 'repeated' when
  // the message is already past 'sent' (a receipt retransmitted is recorded once).
  async markDelivered(
    channel: MessageChannelKind,
    providerId: string,
    r: { delivered: boolean; reason?: string; at?: Date },
  ): Promise<'recorded' | 'repeated' | 'unknown'> {
    const at = r.at ?? this.clock.now();
    // one statement, one snapshot: a row whose provider id is not committed yet reads as unknown (the caller tries again)
    const [res] = (await this.ds.query(
      `WITH upd AS (
         UPDATE message SET status = $3, delivered_at = CASE WHEN $3 = 'delivered' THEN $4::timestamptz ELSE delivered_at END,
           last_error = CASE WHEN $3 = 'failed' THEN $5 ELSE last_error END
         WHERE channel = $1 AND provider_id = $2 AND direction = 'out' AND status IN ('sent', 'sending') RETURNING id)
       SELECT (SELECT count(*) FROM upd)::int AS updated,
              EXISTS (SELECT 1 FROM message WHERE channel = $1 AND provider_id = $2 AND direction = 'out') AS known`,
      [channel, providerId, r.delivered ? 'delivered' : 'failed', at, (r.reason ?? 'undelivered').slice(0, 200)],
    )) as Array<{ updated: number; known: boolean }>;
    if (res.updated > 0) return 'recorded';
    return res.known ? 'repeated' : 'unknown';
  }

  // Rows a relay hands to the queue: queued on one of `channels`, due before `until`, never handed over or handed over
  // before `staleBefore` (their job was lost); marked handed over (claimed_at) in the same statement, oldest first.
  async claimDueForRelay(until: Date, channels: MessageChannelKind[], staleBefore: Date, limit: number): Promise<Array<{ id: string; fireAt: Date }>> {
    if (channels.length === 0) return [];
    const rows = (await this.ds.query(
      `UPDATE message SET claimed_at = $4 WHERE id IN (
         SELECT id FROM message WHERE status = 'queued' AND direction = 'out' AND fire_at <= $1 AND channel = ANY($2)
           AND (claimed_at IS NULL OR claimed_at < $3)
         ORDER BY fire_at, id LIMIT $5 FOR UPDATE SKIP LOCKED)
       RETURNING id, fire_at`,
      [until, channels, staleBefore, this.clock.now(), limit],
    )) as [Array<{ id: string; fire_at: Date }>, number];
    return rows[0].map((r) => ({ id: r.id, fireAt: r.fire_at })).sort((a, b) => a.fireAt.getTime() - b.fireAt.getTime());
  }

  // The queue store was lost (Redis flushed or restarted): every queued row is handed over again.
  async forgetRelayed(): Promise<number> {
    const [, n] = (await this.ds.query(`UPDATE message SET claimed_at = NULL WHERE status = 'queued' AND direction = 'out' AND claimed_at IS NOT NULL`)) as [
      unknown,
      number,
    ];
    return n;
  }

  // Rows left 'sending' by a worker that died mid-send (claimed longer than the lease ago). An SMSC or Bot API that
  // acknowledged them gave a provider id, which was stored with 'sent'; these have none, so whether the message went
  // out is unknown: they are marked failed 'outcome_unknown' (never sent twice; the failures list shows them).
  async settleAbandoned(now: Date = this.clock.now()): Promise<number> {
    const [, n] = (await this.ds.query(
      `UPDATE message SET status = 'failed', last_error = 'outcome_unknown'
       WHERE status = 'sending' AND direction = 'out' AND claimed_at < $1`,
      [new Date(now.getTime() - this.cfg.sendingLeaseMs)],
    )) as [unknown, number];
    return n;
  }

  // What /api/health says of each channel: off when not configured, else what the worker's last heartbeat reported.
  channelsHealth(reported: Record<string, ChannelState> | null | undefined): Record<MessageChannelKind, ChannelState> {
    const noReport = { up: false, detail: 'configured, no report from the worker yet' };
    return {
      sms: this.cfg.smpp ? (reported?.sms ?? noReport) : { up: false, detail: 'off (SMPP_URL is not set)' },
      telegram: this.app.telegram ? (reported?.telegram ?? noReport) : { up: false, detail: 'off (TELEGRAM_BOT_TOKEN is not set)' },
    };
  }

  // ——— rules ———

  private async resolveTarget(m: EntityManager, returneeId: string, wanted: MessageChannelKind | undefined, now: Date, ignoreOptOut: boolean): Promise<Target> {
    return (await this.resolveTargets(m, [{ returneeId, wanted, ignoreOptOut }], now))[0];
  }

  // Where and in which language each request may reach its returnee now, or why not — a few queries for a whole batch.
  private async resolveTargets(
    m: EntityManager,
    reqs: Array<{ returneeId: string; wanted: MessageChannelKind | undefined; ignoreOptOut: boolean }>,
    now: Date,
  ): Promise<Target[]> {
    const ids = [...new Set(reqs.map((r) => r.returneeId))];
    const people = await this.contacts.contactsOf(ids, m);
    const live = [...people.keys()];
    const contacts = new Map((live.length ? await m.find(MessageContact, { where: { returneeId: In(live) } }) : []).map((c) => [c.returneeId, c] as const));
    const resolved = reqs.map((r) => {
      const person = people.get(r.returneeId);
      if (!person) return { ok: false as const, reason: 'returnee_not_found' };
      const contact = contacts.get(r.returneeId);
      if (contact?.optedOutAt && !r.ignoreOptOut) return { ok: false as const, reason: 'opted_out' };
      const channel = r.wanted ?? contact?.preferredChannel ?? (contact?.telegramChatIdEnc ? 'telegram' : 'sms');
      const address = channel === 'sms' ? person.phone : this.cipher.decryptNullable(contact?.telegramChatIdEnc, AAD.telegramChatId);
      if (!address) return { ok: false as const, reason: channel === 'sms' ? 'no_phone' : 'telegram_not_linked' };
      return { ok: true as const, returneeId: r.returneeId, channel, language: pickLanguage(person.languages), address };
    });
    const consented = new Map<MessageChannelKind, Set<string>>();
    for (const channel of ['sms', 'telegram'] as const) {
      const asking = resolved.flatMap((t) => (t.ok && t.channel === channel ? [t.returneeId] : []));
      if (asking.length) consented.set(channel, await this.consents.returneesWithActive(asking, [CONSENT_OF[channel]], now, m));
    }
    return resolved.map((t) =>
      !t.ok
        ? t
        : consented.get(t.channel)?.has(t.returneeId)
          ? { ok: true, channel: t.channel, language: t.language, address: t.address }
          : { ok: false, reason: 'no_consent' },
    );
  }

  // The text in the returnee's language. Health words only on Telegram with share_health consent; an SMS of a health
  // template takes its neutral smsSafe variant, and a free SMS text with health words is refused.
  private async bodyOf(m: EntityManager, msg: EnqueueMessage, channel: MessageChannelKind, lang: MessageLanguage, now: Date): Promise<string> {
    const template = msg.templateKey ? TEMPLATES[msg.templateKey] : undefined;
    if (msg.templateKey && !template) throw MessagingError.unknownTemplate(msg.templateKey);
    const health = (msg.health ?? false) || (template?.health ?? false);
    const mayCarryHealth = health && channel === 'telegram' && !!(await this.consents.findActive(msg.returneeId, ['share_health'], now, m));
    if (template && msg.templateKey) {
      try {
        return renderTemplate(msg.templateKey, lang, msg.params ?? {}, health && !mayCarryHealth);
      } catch (e) {
        if (e instanceof TemplateError && e.code === 'NO_SMS_VARIANT') throw MessagingError.healthWordsInSms('templateKey');
        if (e instanceof TemplateError) throw MessagingError.invalid('params', e.message);
        throw e;
      }
    }
    const text = (msg.text ?? '').trim();
    if (!text) throw MessagingError.invalid('text', 'is required without templateKey');
    if (text.length > MAX_TEXT) throw MessagingError.invalid('text', `must be at most ${MAX_TEXT} characters`);
    if ((health && !mayCarryHealth) || (channel === 'sms' && containsHealthWords(text))) throw MessagingError.healthWordsInSms('text');
    return text;
  }

  // Quiet hours first (held until 09:00 Asia/Bishkek), then the daily cap: a day that already holds MESSAGES_DAILY_CAP
  // messages for the returnee moves the message to the next morning.
  private async allowedTime(m: EntityManager, returneeId: string, wanted: Date): Promise<Date> {
    let at = afterQuietHours(wanted);
    for (let day = 0; day < MAX_CAP_DAYS; day++) {
      const start = bishkekDayStart(at);
      const end = new Date(start.getTime() + 24 * 3600 * 1000);
      const [{ n }] = (await m.query(
        `SELECT count(*)::int AS n FROM message WHERE returnee_id = $1 AND direction = 'out' AND kind <> 'system'
           AND status IN ('queued', 'sending', 'sent', 'delivered') AND fire_at >= $2 AND fire_at < $3`,
        [returneeId, start, end],
      )) as Array<{ n: number }>;
      if (n < this.cfg.dailyCap) return at;
      at = nextMorning(at);
    }
    return at;
  }

  private async sender(m: EntityManager, inbound: Inbound): Promise<{ id: string; officeId: string } | null> {
    if (inbound.channel === 'sms') {
      const phone = normalisePhone(inbound.from.phone ?? '');
      return phone ? this.contacts.findByPhone(phone, m) : null;
    }
    if (!inbound.from.chatId) return null;
    const rows = (await m.query(`SELECT c.returnee_id FROM message_contact c WHERE c.telegram_chat_hmac = $1`, [
      this.cipher.telegramChatHmac(String(inbound.from.chatId)),
    ])) as Array<{ returnee_id: string }>;
    if (!rows[0]) return null;
    const person = await this.contacts.contactOf(rows[0].returnee_id, m);
    return person ? { id: person.id, officeId: person.officeId } : null;
  }

  private async awaitedMessage(m: EntityManager, returneeId: string): Promise<AwaitedMessage | null> {
    const kinds = [...this.replyHandlers.keys()];
    if (kinds.length === 0) return null;
    const rows = (await m.query(
      `SELECT id, kind, template_key, source_type, source_id, sent_at FROM message
       WHERE returnee_id = $1 AND direction = 'out' AND kind = ANY($2) AND status IN ('sent', 'delivered')
       ORDER BY sent_at DESC NULLS LAST, created_at DESC LIMIT 1`,
      [returneeId, kinds],
    )) as Array<{
      id: string;
      kind: MessageKind;
      template_key: string | null;
      source_type: MessageSourceType | null;
      source_id: string | null;
      sent_at: Date | null;
    }>;
    const r = rows[0];
    return r ? { id: r.id, kind: r.kind, templateKey: r.template_key, sourceType: r.source_type, sourceId: r.source_id, sentAt: r.sent_at } : null;
  }

  // STOP: opted out at once on every channel, pending messages cancelled, one confirmation (only when the returnee was
  // not opted out already).
  private async optOut(m: EntityManager, who: { id: string; officeId: string }, channel: MessageChannelKind, at: Date): Promise<void> {
    const changed = (await m.query(
      `INSERT INTO message_contact (returnee_id, opted_out_at, opted_out_channel, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (returnee_id) DO UPDATE SET opted_out_at = EXCLUDED.opted_out_at, opted_out_channel = EXCLUDED.opted_out_channel, updated_at = now()
       WHERE message_contact.opted_out_at IS NULL RETURNING returnee_id`,
      [who.id, at, channel],
    )) as unknown[];
    if (changed.length === 0) return;
    await this.cancelPending(m, { returneeId: who.id });
    await this.enqueue(m, { returneeId: who.id, officeId: who.officeId, kind: 'system', templateKey: 'system.opted_out', channel }, { ignoreOptOut: true });
  }

  private async optIn(m: EntityManager, who: { id: string; officeId: string }, channel: MessageChannelKind): Promise<void> {
    const [, changed] = (await m.query(
      `UPDATE message_contact SET opted_out_at = NULL, opted_out_channel = NULL, updated_at = now() WHERE returnee_id = $1 AND opted_out_at IS NOT NULL`,
      [who.id],
    )) as [unknown, number];
    if (!changed) return;
    await this.enqueue(m, { returneeId: who.id, officeId: who.officeId, kind: 'system', templateKey: 'system.opted_in', channel });
  }
}

// An SMS sender as the SMSC gives it (international digits, maybe with +, or a national 0XXXXXXXXX) → +996… digits.
export function normalisePhone(raw: string): string | null {
  const digits = raw.replace(/\D/g, '');
  if (/^0\d{9}$/.test(digits)) return `996${digits.slice(1)}`;
  return digits.length >= 9 ? digits : null;
}

// A provider id for an inbound message the provider gave none for (an SMS reply): the same sender, text and minute
// give the same id, so a retransmission is recorded once.
export function inboundFingerprint(parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 40);
}
