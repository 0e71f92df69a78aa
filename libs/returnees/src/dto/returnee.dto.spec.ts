import { Consent } from '../consent.entity';
import { MigrationEpisode } from '../migration-episode.entity';
import { ReturneeRecord } from '../returnee.entity';
import { isBanInForce, latestEpisode, toReturneeDto } from './returnee.dto';

const returnee = (over: Partial<ReturneeRecord> = {}): ReturneeRecord =>
  Object.assign({} as ReturneeRecord, {
    id: 'r1',
    code: 'KT-2026-000001',
    pin: '21403199100123',
    lastName: 'Асан уулу',
    firstName: 'Нурлан',
    patronymic: null,
    sex: 'male',
    birthDate: '1991-03-14',
    phone: '+996555123456',
    oblast: 'osh',
    district: 'Ноокатский',
    address: null,
    householdSize: 5,
    dependents: 2,
    languages: ['ky'],
    education: null,
    skills: [],
    disability: 'none',
    vulnerabilities: [],
    officeId: 'o1',
    createdBy: null,
    searchText: 'asan ulu nurlan асан уулу нурлан',
    version: 3,
    deletedAt: null,
    createdAt: new Date('2026-01-10T05:00:00Z'),
    updatedAt: new Date('2026-01-11T05:00:00Z'),
    ...over,
  });

const episode = (over: Partial<MigrationEpisode>): MigrationEpisode =>
  Object.assign(new MigrationEpisode(), {
    id: 'e',
    returneeId: 'r1',
    position: 0,
    country: 'RU',
    city: null,
    departedOn: '2015-01-01',
    returnedOn: null,
    sector: 'construction',
    employmentFormal: false,
    returnReason: 'economic',
    entryBanActive: false,
    entryBanUntil: null,
    entryBanAuthority: null,
    createdAt: new Date(),
    ...over,
  });

describe('toReturneeDto', () => {
  it('should derive full name, age and the latest episode when mapping a record', () => {
    const eps = [
      episode({ id: 'late', position: 0, country: 'KZ', departedOn: '2022-05-01', returnReason: 'family' }),
      episode({
        id: 'early',
        position: 1,
        country: 'RU',
        departedOn: '2012-05-01',
        returnReason: 'entry_ban',
        entryBanActive: true,
        entryBanUntil: '2020-01-01',
      }),
    ];
    const dto = toReturneeDto(returnee(), eps, [], '2026-03-13');
    expect(dto.fullName).toBe('Асан уулу Нурлан');
    expect(dto.age).toBe(34);
    expect(dto.lastCountry).toBe('KZ');
    expect(dto.lastReturnReason).toBe('family');
    expect(dto.entryBanActive).toBe(false);
    expect(dto.episodes.map((e) => e.id)).toEqual(['late', 'early']);
    expect(dto.episodes[1].entryBan).toEqual({ active: true, until: '2020-01-01', authority: null });
    expect(dto).not.toHaveProperty('searchText');
    expect(dto).not.toHaveProperty('deletedAt');
  });

  it('should give null derived fields when there are no episodes', () => {
    const dto = toReturneeDto(returnee(), [], [], '2026-03-13');
    expect(dto).toMatchObject({ lastCountry: null, lastReturnReason: null, entryBanActive: false, episodes: [] });
  });

  it('should map consents with ISO timestamps in the order they were given', () => {
    const c = (id: string, at: string): Consent =>
      Object.assign(new Consent(), {
        id,
        returneeId: 'r1',
        scope: ['data_processing'],
        givenAt: new Date(at),
        expiresAt: null,
        withdrawnAt: null,
        recordedBy: 'u1',
        createdAt: new Date(),
      });
    const dto = toReturneeDto(returnee(), [], [c('b', '2026-02-01T00:00:00Z'), c('a', '2025-02-01T00:00:00Z')], '2026-03-13');
    expect(dto.consents.map((x) => x.id)).toEqual(['a', 'b']);
    expect(dto.consents[0].givenAt).toBe('2025-02-01T00:00:00.000Z');
  });
});

describe('isBanInForce', () => {
  it('should hold when active and open-ended or ending today or later, and not otherwise', () => {
    expect(isBanInForce({ entryBanActive: true, entryBanUntil: null }, '2026-03-13')).toBe(true);
    expect(isBanInForce({ entryBanActive: true, entryBanUntil: '2026-03-13' }, '2026-03-13')).toBe(true);
    expect(isBanInForce({ entryBanActive: true, entryBanUntil: '2026-03-12' }, '2026-03-13')).toBe(false);
    expect(isBanInForce({ entryBanActive: false, entryBanUntil: null }, '2026-03-13')).toBe(false);
  });
});

describe('latestEpisode', () => {
  it('should prefer the later list position when two episodes start the same day', () => {
    expect(
      latestEpisode([
        { departedOn: '2020-01-01', position: 0 },
        { departedOn: '2020-01-01', position: 1 },
      ])?.position,
    ).toBe(1);
    expect(latestEpisode([])).toBeNull();
  });
});
