// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- `smpp` ships no types: its declarations (smpp-types.d.ts) must be seen by every build that compiles this file
/// <reference path="./smpp-types.d.ts" />
import { createHash, randomInt } from 'node:crypto';
import * as smpp from 'smpp';
import type { SmppConfig } from '../messaging.config';
import { ChannelError, type ChannelSendOptions, type ChannelSent, type ChannelState, type MessageChannel } from './message-channel';
import { concatUdh, planSms } from './segments';

export type SmppReceipt = { providerId: string; delivered: boolean; final: boolean; reason: string; at: Date };
export type SmppMo = { from: string; text: string; providerId: string; at: Date };
// What the channel does with what the SMSC delivers: receipts and replies (mobile-originated). Answered with
// deliver_sm_resp only once the handler has committed; a handler that throws gets ESME_RX_T_APPN, so the SMSC retries.
export type SmppInbound = {
  onReceipt(r: SmppReceipt): Promise<'recorded' | 'repeated' | 'unknown'>;
  onMo(m: SmppMo): Promise<void>;
};
export type SmppLog = { log(msg: string): void; warn(msg: string): void };

type Pending = { fail: (e: ChannelError) => void };

// SMPP 3.4 transceiver (the `smpp` package): one bind held for the life of the worker, re-established with backoff
// after a refusal or a dropped connection; enquire_link keeps it alive and detects a dead peer; at most SMPP_WINDOW
// submit_sm await their response at a time. A message travels as GSM-7 or UCS-2, cut into concatenated parts (UDH)
// when long; the last part asks for a delivery receipt and its message_id is the message's provider id.
// A submit is accepted by the SMSC when (and only when) it answers submit_sm_resp with ESME_ROK: a submit left without
// an answer (connection lost, timeout) is retryable; one refused for throughput (ESME_RTHROTTLED, queue full) pauses the
// whole channel before it is retried. Nothing here logs a number or a text.
export class SmppChannel implements MessageChannel {
  readonly kind = 'sms' as const;
  private session: smpp.Session | null = null;
  private bound = false;
  private stopped = true;
  private detail = 'not connected';
  private outstanding = 0;
  private readonly waiters: Array<() => void> = [];
  private readonly pending = new Map<number, Pending>();
  private reconnectDelay: number;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private enquireTimer: NodeJS.Timeout | null = null;
  private enquireUnanswered = false;
  private pausedUntil = 0;
  private ref = randomInt(256);
  private readonly bindWaiters: Array<() => void> = [];

