// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- `smpp` ships no types: its declarations (smpp-types.d.ts) must be seen by every build that compiles this file
/// <reference path="../../libs/messaging/src/channels/smpp-types.d.ts" />
import { AddressInfo } from 'node:net';
import * as smpp from 'smpp';

export type SmppBind = { systemId: string; password: string; accepted: boolean; at: number };
export type SmppSubmit = {
  seq: number;
  destination: string;
  source: string;
  dataCoding: number;
  esmClass: number;
  registeredDelivery: number;
  udh: { ref: number; total: number; part: number } | null;
  text: string;
  status: number;
  messageId: string | null;
  at: number;
};
export type SmppMessage = { destination: string; text: string; segments: number; dataCoding: number; messageId: string; at: number };

// A real SMPP 3.4 server (the `smpp` package's) on a free local port, standing in for an operator's SMSC: records binds
// and every submit_sm with its answer; can refuse binds, answer ESME_RTHROTTLED, stop answering, drop the connection
// after a number of accepted submits, send delivery receipts (automatically or on demand) and replies (MO deliver_sm).
export class SmppTestServer {
  readonly binds: SmppBind[] = [];
  readonly submits: SmppSubmit[] = [];
  enquireLinks = 0;
  // the next binds answered ESME_RBINDFAIL
  refuseBinds = 0;
  // the next submits answered ESME_RTHROTTLED
  throttleNext = 0;
  // after this many more accepted submits, the connection is dropped (the submits behind it are never answered)
  dropAfterAccepted: number | null = null;
  // submits read but never answered
  silent = false;
  // a DELIVRD receipt for every accepted submit that asked for one, after `receiptDelayMs`
  autoReceipt = true;
  receiptDelayMs = 5;
  private server!: smpp.Server;
  private nextId = 1;
  private readonly sessions = new Set<smpp.Session>();
  private bound: smpp.Session | null = null;
  private closed = false;

  static async start(opts: { autoReceipt?: boolean } = {}): Promise<SmppTestServer> {
    const s = new SmppTestServer();
    if (opts.autoReceipt !== undefined) s.autoReceipt = opts.autoReceipt;
    s.server = smpp.createServer({}, (session) => s.onSession(session));
    await new Promise<void>((resolve) => s.server.listen(0, '127.0.0.1', () => resolve()));
    return s;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `smpp://127.0.0.1:${this.port}`;
  }

  env(extra: Record<string, string> = {}): Record<string, string> {
    return { SMPP_URL: this.url, SMPP_SYSTEM_ID: 'kaytuu', SMPP_PASSWORD: 'secret', SMPP_SOURCE_ADDR: 'Kaytuu', SMPP_RECONNECT_MS: '100', ...extra };
  }

  isBound(): boolean {
    return this.bound !== null;
  }

  accepted(): SmppSubmit[] {
    return this.submits.filter((s) => s.status === smpp.ESME_ROK);
  }

  // Accepted submits joined back into messages (concatenated parts by destination and reference).
  messages(): SmppMessage[] {
    const out: SmppMessage[] = [];
    const groups = new Map<string, SmppSubmit[]>();
    for (const s of this.accepted()) {
      if (!s.udh) {
        out.push({ destination: s.destination, text: s.text, segments: 1, dataCoding: s.dataCoding, messageId: s.messageId!, at: s.at });
        continue;
      }
      const key = `${s.destination}/${s.udh.ref}/${s.udh.total}`;
      const g = groups.get(key) ?? [];
      g.push(s);
      groups.set(key, g);
      if (g.length === s.udh.total) {
        groups.delete(key);
        g.sort((a, b) => a.udh!.part - b.udh!.part);
        const last = g[g.length - 1];
        out.push({
          destination: s.destination,
          text: g.map((p) => p.text).join(''),
          segments: g.length,
          dataCoding: s.dataCoding,
          messageId: last.messageId!,
          at: last.at,
        });
      }
    }
    return out;
  }

  // Drops every connection at once (the client reconnects).
  dropConnections(): void {
    for (const s of this.sessions) s.destroy();
  }

  // every receipt sent and the client's answer (-1: none)
  readonly receipts: Array<{ messageId: string; stat: string; status: number }> = [];

  sendReceipt(messageId: string, stat = 'DELIVRD', destination = '996555000000'): Promise<number> {
    const text = `id:${messageId} sub:001 dlvrd:${stat === 'DELIVRD' ? '001' : '000'} submit date:2612071200 done date:2612071201 stat:${stat} err:000 text:`;
    return this.deliver({
      source_addr: destination,
      destination_addr: 'Kaytuu',
      esm_class: 0x04,
      short_message: { message: text },
      receipted_message_id: messageId,
    });
  }

