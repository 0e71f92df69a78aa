// The parts of the `smpp` package (0.5.x, plain JavaScript) that Kaytuu uses.
declare module 'smpp' {
  import { EventEmitter } from 'node:events';
  import { Server as NetServer } from 'node:net';

  export type PduFields = Record<string, unknown>;
  export class PDU {
    constructor(command: string, options?: PduFields);
    command: string;
    command_id: number;
    command_status: number;
    sequence_number: number;
    [field: string]: unknown;
    isResponse(): boolean;
    response(options?: PduFields): PDU;
    toBuffer(): Buffer;
  }
  export class Session extends EventEmitter {
    socket: import('node:net').Socket;
    send(pdu: PDU, responseCallback?: (pdu: PDU) => void, sendCallback?: (pdu: PDU) => void): boolean;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
    pause(): void;
    resume(): void;
    bind_transceiver(options: PduFields, cb?: (pdu: PDU) => void): boolean;
    submit_sm(options: PduFields, cb?: (pdu: PDU) => void, sendCb?: (pdu: PDU) => void): boolean;
    deliver_sm(options: PduFields, cb?: (pdu: PDU) => void): boolean;
    enquire_link(options?: PduFields | ((pdu: PDU) => void), cb?: (pdu: PDU) => void): boolean;
    unbind(options?: PduFields | ((pdu: PDU) => void), cb?: (pdu: PDU) => void): boolean;
  }
  export class Server extends NetServer {
    sessions: Session[];
  }
  export function connect(options: { url?: string; host?: string; port?: number; auto_enquire_link_period?: number }, listener?: () => void): Session;
  export function createServer(options: Record<string, unknown>, listener?: (session: Session) => void): Server;
  export const encodings: {
    ASCII: { match(v: string): boolean; encode(v: string): Buffer; decode(v: Buffer): string };
    UCS2: { match(v: string): boolean; encode(v: string): Buffer; decode(v: Buffer): string };
  };
  export const ESME_ROK: number;
  export const ESME_RSYSERR: number;
  export const ESME_RBINDFAIL: number;
  export const ESME_RMSGQFUL: number;
  export const ESME_RTHROTTLED: number;
  export const ESME_RX_T_APPN: number;
  export const ESME_RINVPASWD: number;
  export const ESME_RINVSYSID: number;
}
