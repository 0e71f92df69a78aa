#!/usr/bin/env node
// Writes the 10,000 most common passwords (ranked list of @zxcvbn-ts/language-common) to
// libs/access/src/common-passwords.txt, one per line, lower-case. The file is committed; the API reads it at startup
// (@NotCommonPassword). Run again only to refresh it: `node scripts/build-common-passwords.mjs [count]`.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const count = Number(process.argv[2] ?? 10_000);
if (!Number.isInteger(count) || count < 1) throw new Error(`count must be a positive integer, got ${process.argv[2]}`);
const { dictionary } = createRequire(import.meta.url)('@zxcvbn-ts/language-common');
const ranked = dictionary['passwords-common'];
if (!Array.isArray(ranked)) throw new Error('@zxcvbn-ts/language-common has no passwords-common dictionary');

const words = [...new Set(ranked.map((w) => String(w).trim().toLowerCase()).filter(Boolean))].slice(0, count);
const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'libs/access/src/common-passwords.txt');
writeFileSync(out, `${words.join('\n')}\n`);
console.log(`wrote ${words.length} passwords to ${out}`);
