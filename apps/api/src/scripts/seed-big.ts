import { parseArgs } from 'node:util';
import { DataKeyConfigError, FieldCipher, parseDataKeys, runMigrations } from '@kaytuu/shared';
import { seedBig } from '../seed/big-seed';

// `npm run seed:big -- --returnees 1000000 [--seed 1] [--append] [--batch 50000]`: migrate, then fill DATABASE_URL with a
// large synthetic dataset (≈ 3 cases and ≈ 10 case events per returnee) and print the time per table.
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      returnees: { type: 'string', default: '100000' },
      seed: { type: 'string', default: '1' },
      append: { type: 'boolean', default: false },
      batch: { type: 'string', default: '50000' },
    },
  });
  const returnees = Number(values.returnees);
  const seed = Number(values.seed);
  const batchSize = Number(values.batch);
  if (!Number.isInteger(returnees) || returnees < 1) throw new Error('--returnees must be a positive integer');
  if (!Number.isInteger(seed) || seed < 0) throw new Error('--seed must be a non-negative integer');
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error('--batch must be a positive integer');
  // only the database is needed here, not the API's full configuration
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is not set');
  // the API's data keys: PINs, phones and health details are written encrypted, readable by an API with the same keys
  let cipher: FieldCipher;
  try {
    cipher = new FieldCipher(parseDataKeys(process.env));
  } catch (err) {
    throw err instanceof DataKeyConfigError ? new Error(`${err.message} (use the keys the API will run with)`) : err;
  }
  await runMigrations(databaseUrl);
  console.log(`Seeding ${returnees} returnees (seed ${seed})…`);
  const res = await seedBig(databaseUrl, { returnees, seed, cipher, append: values.append, batchSize, log: (l) => console.log(l) });
  const rows = Object.entries(res.millis).map(([table, ms]) => ({ table, rows: res.counts[table] ?? '', seconds: +(ms / 1000).toFixed(1) }));
  console.table(rows);
  console.log(`Total ${(res.totalMillis / 1000).toFixed(1)} s`);
}

main().catch((err: unknown) => {
  console.error('seed:big failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
