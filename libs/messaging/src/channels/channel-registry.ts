import { Injectable } from '@nestjs/common';
import type { MessageChannelKind } from '../entities/message.entity';
import type { ChannelState, MessageChannel } from './message-channel';

// The channels this process holds (the worker registers SMS when SMPP_URL is set, Telegram when its token is), for
// the relay to send through and for the worker's heartbeat to report their state to /api/health.
@Injectable()
export class ChannelRegistry {
  private readonly channels = new Map<MessageChannelKind, MessageChannel>();

  register(channel: MessageChannel): void {
    this.channels.set(channel.kind, channel);
  }

  unregister(kind: MessageChannelKind): void {
    this.channels.delete(kind);
  }

  get(kind: MessageChannelKind): MessageChannel | null {
    return this.channels.get(kind) ?? null;
  }

  kinds(): MessageChannelKind[] {
    return [...this.channels.keys()];
  }

  states(): Partial<Record<MessageChannelKind, ChannelState>> {
    return Object.fromEntries([...this.channels].map(([kind, c]) => [kind, c.state()]));
  }
}
