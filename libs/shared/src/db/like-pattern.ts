// A LIKE/ILIKE pattern matching any value that contains `text` literally: the user's `%`, `_` and `\` are escaped with
// backslash, LIKE's default escape character, so a search for "50%" or "a_b" finds exactly that and no wildcard runs.
export function containsPattern(text: string): string {
  return `%${text.replace(/[%_\\]/g, '\\$&')}%`;
}
