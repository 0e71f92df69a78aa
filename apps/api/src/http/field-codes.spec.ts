import { HttpStatus } from '@nestjs/common';
import { getMetadataStorage, IsIn, IsString, Length, MaxLength, validateSync } from 'class-validator';
import { CommonError, CONSTRAINT_CODES, constraintFieldCode, DomainError, FIELD_CODES, INVALID_FIELD, validationFailed } from '@kaytuu/shared';
import { AccessError } from '../../../../libs/access/src/access.errors';
// loads every controller's DTOs, so the metadata storage holds every constraint the API validates with
import '../app.module';

type Storage = {
  validationMetadatas: Map<unknown, Array<{ type: string; constraintCls?: unknown }>>;
  constraintMetadatas: Map<unknown, Array<{ name: string }>>;
};

// What the API's DTOs validate with, by constraint name (the key class-validator reports a failure under).
function constraintsInUse(): Set<string> {
  const s = getMetadataStorage() as unknown as Storage;
  const names = new Set<string>();
  for (const list of s.validationMetadatas.values()) {
    for (const m of list) {
      if (m.type === 'customValidation') names.add(s.constraintMetadatas.get(m.constraintCls)?.[0]?.name ?? '(unnamed)');
      else if (m.type === 'whitelistValidation' || m.type === 'nestedValidation') names.add(m.type);
    }
  }
  return names;
}

describe('field codes of class-validator constraints', () => {
  it('should give every constraint a DTO of the API uses a code of its own, custom rules included', () => {
    const names = constraintsInUse();
    // the custom rules of returnees, access and cases are among them
    expect([...names]).toEqual(
      expect.arrayContaining(['isDateOnly', 'isKgPhone', 'notHome', 'plausibleBirthDate', 'notCommonPassword', 'whitelistValidation']),
    );
    const missing = [...names].filter((n) => n !== 'isLength' && !CONSTRAINT_CODES[n]);
    expect(missing).toEqual([]);
    expect([...names].filter((n) => CONSTRAINT_CODES[n]?.code === INVALID_FIELD)).toEqual([]);
  });

  it('should read the limit from the text for the codes that name one, and fall back to INVALID without it', () => {
    expect(constraintFieldCode('maxLength', 'must be shorter than or equal to 100 characters')).toEqual({ code: 'TOO_LONG', params: { max: 100 } });
    expect(constraintFieldCode('minLength', 'must be at least 12 characters')).toEqual({ code: 'TOO_SHORT', params: { min: 12 } });
    expect(constraintFieldCode('isLength', 'must be longer than or equal to 2 characters')).toEqual({ code: 'TOO_SHORT', params: { min: 2 } });
    expect(constraintFieldCode('isLength', 'must be shorter than or equal to 200 characters')).toEqual({ code: 'TOO_LONG', params: { max: 200 } });
    expect(constraintFieldCode('plausibleBirthDate', 'must give an age between 14 and 100')).toEqual({
      code: 'AGE_OUT_OF_RANGE',
      params: { min: 14, max: 100 },
    });
    expect(constraintFieldCode('max', 'is too big')).toEqual({ code: INVALID_FIELD });
    expect(constraintFieldCode('arrayMinSize', 'must list at least one migration episode')).toEqual({ code: 'REQUIRED' });
    expect(constraintFieldCode('someNewRule', 'whatever')).toEqual({ code: INVALID_FIELD });
    expect(FIELD_CODES).toEqual(expect.arrayContaining(['REQUIRED', 'TOO_LONG', 'NOT_ONE_OF', 'PASSWORD_TOO_COMMON', INVALID_FIELD]));
  });

  it('should build the 400 with English texts and a code per field, nested keys included', () => {
    class Child {
      @IsIn(['a', 'b']) kind!: string;
    }
    class Body {
      @IsString() @MaxLength(5) name!: string;
      @Length(2, 4) code!: string;
      child!: Child;
    }
    const body = Object.assign(new Body(), { name: 'too long a name', code: 'x' });
    const err = validationFailed(validateSync(body));
    expect(err).toMatchObject({
      code: 'VALIDATION_FAILED',
      status: HttpStatus.BAD_REQUEST,
      errors: { name: 'must be shorter than or equal to 5 characters', code: 'must be longer than or equal to 2 characters' },
      fieldCodes: { name: 'TOO_LONG', code: 'TOO_SHORT' },
      fieldParams: { name: { max: 5 }, code: { min: 2 } },
    });
    const nested = validationFailed(validateSync(Object.assign(new Child(), { kind: 'z' })), 'details');
    expect(nested.fieldCodes).toEqual({ 'details.kind': 'NOT_ONE_OF' });
    expect(nested.fieldParams).toBeUndefined();
  });
});

describe('field codes of domain errors', () => {
  it('should give the fields of an error that names one problem that error’s code', () => {
    expect(AccessError.emailTaken().fieldCodes).toEqual({ email: 'EMAIL_TAKEN' });
  });

  it('should code the fields of a generic error by their text, else INVALID', () => {
    const err = CommonError.validation({ reason: 'is required to reopen a closed case', respondBy: 'must be in the future', odd: 'is odd' });
    expect(err.fieldCodes).toEqual({ reason: 'REQUIRED', respondBy: 'NOT_IN_FUTURE', odd: INVALID_FIELD });
    expect(CommonError.validation({ items: 'must list at most 20 due times' })).toMatchObject({
      fieldCodes: { items: 'TOO_MANY' },
      fieldParams: { items: { max: 20 } },
    });
    expect(CommonError.unprocessable({ officeId: 'does not exist' }, 'gone').fieldCodes).toEqual({ officeId: 'NOT_FOUND' });
  });

  it('should let a factory set codes explicitly, keeping the other fields’ codes', () => {
    const err = CommonError.validation({ password: 'is too common; choose another', note: 'is required' }).withFieldCodes({ password: 'PASSWORD_TOO_COMMON' });
    expect(err.fieldCodes).toEqual({ password: 'PASSWORD_TOO_COMMON', note: 'REQUIRED' });
    expect(new DomainError('X', HttpStatus.BAD_REQUEST, 'no fields').fieldCodes).toBeUndefined();
  });
});

describe('field code maps', () => {
  it('should keep a field the client named __proto__ as an own key of fieldCodes, as of errors', () => {
    const err = CommonError.validation(Object.fromEntries([['__proto__', 'is not an allowed property']]));

    expect(Object.keys(err.fieldCodes ?? {})).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(err.fieldCodes)).toBe(Object.prototype);
  });
});
