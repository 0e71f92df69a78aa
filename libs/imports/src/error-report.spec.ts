import { describeProblemsIn, problemCodes } from './error-report';
import { ProblemRow } from './import.repository';
import { problemCode } from './problem-codes';

const row = (p: Partial<ProblemRow>): ProblemRow => ({
  line: 2,
  raw: [],
  errors: null,
  errorCodes: null,
  duplicateKind: null,
  duplicateOfId: null,
  duplicateOfCode: null,
  duplicateOfLine: null,
  ...p,
});

describe('error report problems', () => {
  it('should say a stored code in the reader language under the file column name', () => {
    const r = row({
      errors: { district: 'must be shorter than or equal to 100 characters' },
      errorCodes: { district: { code: 'TOO_LONG', params: { max: 100 } } },
    });
    expect(describeProblemsIn('ru', r, new Map([['district', 'Район']]))).toBe('Район: Слишком длинно: максимальная длина — 100.');
    expect(describeProblemsIn('en', r)).toBe('district: Too long: the maximum length is 100.');
    expect(JSON.parse(problemCodes(r))).toEqual({ fieldCodes: { district: 'TOO_LONG' }, fieldParams: { district: { max: 100 } } });
  });

  it('should read the code of a row stored before codes from its English text', () => {
    expect(problemCode(row({}), 'birthDate', 'must be a date in the form YYYY-MM-DD')).toEqual({ code: 'NOT_DATE' });
    expect(problemCode(row({}), 'birthDate', 'must give an age between 14 and 100')).toEqual({ code: 'AGE_OUT_OF_RANGE', params: { min: 14, max: 100 } });
    expect(problemCode(row({}), 'sex', 'must be one of: female, male')).toEqual({ code: 'NOT_ONE_OF' });
    expect(problemCode(row({}), 'row', 'has 16 values; the header has 15')).toEqual({ code: 'ROW_LENGTH', params: { values: 16, columns: 15 } });
    expect(problemCode(row({}), 'x', 'is odd')).toBeNull();
    expect(describeProblemsIn('ky', row({ errors: { row: 'has 16 values; the header has 15' } }))).toBe(
      'саптагы маанилердин саны (16) баш саптагы мамычалардын санына (15) дал келбейт',
    );
  });

  it('should say "check this value" with the stored English when no code is known, and INVALID with codes', () => {
    const r = row({ errors: { x: 'is odd' } });
    expect(describeProblemsIn('ru', r)).toBe('x: Проверьте это значение. (is odd)');
    expect(JSON.parse(problemCodes(r))).toEqual({ fieldCodes: { x: 'INVALID' } });
  });

  it('should give the duplicate as the rows endpoint does, and nothing for a row without problems', () => {
    expect(JSON.parse(problemCodes(row({ duplicateKind: 'file', duplicateOfLine: 5 })))).toEqual({ duplicateOf: { kind: 'file', code: null, line: 5 } });
    expect(describeProblemsIn('ru', row({ duplicateKind: 'file', duplicateOfLine: 5 }))).toBe('дубликат: тот же ПИН, что в строке 5');
    expect(problemCodes(row({}))).toBe('');
  });
});