  constructor(
    private readonly cfg: SmppConfig,
    private readonly inbound: SmppInbound,
    private readonly logger: SmppLog,
    private readonly submitTimeoutMs = 30_000,
  ) {
    this.reconnectDelay = cfg.reconnectMinMs;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  // Resolves once bound (or after `timeoutMs`, answering whether it is).
  async waitBound(timeoutMs: number): Promise<boolean> {
    if (this.bound) return true;
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, timeoutMs);
      this.bindWaiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
    return this.bound;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.stopEnquire();
    const session = this.session;
    if (!session) return;
    if (this.bound) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 2000);
        session.unbind(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        session.destroy();
        resolve();
      }, 1000);
      session.close(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  state(): ChannelState {
    return { up: this.bound, detail: this.detail };
  }

  async send(to: string, text: string, _opts: ChannelSendOptions): Promise<ChannelSent> {
    const destination = to.replace(/\D/g, '');
    if (destination.length < 6 || destination.length > 15) throw new ChannelError({ reason: 'smpp_bad_number', retryable: false });
    const plan = planSms(text);
    if (plan.parts.length > 255) throw new ChannelError({ reason: 'smpp_too_long', retryable: false });
    const multi = plan.parts.length > 1;
    this.ref = (this.ref + 1) & 0xff;
    const ref = this.ref;
    let providerId = '';
    for (let i = 0; i < plan.parts.length; i++) {
      const last = i === plan.parts.length - 1;
      try {
        const resp = await this.submit({
          source_addr_ton: /^\d+$/.test(this.cfg.sourceAddr) ? 1 : 5,
          source_addr_npi: /^\d+$/.test(this.cfg.sourceAddr) ? 1 : 0,
          source_addr: this.cfg.sourceAddr,
          dest_addr_ton: 1,
          dest_addr_npi: 1,
          destination_addr: destination,
          esm_class: multi ? 0x40 : 0,
          registered_delivery: last ? 1 : 0,
          data_coding: plan.dataCoding,
          short_message: multi ? Buffer.concat([concatUdh(ref, plan.parts.length, i + 1), plan.parts[i]]) : plan.parts[i],
        });
        providerId = String(resp.message_id ?? '');
      } catch (e) {
        // parts already accepted would be sent again by a retry: a message cut half-way is failed, not repeated
        if (i > 0 && e instanceof ChannelError) throw new ChannelError({ reason: 'smpp_partial_submit', retryable: false });
        throw e;
      }
    }
    if (!providerId) throw new ChannelError({ reason: 'smpp_no_message_id', retryable: false });
    return { providerId, segments: plan.segments, encoding: plan.encoding };
  }

  // ——— connection ———

  private connect(): void {
    const session = smpp.connect({ url: this.cfg.url });
    this.session = session;
    this.detail = 'connecting';
    session.on('connect', () => {
      session.bind_transceiver({ system_id: this.cfg.systemId, password: this.cfg.password, interface_version: 0x34 }, (pdu) => {
        if (this.session !== session) return;
        if (pdu.command_status === 0) {
          this.bound = true;
          this.detail = 'bound as transceiver';
          this.reconnectDelay = this.cfg.reconnectMinMs;
          this.logger.log('SMPP bound as transceiver');
          this.startEnquire(session);
          this.bindWaiters.splice(0).forEach((w) => w());
          this.wakeWaiters();
        } else {
          this.detail = `bind refused (status 0x${pdu.command_status.toString(16)})`;
          this.logger.warn(`SMPP ${this.detail}`);
          session.destroy();
        }
      });
    });
    session.on('deliver_sm', (pdu: smpp.PDU) => void this.onDeliver(session, pdu));
    session.on('enquire_link', (pdu: smpp.PDU) => session.send(pdu.response()));
    session.on('unbind', (pdu: smpp.PDU) => {
      session.send(pdu.response());
      session.close();
    });
    // socket errors carry the address of the SMSC at most, never a number or a text
    session.on('error', (err: NodeJS.ErrnoException) => {
      this.detail = `connection error: ${err.code ?? err.message}`;
    });
    session.on('close', () => this.onClose(session));
  }

  private onClose(session: smpp.Session): void {
    if (this.session !== session) return;
    const wasBound = this.bound;
    this.session = null;
    this.bound = false;
    this.stopEnquire();
    if (wasBound) this.detail = 'connection lost';
    for (const [seq, p] of this.pending) {
      this.pending.delete(seq);
      p.fail(new ChannelError({ reason: 'smpp_connection_lost', retryable: true, retryAfterMs: this.reconnectDelay }));
    }
    this.wakeWaiters();
    if (this.stopped) return;
    const delay = this.reconnectDelay;
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, this.cfg.reconnectMaxMs);
    this.logger.warn(`SMPP ${this.detail}; reconnecting in ${delay} ms`);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (!this.stopped) this.connect();
    }, delay);
  }

  private startEnquire(session: smpp.Session): void {
    this.stopEnquire();
    this.enquireUnanswered = false;
    this.enquireTimer = setInterval(() => {
      if (this.enquireUnanswered) {
        this.detail = 'enquire_link unanswered';
        session.destroy();
        return;
      }
      this.enquireUnanswered = true;
      session.enquire_link({}, () => {
        this.enquireUnanswered = false;
      });
    }, this.cfg.enquireLinkMs);
    this.enquireTimer.unref();
  }

  private stopEnquire(): void {
    if (this.enquireTimer) clearInterval(this.enquireTimer);
    this.enquireTimer = null;
  }

  // ——— the window ———

  private async acquire(): Promise<void> {
    for (;;) {
      const wait = this.pausedUntil - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      else if (!this.bound) throw new ChannelError({ reason: 'smpp_not_bound', retryable: true, retryAfterMs: this.reconnectDelay });
      else if (this.outstanding < this.cfg.window) {
        this.outstanding++;
        return;
      } else await new Promise<void>((r) => this.waiters.push(r));
    }
  }

  private release(): void {
    this.outstanding--;
    this.waiters.shift()?.();
  }

  private wakeWaiters(): void {
    this.waiters.splice(0).forEach((w) => w());
  }

  private async submit(fields: smpp.PduFields): Promise<smpp.PDU> {
    await this.acquire();
    const resp = await new Promise<smpp.PDU>((resolve, reject) => {
      const session = this.session;
      let done = false;
      const finish = (f: () => void) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.pending.delete(pdu.sequence_number);
        this.release();
        f();
      };
      const pdu = new smpp.PDU('submit_sm', fields);
      const timer = setTimeout(
        () =>
          finish(() => {
            // an SMSC that does not answer within the timeout is treated as gone: the bind is dropped and made again
            this.detail = 'submit_sm_resp timed out';
            session?.destroy();
            reject(new ChannelError({ reason: 'smpp_timeout', retryable: true }));
          }),
        this.submitTimeoutMs,
      );
      if (!session || !session.send(pdu, (r) => finish(() => resolve(r)))) {
        finish(() => reject(new ChannelError({ reason: 'smpp_not_bound', retryable: true, retryAfterMs: this.reconnectDelay })));
        return;
      }
      this.pending.set(pdu.sequence_number, { fail: (e) => finish(() => reject(e)) });
    });
    const status = resp.command_status;
    if (status === smpp.ESME_ROK) return resp;
    if (status === smpp.ESME_RTHROTTLED || status === smpp.ESME_RMSGQFUL) {
      const pause = status === smpp.ESME_RTHROTTLED ? 1000 : 5000;
      this.pausedUntil = Math.max(this.pausedUntil, Date.now() + pause);
      throw new ChannelError({ reason: status === smpp.ESME_RTHROTTLED ? 'smpp_throttled' : 'smpp_queue_full', retryable: true, retryAfterMs: pause });
    }
    if (status === smpp.ESME_RSYSERR || status === smpp.ESME_RX_T_APPN) {
      throw new ChannelError({ reason: `smpp_status_0x${status.toString(16)}`, retryable: true, retryAfterMs: 5000 });
    }
    throw new ChannelError({ reason: `smpp_status_0x${status.toString(16)}`, retryable: false });
  }

  // ——— deliver_sm: receipts and replies ———

  private async onDeliver(session: smpp.Session, pdu: smpp.PDU): Promise<void> {
    try {
      const text = messageText(pdu.short_message);
      const esm = Number(pdu.esm_class ?? 0);
      if ((esm & 0x3c) === 0x04 || (esm & 0x3c) === 0x20) {
        const r = parseReceipt(pdu, text);
        if (r?.final) await this.receipt(r);
      } else {
        const from = String(pdu.source_addr ?? '');
        const ref = pdu.user_message_reference;
        const providerId =
          ref !== undefined && ref !== null
            ? `umr:${fingerprint([from, String(ref)])}`
            : `mo:${fingerprint([from, String(pdu.destination_addr ?? ''), text, String(Math.floor(Date.now() / 600_000))])}`;
        await this.inbound.onMo({ from, text, providerId, at: new Date() });
      }
      session.send(pdu.response());
    } catch (e) {
      this.logger.warn(`deliver_sm not recorded, the SMSC will retry: ${e instanceof Error ? e.message : 'unknown error'}`);
      session.send(pdu.response({ command_status: smpp.ESME_RX_T_APPN }));
    }
  }

  // A receipt can overtake the commit that stores the provider id: an unknown id is tried again for a few seconds.
  private async receipt(r: SmppReceipt): Promise<void> {
    for (let i = 0; i < 20; i++) {
      if ((await this.inbound.onReceipt(r)) !== 'unknown') return;
      await new Promise((res) => setTimeout(res, 250));
    }
    this.logger.warn('delivery receipt for a message id no message carries');
  }
}

