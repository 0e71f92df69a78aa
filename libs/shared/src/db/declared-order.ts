// An ORDER BY expression sorting a text column by where its value stands in `values`: an enum's declared order (priority
// low → urgent, a workflow's statuses) instead of the alphabet. The values are the code's own constants and are spliced
// into the SQL, so anything but a plain lower-case word is refused.
export function declaredOrder(column: string, values: readonly string[]): string {
  const bad = values.find((v) => !/^[a-z][a-z0-9_]*$/.test(v));
  if (bad !== undefined || values.length === 0) throw new Error(`declaredOrder: ${JSON.stringify(bad ?? values)} cannot be spliced into SQL`);
  return `array_position(ARRAY[${values.map((v) => `'${v}'`).join(',')}]::text[], ${column})`;
}
