import type { MessageChannelKind, MessageEncoding } from '../entities/message.entity';

// One way of reaching a returnee (SMS over SMPP, Telegram). Implementations live in the worker's process (it holds the
// connections); the API only reads their state through the health report.
export type ChannelSendOptions = { messageId: string; keyboard?: Array<{ label: string; data: string }> };
export type ChannelSent = { providerId: string; segments: number; encoding?: MessageEncoding };
export type ChannelState = { up: boolean; detail?: string };

export interface MessageChannel {
  readonly kind: MessageChannelKind;
  send(to: string, text: string, opts: ChannelSendOptions): Promise<ChannelSent>;
  state(): ChannelState;
}

// A send that did not happen. `retryable`: the provider refused it for now (throttled, connection down, temporary
// error) and the message may be tried again, after `retryAfterMs` when the provider said so. `reason` is a short code
// for last_error and the failures report: never a phone number or message text.
export class ChannelError extends Error {
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly reason: string;

  constructor(e: { retryable: boolean; retryAfterMs?: number; reason: string }) {
    super(`channel error: ${e.reason}${e.retryable ? ' (retryable)' : ''}`);
    this.name = 'ChannelError';
    this.retryable = e.retryable;
    this.retryAfterMs = e.retryAfterMs;
    this.reason = e.reason;
  }
}

// The channels a process has, by kind (the worker provides them; absent configuration → the channel is absent).
export const MESSAGE_CHANNELS_TOKEN = Symbol('MESSAGE_CHANNELS');
