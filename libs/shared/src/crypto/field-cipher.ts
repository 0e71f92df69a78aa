import { createCipheriv, createDecipheriv, createHmac, createSecretKey, KeyObject, randomBytes, randomFillSync } from 'node:crypto';

// Application-level encryption of personal data at rest (PIN, phone, health details, staged import rows).
// A value is stored as text `v1.<keyId>.<base64(iv | ciphertext | tag)>`: AES-256-GCM with a random 12-byte IV per
// value, and the column's name (table.column) as additional authenticated data, so a ciphertext copied into another
// column fails to decrypt. The key id travels with each value, so old keys keep decrypting until the rotation command
// has re-encrypted everything under the current one. Exact search uses a keyed hash (HMAC-SHA256, a separate key)
// of the normalised value, which the database can index; that key is not rotated (a new one would need every hash
// recomputed from the decrypted values: a planned migration, not the rotation command).
// Self-contained on purpose (node:crypto only): migrations import it without the rest of @kaytuu/shared.

export const CIPHER_VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const MIN_HMAC_KEY_BYTES = 32;
const KEY_ID_RE = /^[A-Za-z0-9_-]{1,32}$/;

// Where each encrypted value lives: the AAD of its ciphertext.
export const AAD = {
  returneePin: 'returnee.pin',
  returneePhone: 'returnee.phone',
  caseDetails: 'case_file.details',
  importRaw: 'import_row.raw',
  returneeNoteText: 'returnee_note.text',
  needsAssessmentAnswers: 'needs_assessment.answers',
  planGoalText: 'plan_goal.text',
  planActionText: 'plan_action.text',
  planProgress: 'plan_review_goal.progress',
  // the random data key of a stored file (storage/encrypted-files.ts), wrapped under DATA_KEYS; document_version's
  // wrapped_key and thumb_wrapped_key hold it
  fileDataKey: 'file.data_key',
  // messaging (issue 18): a message's text, and a returnee's linked Telegram chat id
  messageBody: 'message.body',
  telegramChatId: 'message_contact.telegram_chat_id',
} as const;

export type DataKeys = { keys: ReadonlyMap<string, Buffer>; currentKeyId: string; hmacKey: Buffer };
export type DataKeysEnv = { DATA_KEYS?: string; DATA_KEY_ID?: string; DATA_HMAC_KEY?: string };

export class DataKeyConfigError extends Error {}
export class FieldCipherError extends Error {}

// DATA_KEYS = "id:base64key,id2:base64key" (32-byte keys), DATA_KEY_ID = the id new values are written with (default:
// the first), DATA_HMAC_KEY = base64, at least 32 bytes. Messages name the variable, never a key.
export function parseDataKeys(env: DataKeysEnv): DataKeys {
  const list = (env.DATA_KEYS ?? '').trim();
  if (!list) throw new DataKeyConfigError('DATA_KEYS is not set (comma-separated id:base64key pairs; make a key with `openssl rand -base64 32`)');
  const keys = new Map<string, Buffer>();
  for (const entry of list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const sep = entry.indexOf(':');
    const id = sep > 0 ? entry.slice(0, sep) : '';
    if (!KEY_ID_RE.test(id)) throw new DataKeyConfigError('DATA_KEYS: every entry must be id:base64key, the id of letters, digits, _ or - (at most 32)');
    const key = decodeBase64(entry.slice(sep + 1));
    if (!key || key.length !== KEY_BYTES) throw new DataKeyConfigError(`DATA_KEYS: the key "${id}" must be ${KEY_BYTES} bytes in base64`);
    if (keys.has(id)) throw new DataKeyConfigError(`DATA_KEYS: the key id "${id}" appears twice`);
    keys.set(id, key);
  }
  if (keys.size === 0) throw new DataKeyConfigError('DATA_KEYS has no key');
  const currentKeyId = env.DATA_KEY_ID?.trim() || [...keys.keys()][0];
  if (!keys.has(currentKeyId)) throw new DataKeyConfigError(`DATA_KEY_ID "${currentKeyId}" is not one of the ids in DATA_KEYS`);
  const hmacKey = decodeBase64(env.DATA_HMAC_KEY ?? '');
  if (!hmacKey || hmacKey.length < MIN_HMAC_KEY_BYTES) {
    throw new DataKeyConfigError(`DATA_HMAC_KEY must be set to at least ${MIN_HMAC_KEY_BYTES} bytes in base64`);
  }
  return { keys, currentKeyId, hmacKey };
}

function decodeBase64(s: string): Buffer | null {
  const t = s.trim();
  // standard or URL-safe alphabet (`openssl rand -base64 32`, or npm start's generated files)
  if (!t || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(t)) return null;
  return Buffer.from(t, 'base64');
}

// IVs come from a pool of random bytes refilled 4 KB at a time: one call into the CSPRNG per 341 IVs instead of one
// per value (a 100,000-line CSV import encrypts 300,000 values, and a call per IV cost more than the AES itself).
// Each IV is still 12 bytes of fresh randomness, copied out and never handed out twice.
const IV_POOL_BYTES = 4096 - (4096 % IV_BYTES);
let ivPool = Buffer.alloc(0);
let ivOffset = 0;
function nextIv(): Buffer {
  if (ivOffset + IV_BYTES > ivPool.length) {
    ivPool = randomFillSync(Buffer.allocUnsafe(IV_POOL_BYTES));
    ivOffset = 0;
  }
  const iv = Buffer.from(ivPool.subarray(ivOffset, ivOffset + IV_BYTES));
  ivOffset += IV_BYTES;
  return iv;
}

