// Pure payload shaping for the returnee forms (passed to react-admin as `transform`).
// The API rejects unknown properties, so only writable fields leave the console.

export type EntryBan = { active: boolean; until?: string | null; authority?: string | null };
export type Episode = {
  id?: string;
  country: string;
  city?: string | null;
  departedOn: string;
  returnedOn?: string | null;
  sector: string;
  employmentFormal?: boolean;
  returnReason: string;
  entryBan?: EntryBan | null;
};
export type Consent = {
  id: string;
  scope: string[];
  givenAt: string;
  expiresAt: string | null;
  withdrawnAt: string | null;
  recordedBy: string | null;
  active?: boolean;
};

export type Returnee = {
  id: string;
  code: string;
  pin: string | null;
  lastName: string;
  firstName: string;
  patronymic: string | null;
  fullName: string;
  sex: 'female' | 'male';
  birthDate: string;
  age: number;
  phone: string | null;
  oblast: string;
  district: string;
  address: string | null;
  householdSize: number | null;
  dependents: number;
  // a child under 18 of the household without a caregiver (derived by the server from the members)
  childWithoutCaregiver?: boolean;
  languages: string[];
  education: string | null;
  skills: string[];
  disability: string;
  vulnerabilities: string[];
  officeId: string;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  episodes: Episode[];
  consents: Consent[];
  lastCountry: string | null;
  lastReturnReason: string | null;
  entryBanActive: boolean;
  possibleDuplicates?: DuplicateCandidate[];
};

export type DuplicateCandidate = { id: string; code: string; fullName: string; birthDate: string };

export type ReturneeFormValues = Partial<Omit<Returnee, 'episodes'>> & {
  episodes?: Partial<Episode>[];
  consent?: { scope?: string[]; givenAt?: string | null };
};

const text = (v: unknown): string | null => {
  if (v == null) return null;
  const s = String(v).trim();
  return s === '' ? null : s;
};
const int = (v: unknown): number | null => (v == null || v === '' || Number.isNaN(Number(v)) ? null : Math.trunc(Number(v)));
const day = (v: unknown): string | null => (text(v) ? String(v).slice(0, 10) : null);

// "0555 123 456", "+996 555 123 456" → "+996555123456" (the API normalises too; this keeps the echo tidy)
export function normalisePhone(v: unknown): string | null {
  const s = text(v);
  if (!s) return null;
  const compact = s.replace(/[\s\-()]/g, '');
  return /^0\d{9}$/.test(compact) ? `+996${compact.slice(1)}` : compact;
}

export function toEpisodePayload(e: Partial<Episode>): Omit<Episode, 'id'> {
  const ban = e.entryBan?.active
    ? { active: true, until: day(e.entryBan.until), authority: text(e.entryBan.authority) }
    : { active: false, until: null, authority: null };
  return {
    country: String(e.country ?? '').toUpperCase(),
    city: text(e.city),
    departedOn: day(e.departedOn) ?? '',
    returnedOn: day(e.returnedOn),
    sector: String(e.sector ?? ''),
    employmentFormal: Boolean(e.employmentFormal),
    returnReason: String(e.returnReason ?? ''),
    entryBan: ban,
  };
}

function personFields(v: ReturneeFormValues) {
  return {
    pin: text(v.pin)?.replace(/\s/g, '') ?? null,
    lastName: text(v.lastName) ?? '',
    firstName: text(v.firstName) ?? '',
    patronymic: text(v.patronymic),
    sex: v.sex,
    birthDate: day(v.birthDate) ?? '',
    phone: normalisePhone(v.phone),
    oblast: v.oblast,
    district: text(v.district) ?? '',
    address: text(v.address),
    householdSize: int(v.householdSize),
    dependents: int(v.dependents) ?? 0,
    languages: v.languages ?? [],
    education: text(v.education),
    skills: (v.skills ?? []).map((s) => s.trim()).filter(Boolean),
    disability: v.disability ?? 'none',
    vulnerabilities: v.vulnerabilities ?? [],
    episodes: (v.episodes ?? []).map(toEpisodePayload),
  };
}

// A consent "given today" is stamped now; an earlier day at Bishkek noon, so it is never in the future.
export function consentTimestamp(givenOn: string | null | undefined, now = new Date()): string {
  const today = now.toLocaleDateString('en-CA', { timeZone: 'Asia/Bishkek' });
  const d = day(givenOn);
  if (!d || d >= today) return now.toISOString();
  return new Date(`${d}T12:00:00+06:00`).toISOString();
}

export function toReturneeCreate(v: ReturneeFormValues) {
  const scope = v.consent?.scope ?? [];
  return {
    ...personFields(v),
    ...(v.officeId ? { officeId: v.officeId } : {}),
    ...(scope.length > 0 ? { consent: { scope, givenAt: consentTimestamp(v.consent?.givenAt) } } : {}),
  };
}

export function toReturneeUpdate(v: ReturneeFormValues) {
  return { version: v.version, ...personFields(v) };
}

export const duplicateQuery = (v: ReturneeFormValues): string => [text(v.lastName), text(v.firstName)].filter(Boolean).join(' ');

// The fuzzy search finds similar names; a possible duplicate also shares the birth date.
export function sameBirthDate(v: ReturneeFormValues, candidates: DuplicateCandidate[]): DuplicateCandidate[] {
  const birthDate = day(v.birthDate);
  return birthDate ? candidates.filter((c) => c.birthDate?.slice(0, 10) === birthDate) : [];
}

export const todayInBishkek = (): string => new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Bishkek' });

export const returneeDefaults = (): ReturneeFormValues => ({
  dependents: 0,
  disability: 'none',
  languages: ['ky'],
  skills: [],
  vulnerabilities: [],
  episodes: [{ country: 'RU', employmentFormal: false, entryBan: { active: false } }],
  consent: { scope: ['data_processing'], givenAt: todayInBishkek() },
});

export const returneeRepresentation = (r: Returnee): string => `${r.fullName} (${r.code})`;
