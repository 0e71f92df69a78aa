import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { IsString, validateSync } from 'class-validator';
import { seededRandom as rng } from '@kaytuu/shared';
import { checkReturneeInput } from '../returnee-batch';
import { CreateReturneeDto } from './create-returnee.dto';
import { passesValidation } from './passes-validation';

// The API's global pipe options (as in returnee-batch.ts).
const PIPE = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true } as const;

const validBody = (): Record<string, unknown> => ({
  pin: '21308199400123',
  lastName: 'Жээнбеков',
  firstName: 'Айбек',
  patronymic: 'Асанович',
  sex: 'male',
  birthDate: '1994-08-13',
  phone: '0555 123 456',
  oblast: 'naryn',
  district: 'Ат-Башинский',
  address: 'ул. Ленина 1',
  householdSize: 5,
  dependents: 2,
  languages: ['ky', 'ru'],
  education: 'secondary',
  skills: ['welding', 'driving'],
  disability: 'none',
  vulnerabilities: ['single_parent'],
  episodes: [
    {
      country: 'RU',
      city: 'Москва',
      departedOn: '2018-03-01',
      returnedOn: '2024-05-20',
      sector: 'construction',
      employmentFormal: true,
      returnReason: 'entry_ban',
      entryBan: { active: true, until: '2029-01-01', authority: 'МВД' },
    },
  ],
  consent: { scope: ['data_processing'], givenAt: '2024-06-01' },
});

// Ways to break (or oddly fill) each field: wrong types, bounds, formats, cross-field rules, unknown properties.
const FIELD_VALUES: Record<string, unknown[]> = {
  pin: ['123', '31308199400123', '2130 8199 4001 23', '', '  ', 21308199400123, null, undefined],
  lastName: ['', ' ', 'A1', 'x'.repeat(101), 5, null, "O'Neil-Smith", 'Асан уулу'],
  firstName: ['', '1', 'x'.repeat(100), [], undefined],
  patronymic: ['', '  ', '9', 'x'.repeat(101), null, 7],
  sex: ['', 'FEMALE', 'female', 'x', 1],
  birthDate: ['2030-01-01', '1900-01-01', '2023-02-29', '2024-02-29', '31.12.1990', '', '2020-01-01', '1990-13-01', 19900101, undefined],
  phone: ['+7 999 123 45 67', '0555', '', 'abc', '+996700123456', 555123456, null],
  oblast: ['moscow', '', 'osh', null],
  district: ['', '  ', 'x'.repeat(101), 3],
  address: ['x'.repeat(301), '', null, 1],
  householdSize: [0, 51, 'two', 2.5, null, 1, 50],
  dependents: [-1, 31, 'x', 0, 30, 1.5],
  languages: [['ky', 'ky'], ['xx'], 'ky', [], ['ky', 'ru', 'uz', 'en', 'tr', 'kk', 'tg', 'other', 'ky'], [1], null],
  education: ['x'.repeat(101), '', null, 4],
  skills: [['a', 'a'], [''], Array.from({ length: 31 }, (_v, i) => `s${i}`), ['x'.repeat(51)], 'welding', [3], ['  a ', 'b']],
  disability: ['bad', 'physical', '', null],
  vulnerabilities: [['bad'], ['single_parent', 'single_parent'], [], 'single_parent', null],
  officeId: ['not-a-uuid', '3f2504e0-4f89-41d3-9a0c-0305e82c3301', '', 12],
  consent: [{ scope: [] }, { scope: ['bad'], givenAt: '2024-01-01' }, { scope: ['data_processing'], givenAt: '2999-01-01' }, 'yes', null, {}],
  extra: ['unknown property'],
};
const EPISODE_VALUES: Record<string, unknown[]> = {
  country: ['KG', 'ru', 'XX', 'RUS', '', 7, 'KZ', undefined],
  city: ['x'.repeat(101), '', null, 5],
  departedOn: ['2999-01-01', 'soon', '', '2024-05-21', undefined],
  returnedOn: ['2017-01-01', '2999-01-01', '2018-03-01', 'x', null],
  sector: ['bad', '', 'trade', undefined],
  employmentFormal: ['yes', 1, false, null],
  returnReason: ['bad', 'health', undefined],
  entryBan: [
    { active: 'x' },
    { active: true, until: 'bad' },
    { active: false },
    { active: true, authority: 'x'.repeat(201) },
    null,
    'x',
    {},
    { active: true, other: 1 },
  ],
  id: ['bad', '3f2504e0-4f89-41d3-9a0c-0305e82c3301'],
  extra: [1],
};
const EPISODES_VALUES: unknown[] = [[], 'x', [null], [1], [{}], Array.from({ length: 31 }, () => ({ ...(validBody().episodes as object[])[0] }))];

