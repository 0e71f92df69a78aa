// Polling helpers shared by the tests: no fixed sleeps for correctness, a deadline instead.

// Resolves with the probe's first truthy value; null, undefined and false mean "not yet".
export async function waitFor<T>(
  probe: () => T | null | undefined | false | Promise<T | null | undefined | false>,
  timeoutMs = 20_000,
  everyMs = 100,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

// appConfig reads process.env while Nest builds a module, so an env only needs to hold for the boot (REDIS_URL is
// cleared first so the queue backend is exactly what `env` says).
export async function withEnv<T>(env: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  delete process.env.REDIS_URL;
  Object.assign(process.env, env);
  try {
    return await fn();
  } finally {
    process.env = saved;
  }
}
