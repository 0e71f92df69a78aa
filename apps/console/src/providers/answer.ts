// Kept free of React and of the HTTP client so tests can import it: reading the small JSON answers of the calls
// outside ra-data-simple-rest (counts, summaries) the same way everywhere.

// A count in an answer: 0 when the field is missing or not a finite number, so a badge never shows NaN.
export function countIn(json: unknown, key: string): number {
  const v = json && typeof json === 'object' ? (json as Record<string, unknown>)[key] : undefined;
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

// The file name the API suggests in Content-Disposition (plain or RFC 5987 `filename*=UTF-8''…`), or `fallback`.
export function fileNameFrom(disposition: string | null, fallback: string): string {
  const m = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition ?? '');
  if (!m) return fallback;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return m[1];
  }
}