function mutate(body: Record<string, unknown>, rand: () => number): void {
  const pick = <T>(a: T[]): T => a[Math.floor(rand() * a.length)];
  const r = rand();
  if (r < 0.1) {
    body.episodes = pick(EPISODES_VALUES);
  } else if (r < 0.4 && Array.isArray(body.episodes) && typeof body.episodes[0] === 'object' && body.episodes[0] !== null) {
    const key = pick(Object.keys(EPISODE_VALUES));
    const value = pick(EPISODE_VALUES[key]);
    const episode = body.episodes[0] as Record<string, unknown>;
    if (value === undefined) delete episode[key];
    else episode[key] = value;
  } else {
    const key = pick(Object.keys(FIELD_VALUES));
    const value = pick(FIELD_VALUES[key]);
    if (value === undefined) delete body[key];
    else body[key] = value;
  }
}

describe('passesValidation', () => {
  it('should answer true exactly when validateSync finds nothing, for valid and broken create bodies', () => {
    const rand = rng(20);
    let valid = 0;
    let refused = 0;
    for (let i = 0; i < 2000; i++) {
      const body = JSON.parse(JSON.stringify(validBody())) as Record<string, unknown>;
      const mutations = Math.floor(rand() * 4);
      for (let k = 0; k < mutations; k++) mutate(body, rand);
      const expected = validateSync(plainToInstance(CreateReturneeDto, body), PIPE).length === 0;
      const dto = plainToInstance(CreateReturneeDto, body);
      if (passesValidation(dto) !== expected) throw new Error(`case ${i} disagrees (validateSync ${expected ? 'passes' : 'refuses'}): ${JSON.stringify(body)}`);
      if (expected) valid++;
      else refused++;
    }
    // both answers were exercised many times
    expect(valid).toBeGreaterThan(250);
    expect(refused).toBeGreaterThan(750);
  });

  it('should answer false for an object of a class without validation metadata and for an unknown property', () => {
    class Bare {
      x = 1;
    }
    expect(passesValidation(new Bare())).toBe(false);
    class One {
      @IsString() name = 'a';
    }
    expect(passesValidation(new One())).toBe(true);
    expect(passesValidation(Object.assign(new One(), { other: 1 }))).toBe(false);
  });
});

describe('checkReturneeInput', () => {
  it('should refuse a broken line with the messages and codes validateSync gives, and normalise a valid one', () => {
    const bad = { ...validBody(), sex: 'x', birthDate: '2023-02-29' };
    const res = checkReturneeInput(bad);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.errors).toEqual({ sex: 'must be one of: female, male', birthDate: 'must be a date in the form YYYY-MM-DD' });
    expect(Object.keys(res.fieldCodes).sort()).toEqual(['birthDate', 'sex']);

    const ok = checkReturneeInput(validBody());
    expect(ok.ok).toBe(true);
    if (!ok.ok) return;
    expect(ok.record).toMatchObject({ pin: '21308199400123', phone: '+996555123456', skeleton: 'jenbekov aibek', dependents: 2 });
    expect(ok.record.searchText).toBe('jenbekov aibek asanovich жээнбеков айбек асанович');
    // the memoised name texts give the same answer the second time
    expect((checkReturneeInput(validBody()) as { record: unknown }).record).toEqual(ok.record);
  });
});
