import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Queue } from 'bullmq';
import { appConfig } from '../config/app.config';
import { createQueue, queueBackendSettings, QueueBackendSettings } from './queue-backend';

export const QUEUE_NAMES = {
  system: 'system',
  reminders: 'reminders',
  referralMessages: 'referral-messages',
  imports: 'imports',
  messages: 'messages',
} as const;
export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

export type QueueDepth = { waiting: number; delayed: number; active: number; failed: number };
export type QueueHealth = {
  backend: string;
  ok: boolean;
  counts?: Record<string, number>;
  workerLastSeenAt?: string | null;
  reminders?: QueueDepth;
  // the messaging channels' state as the worker's last heartbeat reported it (null: no heartbeat carries one)
  workerChannels?: Record<string, { up: boolean; detail?: string }> | null;
  error?: string;
};

// Producer-side access to the queues, on whichever backend the config selects. One Queue instance per name per process.
@Injectable()
export class Queues implements OnApplicationShutdown {
  readonly settings: QueueBackendSettings;
  private readonly open = new Map<string, Queue>();
  private readonly logger = new Logger('Queues');

  constructor(@Inject(appConfig.KEY) cfg: ConfigType<typeof appConfig>) {
    this.settings = queueBackendSettings(cfg);
  }

  get(name: QueueName): Queue {
    let q = this.open.get(name);
    if (!q) {
      q = createQueue(name, this.settings);
      // without a listener a lost connection dumps the whole client object to stderr; one line says enough
      q.on('error', (err: Error) => this.logger.warn(`queue ${name} (${this.settings.kind}): ${err.message}`));
      this.open.set(name, q);
    }
    return q;
  }

  // What /api/health reports: the backend answers, the job counts, when the worker last beat, and the reminders
  // queue's depth (waiting/delayed/active/failed).
  async health(): Promise<QueueHealth> {
    try {
      const q = this.get(QUEUE_NAMES.system);
      const [counts, recent, reminders] = await withTimeout(
        Promise.all([
          q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed'),
          // the order of completed jobs differs between the backends: the newest of the ones kept is taken
          q.getJobs(['completed'], 0, 99, false),
          this.get(QUEUE_NAMES.reminders).getJobCounts('waiting', 'delayed', 'active', 'failed'),
        ]),
        3000,
      );
      const last = recent.reduce<(typeof recent)[number] | undefined>((a, j) => ((j.finishedOn ?? 0) > (a?.finishedOn ?? 0) ? j : a), undefined);
      return {
        backend: this.settings.kind,
        ok: true,
        counts,
        workerLastSeenAt: last?.finishedOn ? new Date(last.finishedOn).toISOString() : null,
        reminders: { waiting: reminders.waiting ?? 0, delayed: reminders.delayed ?? 0, active: reminders.active ?? 0, failed: reminders.failed ?? 0 },
        workerChannels: (last?.returnvalue as { channels?: QueueHealth['workerChannels'] } | undefined)?.channels ?? null,
      };
    } catch (err) {
      return { backend: this.settings.kind, ok: false, error: err instanceof Error ? err.message : 'unreachable' };
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.open.values()].map((q) => q.close().catch(() => undefined)));
    this.open.clear();
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}
