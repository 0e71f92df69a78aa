// What a request log line may hold. Query strings carry search terms (a PIN, a phone, a name), so only their
// parameter names are logged, never values; bodies and auth headers are never logged.
type RawReq = { id?: unknown; method?: string; url?: string; remoteAddress?: string; headers?: Record<string, unknown> };

export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return url;
  const q = url.indexOf('?');
  if (q < 0) return url;
  const keys = [...new URLSearchParams(url.slice(q + 1)).keys()];
  return `${url.slice(0, q)}?${keys.map((k) => `${k}=…`).join('&')}`;
}

export const requestLogSerializers = {
  req: (req: RawReq) => ({ id: req.id, method: req.method, url: safeUrl(req.url), remoteAddress: req.remoteAddress, userAgent: req.headers?.['user-agent'] }),
  res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
};
