import { FieldCipher, parseDataKeys } from '../../libs/shared/src/crypto/field-cipher';

// Fixed data keys for tests (never used anywhere else): the API, the worker, the CLIs and the SQL factories of a test
// all encrypt and decrypt with these unless a test sets its own.
export const TEST_DATA_KEYS_ENV: Record<string, string> = {
  DATA_KEYS: `t1:${Buffer.alloc(32, 1).toString('base64')}`,
  DATA_KEY_ID: 't1',
  DATA_HMAC_KEY: Buffer.alloc(32, 2).toString('base64'),
};

export function testCipher(env: Record<string, string | undefined> = TEST_DATA_KEYS_ENV): FieldCipher {
  return new FieldCipher(parseDataKeys({ ...TEST_DATA_KEYS_ENV, ...env }));
}
