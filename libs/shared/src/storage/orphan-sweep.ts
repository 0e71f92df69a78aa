import { FsObjectStore, ObjectStore, StoredObject } from './object-store';

export const ORPHAN_MIN_AGE_MS = 3_600_000;

export type OrphanSweepResult = { scanned: number; removed: number; tempRemoved: number };

// Removes objects no row references and older than `minAgeMs` (an upload in progress stores its object a moment
// before its row is committed, so a young object is never touched). `referenced` answers, for a batch of keys, those
// some row still names. On the filesystem store it also removes temp files of puts that never finished (a crash).
export async function sweepOrphans(
  store: ObjectStore,
  referenced: (keys: string[]) => Promise<Set<string>>,
  opts: { now: Date; minAgeMs?: number; batch?: number },
): Promise<OrphanSweepResult> {
  const cutoff = new Date(opts.now.getTime() - (opts.minAgeMs ?? ORPHAN_MIN_AGE_MS));
  const batchSize = opts.batch ?? 1000;
  const result: OrphanSweepResult = { scanned: 0, removed: 0, tempRemoved: 0 };
  let batch: StoredObject[] = [];
  const flush = async () => {
    const old = batch.filter((o) => o.modifiedAt < cutoff);
    batch = [];
    if (!old.length) return;
    const kept = await referenced(old.map((o) => o.key));
    for (const o of old) {
      if (kept.has(o.key)) continue;
      await store.delete(o.key);
      result.removed++;
    }
  };
  for await (const o of store.list()) {
    result.scanned++;
    batch.push(o);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  if (store instanceof FsObjectStore) result.tempRemoved = await store.sweepTemp(cutoff);
  return result;
}
