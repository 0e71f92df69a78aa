import { parseArgs } from 'node:util';
import { DataKeyConfigError, FieldCipher, parseDataKeys, runMigrations } from '@kaytuu/shared';
import { countStaleValues, rotateDataKeys } from './key-rotation';

// `npm run rotate-keys -- [--batch 1000]`: re-encrypt every PIN, phone, health details and staged import row still
// under an older data key with the current one (DATA_KEY_ID), against DATA_KEYS / DATABASE_URL. Rotating a key:
// 1. add the new key first in DATA_KEYS and point DATA_KEY_ID at it (keep the old one listed), restart the API and
//    the worker (new writes use the new key; old values still decrypt);
// 2. run this command (resumable: run it again after an interruption);
// 3. remove the old key from DATA_KEYS and restart.
// The HMAC key (DATA_HMAC_KEY) is not rotated by this command. Exit code 1 if values remain under an old key.
async function main(): Promise<number> {
  const { values } = parseArgs({ options: { batch: { type: 'string', default: '1000' } } });
  const batch = Number(values.batch);
  if (!Number.isInteger(batch) || batch < 1 || batch > 100_000) throw new Error('--batch must be an integer from 1 to 100000');
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is not set');
  let cipher: FieldCipher;
  try {
    cipher = new FieldCipher(parseDataKeys(process.env));
  } catch (err) {
    throw err instanceof DataKeyConfigError ? new Error(err.message) : err;
  }
  await runMigrations(databaseUrl);
  console.log(`Re-encrypting personal data under key "${cipher.currentKeyId}" in batches of ${batch}…`);
  const done = await rotateDataKeys(databaseUrl, cipher, {
    batch,
    onProgress: ({ table, done, total }) => console.log(`  ${table}: ${done}/${total}`),
  });
  const left = await countStaleValues(databaseUrl, cipher.currentKeyId);
  const remaining = Object.values(left).reduce((a, b) => a + b, 0);
  console.log(
    `Re-encrypted ${Object.entries(done)
      .map(([t, n]) => `${n} ${t}`)
      .join(', ')} rows.`,
  );
  if (remaining > 0) {
    console.log(`${remaining} rows still use an older key (they were being edited): run the command again.`);
    return 1;
  }
  console.log(`Every value now uses key "${cipher.currentKeyId}"; older keys can be removed from DATA_KEYS.`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`rotate-keys failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