  // A reply from a phone; answers the client's deliver_sm_resp command_status.
  sendMo(from: string, text: string, opts: { userMessageReference?: number } = {}): Promise<number> {
    const cyrillic = !smpp.encodings.ASCII.match(text);
    return this.deliver({
      source_addr_ton: 1,
      source_addr_npi: 1,
      source_addr: from,
      destination_addr: 'Kaytuu',
      esm_class: 0,
      data_coding: cyrillic ? 8 : 0,
      short_message: { message: text },
      ...(opts.userMessageReference !== undefined ? { user_message_reference: opts.userMessageReference } : {}),
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.dropConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // Like an SMSC, an automatic receipt waits for a bound client and is sent again until it is acknowledged.
  private async storeAndForward(messageId: string, destination: string): Promise<void> {
    for (let i = 0; i < 600; i++) {
      if (this.closed) return;
      const status = this.bound ? await this.sendReceipt(messageId, 'DELIVRD', destination).catch(() => -1) : -1;
      this.receipts.push({ messageId, stat: 'DELIVRD', status });
      if (status === 0) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  private deliver(fields: smpp.PduFields): Promise<number> {
    const session = this.bound;
    if (!session) return Promise.reject(new Error('no client bound'));
    return new Promise<number>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('deliver_sm_resp not received')), 10_000);
      session.deliver_sm(fields, (resp) => {
        clearTimeout(t);
        resolve(resp.command_status);
      });
    });
  }

  private onSession(session: smpp.Session): void {
    this.sessions.add(session);
    session.on('error', () => undefined);
    session.on('close', () => {
      this.sessions.delete(session);
      if (this.bound === session) this.bound = null;
    });
    session.on('bind_transceiver', (pdu: smpp.PDU) => {
      const accepted = this.refuseBinds <= 0;
      if (!accepted) this.refuseBinds--;
      this.binds.push({ systemId: String(pdu.system_id), password: String(pdu.password), accepted, at: Date.now() });
      if (!accepted) {
        session.send(pdu.response({ command_status: smpp.ESME_RBINDFAIL }));
        return;
      }
      session.send(pdu.response({ system_id: 'test-smsc' }));
      this.bound = session;
    });
    session.on('enquire_link', (pdu: smpp.PDU) => {
      this.enquireLinks++;
      session.send(pdu.response());
    });
    session.on('unbind', (pdu: smpp.PDU) => {
      session.send(pdu.response());
      session.close();
    });
    session.on('submit_sm', (pdu: smpp.PDU) => this.onSubmit(session, pdu));
  }

  private onSubmit(session: smpp.Session, pdu: smpp.PDU): void {
    // PDUs still buffered after the connection was dropped are never read by an SMSC
    if (session.socket.destroyed) return;
    if (this.bound !== session) {
      session.send(pdu.response({ command_status: 0x04 })); // ESME_RINVBNDSTS
      return;
    }
    const sm = pdu.short_message as { message?: string; udh?: Buffer[] } | undefined;
    const concat = sm?.udh?.find((u) => u[0] === 0x00);
    const record: SmppSubmit = {
      seq: pdu.sequence_number,
      destination: String(pdu.destination_addr),
      source: String(pdu.source_addr),
      dataCoding: Number(pdu.data_coding),
      esmClass: Number(pdu.esm_class),
      registeredDelivery: Number(pdu.registered_delivery),
      udh: concat ? { ref: concat[2], total: concat[3], part: concat[4] } : null,
      text: String(sm?.message ?? ''),
      status: -1,
      messageId: null,
      at: Date.now(),
    };
    this.submits.push(record);
    if (this.silent) return;
    if (this.throttleNext > 0) {
      this.throttleNext--;
      record.status = smpp.ESME_RTHROTTLED;
      session.send(pdu.response({ command_status: smpp.ESME_RTHROTTLED }));
      return;
    }
    if (this.dropAfterAccepted !== null && this.dropAfterAccepted <= 0) {
      this.dropAfterAccepted = null;
      record.status = -2; // read, never answered: the connection goes
      session.destroy();
      return;
    }
    if (this.dropAfterAccepted !== null) this.dropAfterAccepted--;
    const messageId = `m${(this.nextId++).toString(16).padStart(8, '0')}`;
    record.status = smpp.ESME_ROK;
    record.messageId = messageId;
    session.send(pdu.response({ message_id: messageId }));
    if (this.autoReceipt && record.registeredDelivery & 1) {
      setTimeout(() => void this.storeAndForward(messageId, record.destination), this.receiptDelayMs);
    }
  }
}
