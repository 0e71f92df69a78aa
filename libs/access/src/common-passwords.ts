import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

export const COMMON_PASSWORD_MESSAGE = 'is too common; choose another';
const FILE = 'common-passwords.txt';

// The list (scripts/build-common-passwords.mjs) sits next to this file in the sources; from dist/ it is found at
// libs/access/src/ under the nearest ancestor that has it (the Docker image copies it there).
function locate(): string {
  if (existsSync(join(__dirname, FILE))) return join(__dirname, FILE);
  for (let dir = __dirname; dirname(dir) !== dir; dir = dirname(dir)) {
    const candidate = join(dir, 'libs/access/src', FILE);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`${FILE} not found above ${__dirname}: run node scripts/build-common-passwords.mjs`);
}

// Read once, when the module is first loaded (at startup, through the DTOs).
const COMMON = new Set(
  readFileSync(locate(), 'utf8')
    .split('\n')
    .map((w) => w.trim())
    .filter(Boolean),
);

export function isCommonPassword(password: string): boolean {
  return COMMON.has(password.trim().toLowerCase());
}

// The password is the user's email, its local part, or their full name (with or without the spaces).
export function isPersonalPassword(password: string, email: string | null, fullName: string | null): boolean {
  const p = password.trim().toLowerCase();
  const personal: string[] = [];
  if (email) personal.push(email.trim().toLowerCase(), email.trim().split('@')[0].toLowerCase());
  if (fullName) personal.push(fullName.trim().toLowerCase(), fullName.replace(/\s+/g, '').toLowerCase());
  return personal.some((x) => x.length > 0 && x === p);
}

// A password is rejected when it is in the shipped list of common passwords (case-insensitively), or when it is the
// user's own email, its local part or their full name (given in the same body as `email` / `fullName`).
export function NotCommonPassword(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'notCommonPassword',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: COMMON_PASSWORD_MESSAGE, ...options },
      validator: {
        validate(value: unknown, args: ValidationArguments): boolean {
          if (typeof value !== 'string') return true;
          const password = value.trim().toLowerCase();
          if (isCommonPassword(password)) return false;
          const body = args.object as { email?: unknown; fullName?: unknown };
          return !isPersonalPassword(password, typeof body.email === 'string' ? body.email : null, typeof body.fullName === 'string' ? body.fullName : null);
        },
      },
    });
}
