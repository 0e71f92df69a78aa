import { CreateReturneeDto } from './dto/create-returnee.dto';
import { EpisodeInput } from './dto/returnee-input.dto';
import { buildSearchText, NameParts } from './name-search';

// A validated create body as stored: one mapping for POST /api/returnees and for bulk imports, so both store the same.
// `searchText`: how the name's search text is built (bulk intake passes a memoised buildSearchText).
export function profileValues(dto: CreateReturneeDto, searchText: (p: NameParts) => string = buildSearchText) {
  return {
    pin: dto.pin ?? null,
    lastName: dto.lastName,
    firstName: dto.firstName,
    patronymic: dto.patronymic ?? null,
    sex: dto.sex,
    birthDate: dto.birthDate,
    phone: dto.phone ?? null,
    oblast: dto.oblast,
    district: dto.district,
    address: dto.address ?? null,
    householdSize: dto.householdSize ?? null,
    dependents: dto.dependents ?? 0,
    languages: dto.languages ?? [],
    education: dto.education ?? null,
    skills: dto.skills ?? [],
    disability: dto.disability ?? 'none',
    vulnerabilities: dto.vulnerabilities ?? [],
    searchText: searchText(dto),
  };
}

export function toEpisodeRow(e: EpisodeInput) {
  return {
    country: e.country,
    city: e.city ?? null,
    departedOn: e.departedOn,
    returnedOn: e.returnedOn ?? null,
    sector: e.sector,
    employmentFormal: e.employmentFormal ?? false,
    returnReason: e.returnReason,
    entryBanActive: e.entryBan?.active ?? false,
    entryBanUntil: e.entryBan?.until ?? null,
    entryBanAuthority: e.entryBan?.authority ?? null,
  };
}
