import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm';
import { CommonError } from '../errors/domain-error';

// A row whose `version` is bumped by hand in the same UPDATE that changes it (cases, follow-ups, referrals), not by
// @VersionColumn, so that a stale write is caught by the statement itself.
export type VersionedRow = ObjectLiteral & { id: string; version: number; updatedAt: Date };

export type VersionedUpdate<E extends VersionedRow> = {
  // the name the 409/404 gives the row ('Case', 'Follow-up', …)
  what: string;
  id: string;
  // the version the caller read (and, under its row lock, checked)
  version: number;
  set: QueryDeepPartialEntity<E>;
  // SQL the row must also meet to be written, e.g. `deleted_at IS NULL`; a row failing it reads as not found
  alsoWhere?: string;
};

// The one guarded write for versioned rows: it succeeds only if nobody bumped the version since the caller read it,
// and otherwise throws (409 STALE_VERSION with the version now stored, or 404 when the row is gone), so a lost update
// can never pass as a success: there is no result to forget to check.
export async function updateVersioned<E extends VersionedRow>(m: EntityManager, target: EntityTarget<E>, u: VersionedUpdate<E>): Promise<void> {
  const where = u.alsoWhere ? `id = :id AND (${u.alsoWhere})` : 'id = :id';
  const result = await m
    .createQueryBuilder()
    .update(target)
    .set({ ...u.set, version: () => 'version + 1', updatedAt: () => 'now()' } as QueryDeepPartialEntity<E>)
    .where(`${where} AND version = :version`, { id: u.id, version: u.version })
    .execute();
  if (result.affected === 1) return;
  const current = await m.createQueryBuilder(target, 'v').select('v.version', 'version').where(where, { id: u.id }).getRawOne<{ version: number }>();
  if (!current) throw CommonError.notFound(u.what);
  throw CommonError.staleVersion(u.what, current.version);
}
