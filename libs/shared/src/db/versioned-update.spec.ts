import { randomBytes } from 'node:crypto';
import { Column, DataSource, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { adminQuery, dbUrl } from '../../../../test/support/pg';
import { CommonError, CommonErrorCode } from '../errors/domain-error';
import { SnakeNamingStrategy } from './snake-naming.strategy';
import { updateVersioned } from './versioned-update';

@Entity('versioned_probe')
class Probe {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text' }) label: string;
  @Column({ type: 'int' }) version: number;
  @Column({ type: 'timestamptz' }) updatedAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) deletedAt: Date | null;
}

// Against a real Postgres (a scratch database with one table), since what is checked is what the UPDATE does when
// another writer got there first.
describe('updateVersioned', () => {
  const dbName = `kaytuu_versioned_${process.pid}_${randomBytes(3).toString('hex')}`;
  let ds: DataSource;

  beforeAll(async () => {
    await adminQuery(`CREATE DATABASE ${dbName}`);
    ds = new DataSource({ type: 'postgres', url: dbUrl(dbName), entities: [Probe], namingStrategy: new SnakeNamingStrategy(), extra: { max: 4 } });
    await ds.initialize();
    await ds.query(`CREATE TABLE versioned_probe (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), label text NOT NULL, version int NOT NULL DEFAULT 1,
      updated_at timestamptz NOT NULL DEFAULT now() - interval '1 day', deleted_at timestamptz)`);
  });
  afterAll(async () => {
    await ds?.destroy();
    await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  });

  const given = async (label = 'first', deleted = false): Promise<Probe> =>
    (await ds.query(`INSERT INTO versioned_probe (label, deleted_at) VALUES ($1, $2) RETURNING id, label, version`, [label, deleted ? new Date() : null]))[0];
  const stored = async (id: string): Promise<{ label: string; version: number; fresh: boolean }> =>
    (await ds.query(`SELECT label, version, updated_at > now() - interval '1 minute' AS fresh FROM versioned_probe WHERE id = $1`, [id]))[0];
  const write = (m: DataSource['manager'], row: { id: string; version: number }, label: string) =>
    updateVersioned(m, Probe, { what: 'Probe', id: row.id, version: row.version, set: { label }, alsoWhere: 'deleted_at IS NULL' });
  const refusal = async (p: Promise<unknown>): Promise<CommonError> => {
    const err = await p.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CommonError);
    return err as CommonError;
  };

  it('should write the change, bump the version and touch updated_at when the version is the stored one', async () => {
    const row = await given();
    await write(ds.manager, row, 'second');
    expect(await stored(row.id)).toEqual({ label: 'second', version: 2, fresh: true });
  });

  it('should refuse with 409 STALE_VERSION naming the stored version, and keep the other write, when the version read is stale', async () => {
    const row = await given();
    const readByA = { ...row };
    const readByB = { ...row };
    await write(ds.manager, readByA, 'by A');
    const err = await refusal(write(ds.manager, readByB, 'by B'));
    expect(err).toMatchObject({ code: CommonErrorCode.STALE_VERSION, status: 409, extra: { currentVersion: 2 } });
    expect(await stored(row.id)).toMatchObject({ label: 'by A', version: 2 });
  });

  it('should let exactly one of two concurrent transactions with the same version win and refuse the other once the first commits', async () => {
    const row = await given();
    const [a, b] = [ds.createQueryRunner(), ds.createQueryRunner()];
    try {
      await a.startTransaction();
      await b.startTransaction();
      const [{ pid }] = await b.query(`SELECT pg_backend_pid() AS pid`);
      await write(a.manager, row, 'by A');
      // B's UPDATE waits on A's row lock, then re-reads the row A committed and finds the version moved on
      const pendingB = refusal(write(b.manager, row, 'by B'));
      await waitUntilWaitingOnLock(pid);
      await a.commitTransaction();
      expect(await pendingB).toMatchObject({ code: CommonErrorCode.STALE_VERSION, extra: { currentVersion: 2 } });
      await b.rollbackTransaction();
    } finally {
      await a.release();
      await b.release();
    }
    expect(await stored(row.id)).toMatchObject({ label: 'by A', version: 2 });
  });

  it('should answer 404 NOT_FOUND, writing nothing, when the row is missing or fails the extra condition', async () => {
    const deleted = await given('gone', true);
    expect(await refusal(write(ds.manager, deleted, 'revived'))).toMatchObject({ code: CommonErrorCode.NOT_FOUND, status: 404, message: 'Probe not found' });
    expect(await stored(deleted.id)).toMatchObject({ label: 'gone', version: 1 });
    expect(await refusal(write(ds.manager, { id: '00000000-0000-4000-8000-000000000000', version: 1 }, 'x'))).toMatchObject({
      code: CommonErrorCode.NOT_FOUND,
    });
  });

  async function waitUntilWaitingOnLock(pid: number): Promise<void> {
    for (let i = 0; i < 200; i++) {
      const [s] = await ds.query(`SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1`, [pid]);
      if (s?.wait_event_type === 'Lock') return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`backend ${pid} never waited on a lock`);
  }
});
