// Payload shaping for offices; the API rejects unknown properties.
export type OfficeRecord = { id: string; name: string; oblast: string; district: string };

export const toOfficePayload = (v: Partial<OfficeRecord>) => ({
  name: String(v.name ?? '').trim(),
  oblast: v.oblast,
  district: String(v.district ?? '').trim(),
});