export class FieldCipher {
  // the data keys as KeyObjects, made once (a raw key Buffer is imported again on every cipher)
  private readonly keyObjects = new Map<string, KeyObject>();

  constructor(private readonly dataKeys: DataKeys) {}

  get currentKeyId(): string {
    return this.dataKeys.currentKeyId;
  }

  encrypt(plain: string, aad: string): string {
    const iv = nextIv();
    const cipher = createCipheriv('aes-256-gcm', this.keyObject(this.dataKeys.currentKeyId), iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${CIPHER_VERSION}.${this.dataKeys.currentKeyId}.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64')}`;
  }

  decrypt(stored: string, aad: string): string {
    const { keyId, payload } = parse(stored);
    if (payload.length < IV_BYTES + TAG_BYTES) throw new FieldCipherError('Encrypted value is truncated');
    const decipher = createDecipheriv('aes-256-gcm', this.keyObject(keyId), payload.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(payload.subarray(payload.length - TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(payload.subarray(IV_BYTES, payload.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new FieldCipherError(`Encrypted value does not authenticate (key "${keyId}", column ${aad}): tampered, or written for another column`);
    }
  }

  encryptNullable(plain: string | null | undefined, aad: string): string | null {
    return plain === null || plain === undefined ? null : this.encrypt(plain, aad);
  }

  decryptNullable(stored: string | null | undefined, aad: string): string | null {
    return stored === null || stored === undefined ? null : this.decrypt(stored, aad);
  }

  encryptJson(value: unknown, aad: string): string {
    return this.encrypt(JSON.stringify(value), aad);
  }

  decryptJson<T>(stored: string, aad: string): T {
    return JSON.parse(this.decrypt(stored, aad)) as T;
  }

  // A file's random data key wrapped under the current key (the same v1.<keyId>.<data> text, so rotation selects it
  // by key id like any other value); unwrapped, it must be exactly 32 bytes.
  wrapDataKey(dataKey: Buffer): string {
    if (dataKey.length !== KEY_BYTES) throw new FieldCipherError(`A data key must be ${KEY_BYTES} bytes`);
    return this.encrypt(dataKey.toString('base64'), AAD.fileDataKey);
  }

  unwrapDataKey(wrapped: string): Buffer {
    const key = Buffer.from(this.decrypt(wrapped, AAD.fileDataKey), 'base64');
    if (key.length !== KEY_BYTES) throw new FieldCipherError('A wrapped data key does not hold a 32-byte key');
    return key;
  }

  // The rotation command: a value under an older key, decrypted and written again under the current one.
  isCurrent(stored: string): boolean {
    return parse(stored).keyId === this.dataKeys.currentKeyId;
  }

  reencrypt(stored: string, aad: string): string {
    return this.isCurrent(stored) ? stored : this.encrypt(this.decrypt(stored, aad), aad);
  }

  // Keyed hashes for exact search and duplicate checks; the kind is hashed in, so a PIN and a phone never collide.
  pinHmac(pin: string): string {
    return this.hmac('pin', pin.replace(/\D/g, ''));
  }

  phoneHmac(e164: string): string {
    return this.hmac('phone', e164.replace(/\D/g, ''));
  }

  // A linked Telegram chat (message_contact.telegram_chat_hmac) and a one-time link code (telegram_link_code.code_hmac).
  telegramChatHmac(chatId: string): string {
    return this.hmac('telegram_chat', chatId.trim());
  }

  linkCodeHmac(code: string): string {
    return this.hmac('telegram_link_code', code.trim());
  }

  pinHmacNullable(pin: string | null | undefined): string | null {
    return pin ? this.pinHmac(pin) : null;
  }

  phoneHmacNullable(phone: string | null | undefined): string | null {
    return phone ? this.phoneHmac(phone) : null;
  }

  private hmac(kind: string, normalised: string): string {
    return createHmac('sha256', this.dataKeys.hmacKey).update(`${kind}:${normalised}`, 'utf8').digest('hex');
  }

  private keyObject(id: string): KeyObject {
    let ko = this.keyObjects.get(id);
    if (!ko) {
      ko = createSecretKey(this.key(id));
      this.keyObjects.set(id, ko);
    }
    return ko;
  }

  private key(id: string): Buffer {
    const key = this.dataKeys.keys.get(id);
    if (!key) {
      throw new FieldCipherError(
        `Encrypted value uses key "${id}", which is not in DATA_KEYS: add that key back (DATA_KEYS=${this.dataKeys.currentKeyId}:…,${id}:…)`,
      );
    }
    return key;
  }
}

// The key id a stored value was written with (the rotation command selects by it).
export function keyIdOf(stored: string): string {
  return parse(stored).keyId;
}

function parse(stored: string): { keyId: string; payload: Buffer } {
  const first = stored.indexOf('.');
  const second = stored.indexOf('.', first + 1);
  if (first < 0 || second < 0 || stored.slice(0, first) !== CIPHER_VERSION) throw new FieldCipherError('Not an encrypted value (expected v1.<keyId>.<data>)');
  return { keyId: stored.slice(first + 1, second), payload: Buffer.from(stored.slice(second + 1), 'base64') };
}

// A fresh random key in the form DATA_KEYS and DATA_HMAC_KEY take (npm start, tools).
export function generateDataKey(bytes = KEY_BYTES): string {
  return randomBytes(bytes).toString('base64');
}