function messageText(sm: unknown): string {
  if (typeof sm === 'string') return sm;
  if (Buffer.isBuffer(sm)) return sm.toString('latin1');
  if (sm && typeof sm === 'object' && 'message' in sm) {
    const m = (sm as { message: unknown }).message;
    return Buffer.isBuffer(m) ? m.toString('latin1') : String(m ?? '');
  }
  return '';
}

const RECEIPT_STATES: Record<number, string> = {
  1: 'ENROUTE',
  2: 'DELIVRD',
  3: 'EXPIRED',
  4: 'DELETED',
  5: 'UNDELIV',
  6: 'ACCEPTD',
  7: 'UNKNOWN',
  8: 'REJECTD',
};
const FINAL = new Set(['DELIVRD', 'EXPIRED', 'DELETED', 'UNDELIV', 'UNKNOWN', 'REJECTD']);

// "id:IIII sub:001 dlvrd:001 submit date:… done date:… stat:DELIVRD err:000 text:…" (SMPP 3.4 appendix B), or the
// receipted_message_id and message_state TLVs when present.
export function parseReceipt(pdu: smpp.PDU, text: string): SmppReceipt | null {
  const id = (pdu.receipted_message_id as string | undefined) || /(?:^|\s)id:(\S+)/i.exec(text)?.[1];
  const stateTlv = typeof pdu.message_state === 'number' ? RECEIPT_STATES[pdu.message_state] : undefined;
  const stat = (stateTlv ?? /stat:(\w+)/i.exec(text)?.[1] ?? '').toUpperCase();
  if (!id || !stat) return null;
  const err = /err:(\w+)/i.exec(text)?.[1];
  return {
    providerId: String(id),
    delivered: stat === 'DELIVRD',
    final: FINAL.has(stat),
    reason: stat === 'DELIVRD' ? 'delivered' : `receipt_${stat.toLowerCase()}${err && err !== '000' ? `_${err}` : ''}`,
    at: new Date(),
  };
}

function fingerprint(parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 40);
}
