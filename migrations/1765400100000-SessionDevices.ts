import { MigrationInterface, QueryRunner } from 'typeorm';

// Issue 22, sessions a user can see and end. A session is a refresh-token family; each row now carries the device it
// was signed in from (user agent, IP, copied forward on rotation) and when the session was last seen (the guard touches
// the live row at most once a minute per session). Existing rows keep nulls: the list shows them as an unknown device.
export class SessionDevices1765400100000 implements MigrationInterface {
  name = 'SessionDevices1765400100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE refresh_token ADD COLUMN user_agent text, ADD COLUMN ip text, ADD COLUMN last_seen_at timestamptz`);
    await q.query(`CREATE INDEX refresh_token_user_live_idx ON refresh_token (user_id) WHERE revoked_at IS NULL AND rotated_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX refresh_token_user_live_idx`);
    await q.query(`ALTER TABLE refresh_token DROP COLUMN user_agent, DROP COLUMN ip, DROP COLUMN last_seen_at`);
  }
}
