import { Oblast } from '@kaytuu/shared';
import { Consent } from '../consent.entity';
import { ConsentDto, toConsentDto } from './consent.dto';
import { ageOn } from '../identifiers';
import { MigrationEpisode } from '../migration-episode.entity';
import { fullNameOf } from '../name-search';
import { ReturneeRecord } from '../returnee.entity';
import { Disability, Language, ReturnReason, Sector, Sex, Vulnerability } from '../returnee.types';

export type EpisodeDto = {
  id: string;
  country: string;
  city: string | null;
  departedOn: string;
  returnedOn: string | null;
  sector: Sector;
  employmentFormal: boolean;
  returnReason: ReturnReason;
  entryBan: { active: boolean; until: string | null; authority: string | null };
};

export type { ConsentDto } from './consent.dto';

export type ReturneeDto = {
  id: string;
  code: string;
  pin: string | null;
  lastName: string;
  firstName: string;
  patronymic: string | null;
  fullName: string;
  sex: Sex;
  birthDate: string;
  age: number;
  phone: string | null;
  oblast: Oblast;
  district: string;
  address: string | null;
  householdSize: number | null;
  dependents: number;
  childWithoutCaregiver: boolean;
  languages: Language[];
  education: string | null;
  skills: string[];
  disability: Disability;
  vulnerabilities: Vulnerability[];
  officeId: string;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  episodes: EpisodeDto[];
  consents: ConsentDto[];
  lastCountry: string | null;
  lastReturnReason: ReturnReason | null;
  entryBanActive: boolean;
};

export type PossibleDuplicateDto = { id: string; code: string; fullName: string; birthDate: string };
export type CreatedReturneeDto = ReturneeDto & { possibleDuplicates: PossibleDuplicateDto[] };

export function toEpisodeDto(e: MigrationEpisode): EpisodeDto {
  return {
    id: e.id,
    country: e.country,
    city: e.city,
    departedOn: e.departedOn,
    returnedOn: e.returnedOn,
    sector: e.sector,
    employmentFormal: e.employmentFormal,
    returnReason: e.returnReason,
    entryBan: { active: e.entryBanActive, until: e.entryBanUntil, authority: e.entryBanAuthority },
  };
}

// A ban is in force when it is marked active and its end date (if any) has not passed.
export function isBanInForce(e: Pick<MigrationEpisode, 'entryBanActive' | 'entryBanUntil'>, today: string): boolean {
  return e.entryBanActive && (e.entryBanUntil === null || e.entryBanUntil >= today);
}

// The latest migration is the one that started last (ties: the later one in the list).
export function latestEpisode<E extends Pick<MigrationEpisode, 'departedOn' | 'position'>>(episodes: E[]): E | null {
  let best: E | null = null;
  for (const e of episodes) {
    if (!best || e.departedOn > best.departedOn || (e.departedOn === best.departedOn && e.position >= best.position)) best = e;
  }
  return best;
}

// `today` (YYYY-MM-DD, Bishkek) and `now` are passed in so derived fields are computed against one clock per request.
export function toReturneeDto(r: ReturneeRecord, episodes: MigrationEpisode[], consents: Consent[], today: string, now: Date = new Date()): ReturneeDto {
  const ordered = [...episodes].sort((a, b) => a.position - b.position);
  const last = latestEpisode(ordered);
  return {
    id: r.id,
    code: r.code,
    pin: r.pin,
    lastName: r.lastName,
    firstName: r.firstName,
    patronymic: r.patronymic,
    fullName: fullNameOf(r),
    sex: r.sex,
    birthDate: r.birthDate,
    age: ageOn(r.birthDate, today),
    phone: r.phone,
    oblast: r.oblast,
    district: r.district,
    address: r.address,
    householdSize: r.householdSize,
    dependents: r.dependents,
    childWithoutCaregiver: r.childWithoutCaregiver,
    languages: r.languages,
    education: r.education,
    skills: r.skills,
    disability: r.disability,
    vulnerabilities: r.vulnerabilities,
    officeId: r.officeId,
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    version: r.version,
    episodes: ordered.map(toEpisodeDto),
    consents: [...consents].sort((a, b) => a.givenAt.getTime() - b.givenAt.getTime()).map((c) => toConsentDto(c, now)),
    lastCountry: last?.country ?? null,
    lastReturnReason: last?.returnReason ?? null,
    entryBanActive: ordered.some((e) => isBanInForce(e, today)),
  };
}
