// Reuse of expensive aggregate results (dashboards, reports). On a national database one office's dashboard reads
// hundreds of thousands of cases and a year's report millions: seconds of work whose answer barely moves in a minute.
// A result that took at least `minComputeMs` to compute is kept for `ttlMs`; cheaper results (small databases, tests)
// are never kept, so they stay exact. Past its time a kept result is still answered at once while one background
// computation replaces it (nobody waits for seconds once a key has been computed). Concurrent requests for a key that
// has nothing kept share one computation instead of each starting their own.
// At most `maxEntries` results are kept (reports are keyed by their filters): the least recently used one goes first.
export type ResultCacheOptions = { ttlMs: number; minComputeMs: number; maxEntries?: number; now?: () => number };
const DEFAULT_MAX_ENTRIES = 500;

export class ResultCache<V> {
  private readonly kept = new Map<string, { value: V; until: number }>();
  private readonly running = new Map<string, Promise<V>>();
  private readonly now: () => number;

  constructor(private readonly opts: ResultCacheOptions) {
    this.now = opts.now ?? (() => performance.now());
  }

  get(key: string, compute: () => Promise<V>): Promise<V> {
    const hit = this.kept.get(key);
    if (hit) {
      // Map order is insertion order: moving a used key to the end makes the first key the least recently used
      this.kept.delete(key);
      this.kept.set(key, hit);
    }
    if (hit && hit.until > this.now()) return Promise.resolve(hit.value);
    const run = this.running.get(key) ?? this.start(key, compute);
    if (!hit) return run;
    // stale: answer what is kept; a failed refresh leaves it in place and the next request tries again
    run.catch(() => undefined);
    return Promise.resolve(hit.value);
  }

  private start(key: string, compute: () => Promise<V>): Promise<V> {
    const started = this.now();
    const run = compute()
      .then((value) => {
        this.kept.delete(key);
        if (this.opts.ttlMs > 0 && this.now() - started >= this.opts.minComputeMs) {
          this.kept.set(key, { value, until: this.now() + this.opts.ttlMs });
          const max = this.opts.maxEntries ?? DEFAULT_MAX_ENTRIES;
          for (const oldest of this.kept.keys()) {
            if (this.kept.size <= max) break;
            this.kept.delete(oldest);
          }
        }
        return value;
      })
      .finally(() => this.running.delete(key));
    this.running.set(key, run);
    return run;
  }
}
