import { HttpStatus } from '@nestjs/common';
import { CommonError, CommonErrorCode, defineErrors, DomainError, errorCodes, transitionRefused } from './domain-error';

const DemoCode = errorCodes('DEMO_CLOSED INVALID_TRANSITION');
const DemoError = defineErrors('DemoError', DemoCode, (fail) => ({
  closed: (what: string) => fail('DEMO_CLOSED', HttpStatus.CONFLICT, `${what} is closed`, { status: 'is closed' }, { what }),
  move: (from: string, to: string, allowed: string[]) => transitionRefused(fail, 'A demo', from, to, allowed),
}));
const OtherError = defineErrors('OtherError', errorCodes('DEMO_CLOSED'), (fail) => ({ closed: () => fail('DEMO_CLOSED', HttpStatus.CONFLICT, 'closed') }));

describe('context errors', () => {
  it('should map each code to itself and refuse changes when codes are declared', () => {
    expect(DemoCode).toEqual({ DEMO_CLOSED: 'DEMO_CLOSED', INVALID_TRANSITION: 'INVALID_TRANSITION' });
    expect(Object.isFrozen(DemoCode)).toBe(true);
  });

  it('should build errors of the context’s own named class with every envelope part when a factory is called', () => {
    const err = DemoError.closed('The demo');
    expect(err).toBeInstanceOf(DemoError);
    expect(err).toBeInstanceOf(DomainError);
    expect(err).not.toBeInstanceOf(OtherError);
    expect(err.name).toBe('DemoError');
    expect({ code: err.code, status: err.status, message: err.message, errors: err.errors, extra: err.extra }).toEqual({
      code: 'DEMO_CLOSED',
      status: 409,
      message: 'The demo is closed',
      errors: { status: 'is closed' },
      extra: { what: 'The demo' },
    });
  });

  it('should name the moves still open, or say there are none, when a transition is refused', () => {
    expect(DemoError.move('sent', 'done', ['accepted', 'declined'])).toMatchObject({
      code: 'INVALID_TRANSITION',
      status: 409,
      message: 'A demo cannot move from sent to done; allowed now: accepted, declined',
      errors: { status: 'allowed now: accepted, declined' },
      extra: { allowed: ['accepted', 'declined'] },
    });
    expect(DemoError.move('closed', 'open', []).message).toBe('A demo cannot move from closed to open; no status change is open to you now');
  });

  it('should keep the common errors’ codes, statuses and messages when they are built', () => {
    expect(CommonErrorCode.STALE_VERSION).toBe('STALE_VERSION');
    expect(CommonError.staleVersion('Case', 3)).toMatchObject({
      name: 'CommonError',
      code: 'STALE_VERSION',
      status: 409,
      message: 'Case was changed by someone else; reload it and try again',
      errors: { version: 'current version is 3' },
      extra: { currentVersion: 3 },
    });
    expect(CommonError.notFound('Referral')).toMatchObject({ code: 'NOT_FOUND', status: 404, message: 'Referral not found' });
    expect(new CommonError(CommonErrorCode.CONFLICT, HttpStatus.CONFLICT, 'taken')).toBeInstanceOf(CommonError);
  });
});

describe('errorCodes', () => {
  it('should map each space-separated code to itself', () => {
    expect(errorCodes('CASE_CLOSED INVALID_CASE')).toEqual({ CASE_CLOSED: 'CASE_CLOSED', INVALID_CASE: 'INVALID_CASE' });
  });

  it('should refuse a list that is not single-space-separated UPPER_SNAKE codes', () => {
    expect(() => errorCodes('CASE_CLOSED  INVALID_CASE')).toThrow('"" is not an UPPER_SNAKE code');
    expect(() => errorCodes('case_closed')).toThrow('"case_closed" is not an UPPER_SNAKE code');
  });
});
