import { Consent } from '../consent.entity';
import { ConsentScope } from '../returnee.types';

export type ConsentDto = {
  id: string;
  returneeId: string;
  scope: ConsentScope[];
  givenAt: string;
  expiresAt: string | null;
  withdrawnAt: string | null;
  recordedBy: string | null;
  createdAt: string;
  // in force at the moment of the request: given, not withdrawn, not expired
  active: boolean;
};

type ConsentTimes = Pick<Consent, 'givenAt' | 'expiresAt' | 'withdrawnAt'>;

// The one definition of "in force at `at`"; the repository's SQL (consent.repository.ts ACTIVE_AT) says the same.
// A withdrawal or expiry at exactly `at` already stops it.
export function isConsentActiveAt(c: ConsentTimes, at: Date): boolean {
  const t = at.getTime();
  return c.givenAt.getTime() <= t && (c.withdrawnAt === null || c.withdrawnAt.getTime() > t) && (c.expiresAt === null || c.expiresAt.getTime() > t);
}

export function toConsentDto(c: Consent, now: Date): ConsentDto {
  return {
    id: c.id,
    returneeId: c.returneeId,
    scope: c.scope,
    givenAt: c.givenAt.toISOString(),
    expiresAt: c.expiresAt ? c.expiresAt.toISOString() : null,
    withdrawnAt: c.withdrawnAt ? c.withdrawnAt.toISOString() : null,
    recordedBy: c.recordedBy,
    createdAt: c.createdAt.toISOString(),
    active: isConsentActiveAt(c, now),
  };
}
