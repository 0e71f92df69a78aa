// What a request log line may hold. Query strings carry search terms (a PIN, a phone, a name), so only their
// parameter names are logged, never values; bodies, auth headers and download-link tokens are never logged.
type RawReq = { id?: unknown; method?: string; url?: string; remoteAddress?: string; headers?: Record<string, unknown> };

// A signed download link's token (libs/documents) is a capability for a few minutes: its path never reaches a log.
const FILE_LINK = /^\/api\/files\/[^/?#]+/;
// Telegram's webhook carries its secret in the path (libs/messaging telegram.controller.ts): never logged either.
const TELEGRAM_HOOK = /^\/api\/telegram\/webhook\/[^?#]*/;

export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return url;
  if (FILE_LINK.test(url)) url = url.replace(FILE_LINK, '/api/files/…');
  if (TELEGRAM_HOOK.test(url)) url = url.replace(TELEGRAM_HOOK, '/api/telegram/webhook/…');
  const q = url.indexOf('?');
  if (q < 0) return url;
  const keys = [...new URLSearchParams(url.slice(q + 1)).keys()];
  return `${url.slice(0, q)}?${keys.map((k) => `${k}=…`).join('&')}`;
}

export const requestLogSerializers = {
  req: (req: RawReq) => ({ id: req.id, method: req.method, url: safeUrl(req.url), remoteAddress: req.remoteAddress, userAgent: req.headers?.['user-agent'] }),
  res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
};
