import { argon2id, hash, verify } from 'argon2';

// argon2id with OWASP's recommended minimums (19 MiB, 2 passes).
export function hashPassword(plain: string): Promise<string> {
  return hash(plain, { type: argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });
}

// A fixed hash to verify against when the email is unknown, so both paths cost the same time.
let dummy: Promise<string> | null = null;
export async function verifyPassword(stored: string | null, plain: string): Promise<boolean> {
  if (!stored) {
    dummy ??= hashPassword('kaytuu-timing-equaliser');
    await verify(await dummy, plain).catch(() => false);
    return false;
  }
  return verify(stored, plain).catch(() => false);
}
