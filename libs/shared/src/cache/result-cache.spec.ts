import { ResultCache } from './result-cache';

describe('ResultCache', () => {
  let clock = 0;
  const cache = (ttlMs: number) => new ResultCache<number>({ ttlMs, minComputeMs: 100, now: () => clock });
  // a computation that "takes" `ms` on the fake clock and yields the next number
  const computing = (ms: number) => {
    let n = 0;
    return jest.fn(async () => {
      clock += ms;
      return ++n;
    });
  };
  beforeEach(() => {
    clock = 0;
  });

  it('should reuse an expensive result until it expires, then answer it once more while recomputing', async () => {
    const c = cache(1000);
    const compute = computing(300);

    expect(await c.get('office', compute)).toBe(1);
    clock += 500;
    expect(await c.get('office', compute)).toBe(1);
    clock += 600;
    expect(await c.get('office', compute)).toBe(1);
    expect(await c.get('office', compute)).toBe(2);
    expect(compute).toHaveBeenCalledTimes(2);
  });

  it('should keep at most maxEntries results, dropping the least recently used', async () => {
    const c = new ResultCache<number>({ ttlMs: 10_000, minComputeMs: 100, maxEntries: 2, now: () => clock });
    const a = computing(300);
    const b = computing(300);
    const d = computing(300);

    await c.get('a', a);
    await c.get('b', b);
    await c.get('a', a); // a used again: b is now the least recently used
    await c.get('d', d);
    await c.get('a', a);
    await c.get('b', b);

    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(2);
    expect(d).toHaveBeenCalledTimes(1);
  });

  it('should recompute every time when the result was cheap to compute', async () => {
    const c = cache(1000);
    const compute = computing(5);

    expect([await c.get('office', compute), await c.get('office', compute)]).toEqual([1, 2]);
  });

  it('should share one computation between concurrent requests for the same key and not between keys', async () => {
    const c = cache(0);
    const compute = computing(300);

    const results = await Promise.all([c.get('a', compute), c.get('a', compute), c.get('b', compute)]);

    expect(results).toEqual([1, 1, 2]);
    expect(compute).toHaveBeenCalledTimes(2);
  });

  it('should pass a failure to the caller when nothing is kept, and keep nothing', async () => {
    const c = cache(1000);
    await expect(c.get('office', () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');

    expect(await c.get('office', computing(300))).toBe(1);
  });

  it('should keep answering the expired result when its refresh fails', async () => {
    const c = cache(1000);
    expect(await c.get('office', computing(300))).toBe(1);
    clock += 2000;

    expect(await c.get('office', () => Promise.reject(new Error('db down')))).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(await c.get('office', computing(300))).toBe(1);
  });
});
