import { registerAs } from '@nestjs/config';

// SMS over SMPP (absent SMPP_URL: the SMS channel is off, messages stay queued and /api/health says so) and the rules
// every message follows.
export type SmppConfig = {
  url: string;
  systemId: string;
  password: string;
  sourceAddr: string;
  window: number;
  enquireLinkMs: number;
  reconnectMinMs: number;
  reconnectMaxMs: number;
};
export type MessagingConfig = {
  dailyCap: number;
  smpp: SmppConfig | null;
  // a row still 'sending' this long after its claim belongs to a worker that died mid-send
  sendingLeaseMs: number;
  // a row due that long ago and never claimed is relayed again (its job was lost)
  maxAttempts: number;
  // first wait before a message a channel refused for now is tried again (doubling each attempt, at most 30 min)
  retryBaseMs: number;
};

function intOf(env: NodeJS.ProcessEnv, name: string, dflt: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`Invalid configuration: ${name} must be an integer from ${min} to ${max}`);
  return n;
}

export function loadMessagingConfig(env: NodeJS.ProcessEnv = process.env): MessagingConfig {
  let smpp: SmppConfig | null = null;
  if (env.SMPP_URL) {
    if (!/^smpp:\/\/[^/\s:]+:\d+\/?$/.test(env.SMPP_URL)) throw new Error('Invalid configuration: SMPP_URL must look like smpp://host:port');
    smpp = {
      url: env.SMPP_URL,
      systemId: env.SMPP_SYSTEM_ID ?? '',
      password: env.SMPP_PASSWORD ?? '',
      sourceAddr: env.SMPP_SOURCE_ADDR ?? 'Kaytuu',
      window: intOf(env, 'SMPP_WINDOW', 10, 1, 1000),
      enquireLinkMs: intOf(env, 'SMPP_ENQUIRE_LINK_SECONDS', 30, 1, 3600) * 1000,
      reconnectMinMs: intOf(env, 'SMPP_RECONNECT_MS', 1000, 10, 600_000),
      reconnectMaxMs: intOf(env, 'SMPP_RECONNECT_MAX_MS', 30_000, 10, 3_600_000),
    };
  }
  return {
    dailyCap: intOf(env, 'MESSAGES_DAILY_CAP', 5, 1, 100),
    smpp,
    sendingLeaseMs: intOf(env, 'MESSAGES_SENDING_LEASE_SECONDS', 120, 1, 86400) * 1000,
    maxAttempts: intOf(env, 'MESSAGES_MAX_ATTEMPTS', 8, 1, 100),
    retryBaseMs: intOf(env, 'MESSAGES_RETRY_BASE_MS', 10_000, 10, 3_600_000),
  };
}

export const messagingConfig = registerAs('messaging', () => loadMessagingConfig());
