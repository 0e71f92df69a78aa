import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { flattenValidationErrors } from '@kaytuu/shared';
import { CreateReturneeDto } from './create-returnee.dto';
import { UpdateReturneeDto } from './update-returnee.dto';

// Same options as the API's global pipe.
async function check<T extends object>(cls: new () => T, plain: Record<string, unknown>): Promise<{ value: T; errors: Record<string, string> }> {
  const value = plainToInstance(cls, plain);
  const errors = await validate(value, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  return { value, errors: flattenValidationErrors(errors) };
}

const valid = () => ({
  lastName: '  Төлөгөнова ',
  firstName: 'Айгүл',
  sex: 'female',
  birthDate: '1994-08-31',
  oblast: 'naryn',
  district: 'Ат-Башинский',
  phone: '+996 700 12-34-56',
  pin: '1310 8199 4001 23',
  episodes: [{ country: 'TR', departedOn: '2018-01-10', returnedOn: '2023-06-01', sector: 'domestic_work', returnReason: 'health' }],
});

describe('CreateReturneeDto', () => {
  it('should accept and normalise a valid record when phone and PIN carry spaces', async () => {
    const { value, errors } = await check(CreateReturneeDto, valid());
    expect(errors).toEqual({});
    expect(value.lastName).toBe('Төлөгөнова');
    expect(value.phone).toBe('+996700123456');
    expect(value.pin).toBe('13108199400123');
  });

  it('should treat empty optional strings as no value when a form sends them', async () => {
    const { value, errors } = await check(CreateReturneeDto, { ...valid(), phone: '', pin: ' ', patronymic: '' });
    expect(errors).toEqual({});
    expect([value.phone, value.pin, value.patronymic]).toEqual([null, null, null]);
  });

  it('should name nested fields when an episode is wrong', async () => {
    const { errors } = await check(CreateReturneeDto, {
      ...valid(),
      episodes: [{ country: 'KG', departedOn: '2018-01-10', sector: 'x', returnReason: 'health', bonus: 1 }],
    });
    expect(Object.keys(errors).sort()).toEqual(['episodes[0].bonus', 'episodes[0].country', 'episodes[0].sector']);
  });

  it('should reject a name with digits when validating names', async () => {
    const { errors } = await check(CreateReturneeDto, { ...valid(), firstName: 'Айгүл2' });
    expect(errors.firstName).toMatch(/letters/);
  });
});

describe('UpdateReturneeDto', () => {
  it('should accept a partial body with only the version and one field', async () => {
    const { errors } = await check(UpdateReturneeDto, { version: 4, dependents: 2 });
    expect(errors).toEqual({});
  });

  it('should refuse null for a field that may be omitted but never cleared', async () => {
    const { errors } = await check(UpdateReturneeDto, { version: 4, sex: null, birthDate: null, phone: null });
    expect(Object.keys(errors).sort()).toEqual(['birthDate', 'sex']);
  });
});
