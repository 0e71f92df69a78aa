import { Consent } from '../consent.entity';
import { isConsentActiveAt, toConsentDto } from './consent.dto';

const at = new Date('2026-03-13T08:00:00Z');
const consent = (p: Partial<Consent>): Consent =>
  Object.assign(new Consent(), {
    id: 'c1',
    returneeId: 'r1',
    scope: ['data_processing'],
    givenAt: new Date('2026-01-01T00:00:00Z'),
    expiresAt: null,
    withdrawnAt: null,
    recordedBy: 'u1',
    createdAt: new Date('2026-01-01T00:00:01Z'),
    ...p,
  });

describe('isConsentActiveAt', () => {
  it('should hold from the moment it is given when neither withdrawn nor expiring', () => {
    expect(isConsentActiveAt(consent({ givenAt: at }), at)).toBe(true);
    expect(isConsentActiveAt(consent({ givenAt: new Date(at.getTime() + 1) }), at)).toBe(false);
  });

  it('should stop at the exact moment of withdrawal or expiry when `at` reaches it', () => {
    expect(isConsentActiveAt(consent({ withdrawnAt: at }), at)).toBe(false);
    expect(isConsentActiveAt(consent({ withdrawnAt: new Date(at.getTime() + 1) }), at)).toBe(true);
    expect(isConsentActiveAt(consent({ expiresAt: at }), at)).toBe(false);
    expect(isConsentActiveAt(consent({ expiresAt: new Date(at.getTime() + 1) }), at)).toBe(true);
  });
});

describe('toConsentDto', () => {
  it('should map timestamps to ISO strings and add active for the given moment', () => {
    const dto = toConsentDto(consent({ expiresAt: new Date('2026-02-01T00:00:00Z') }), at);
    expect(dto).toEqual({
      id: 'c1',
      returneeId: 'r1',
      scope: ['data_processing'],
      givenAt: '2026-01-01T00:00:00.000Z',
      expiresAt: '2026-02-01T00:00:00.000Z',
      withdrawnAt: null,
      recordedBy: 'u1',
      createdAt: '2026-01-01T00:00:01.000Z',
      active: false,
    });
  });
});
