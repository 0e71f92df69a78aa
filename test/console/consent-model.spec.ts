import { canWithdraw, consentErrors, consentStatus, toConsentCreate, toWithdrawBody } from '../../apps/console/src/returnees/consentModel';

const now = new Date('2026-05-10T12:00:00Z');
const consent = (p: Partial<{ active: boolean; withdrawnAt: string | null; expiresAt: string | null; givenAt: string }> = {}) => ({
  active: true,
  withdrawnAt: null,
  expiresAt: null,
  givenAt: '2026-05-01T06:00:00.000Z',
  ...p,
});

describe('consentStatus', () => {
  it('should say withdrawn whenever withdrawnAt is set, whatever else holds', () => {
    expect(consentStatus(consent({ active: false, withdrawnAt: '2026-05-09T00:00:00Z', expiresAt: '2026-05-09T12:00:00Z' }), now)).toBe('withdrawn');
  });

  it('should follow the API’s active flag and name expiry or a future start when it is false', () => {
    expect(consentStatus(consent(), now)).toBe('active');
    expect(consentStatus(consent({ active: false, expiresAt: '2026-05-10T12:00:00Z' }), now)).toBe('expired');
    expect(consentStatus(consent({ active: false, givenAt: '2026-05-10T12:03:00Z' }), now)).toBe('pending');
  });

  it('should offer withdrawal only while the consent is or will be in force', () => {
    expect(canWithdraw(consent(), now)).toBe(true);
    expect(canWithdraw(consent({ active: false, givenAt: '2026-05-10T12:03:00Z' }), now)).toBe(true);
    expect(canWithdraw(consent({ active: false, expiresAt: '2026-05-01T00:00:00Z' }), now)).toBe(false);
    expect(canWithdraw(consent({ active: false, withdrawnAt: '2026-05-09T00:00:00Z' }), now)).toBe(false);
  });
});

describe('consentErrors', () => {
  const ok = { scope: ['data_processing'], givenAt: '2026-05-10T11:00:00.000Z', expiresAt: null };

  it('should find nothing wrong when a scope is ticked and givenAt is now or within the tolerated skew', () => {
    expect(consentErrors(ok, now)).toEqual({});
    expect(consentErrors({ ...ok, givenAt: '2026-05-10T12:04:00.000Z' }, now)).toEqual({});
  });

  it('should name each field that the API would reject when the draft is incomplete or inconsistent', () => {
    expect(consentErrors({ scope: [], givenAt: null, expiresAt: null }, now)).toEqual({
      scope: 'resources.consents.validation.scope_required',
      givenAt: 'resources.consents.validation.given_required',
    });
    expect(consentErrors({ ...ok, givenAt: '2026-05-10T12:06:00.000Z' }, now)).toEqual({ givenAt: 'resources.consents.validation.given_in_future' });
    expect(consentErrors({ ...ok, expiresAt: ok.givenAt }, now)).toEqual({ expiresAt: 'resources.consents.validation.expires_before_given' });
    expect(consentErrors({ ...ok, expiresAt: null, expiresAtEntered: true }, now)).toEqual({ expiresAt: 'resources.consents.validation.date_invalid' });
  });
});

describe('payloads', () => {
  it('should send scopes in canonical order and leave expiresAt out when none was entered', () => {
    expect(toConsentCreate('r1', { scope: ['contact_by_phone', 'data_processing'], givenAt: '2026-05-10T11:00:00.000Z', expiresAt: null })).toEqual({
      returneeId: 'r1',
      scope: ['data_processing', 'contact_by_phone'],
      givenAt: '2026-05-10T11:00:00.000Z',
    });
    expect(toConsentCreate('r1', { scope: ['share_health'], givenAt: '2026-05-10T11:00:00.000Z', expiresAt: '2027-05-10T11:00:00.000Z' }).expiresAt).toBe(
      '2027-05-10T11:00:00.000Z',
    );
  });

  it('should send a trimmed reason only when one was typed', () => {
    expect(toWithdrawBody('   ')).toEqual({});
    expect(toWithdrawBody('  позвонила,\n  отозвала ')).toEqual({ reason: 'позвонила, отозвала' });
  });
});
