import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { appConfig } from '@kaytuu/shared';

export type WebhookEvent = { id: string; type: string; occurredAt: string; data: Record<string, unknown> };

export const SIGNATURE_HEADER = 'x-kaytuu-signature';
export const TIMESTAMP_HEADER = 'x-kaytuu-timestamp';
export const DELIVERY_HEADER = 'x-kaytuu-delivery';

// HMAC-SHA256 over "<timestamp>.<body>" with the organisation's secret, sent as "sha256=<hex>". Including the timestamp
// lets a receiver refuse replays of old deliveries; the delivery id lets it drop a retried duplicate.
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function verifyWebhook(secret: string, timestamp: string, body: string, signature: string): boolean {
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export class WebhookDeliveryError extends Error {}

// One POST attempt; a non-2xx answer or a timeout throws, and the queue job that called it retries with backoff.
@Injectable()
export class WebhookService {
  constructor(@Inject(appConfig.KEY) private readonly cfg: ConfigType<typeof appConfig>) {}

  async post(url: string, secret: string, event: WebhookEvent, now: Date = new Date()): Promise<number> {
    const body = JSON.stringify(event);
    const timestamp = String(Math.floor(now.getTime() / 1000));
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Kaytuu-Webhooks/1',
          [SIGNATURE_HEADER]: signWebhook(secret, timestamp, body),
          [TIMESTAMP_HEADER]: timestamp,
          [DELIVERY_HEADER]: event.id,
        },
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(this.cfg.webhookTimeoutMs),
      });
    } catch (err) {
      throw new WebhookDeliveryError(`webhook ${event.type} not delivered: ${err instanceof Error ? err.message : 'network error'}`);
    }
    if (res.status < 200 || res.status >= 300) throw new WebhookDeliveryError(`webhook ${event.type} refused with HTTP ${res.status}`);
    return res.status;
  }
}
