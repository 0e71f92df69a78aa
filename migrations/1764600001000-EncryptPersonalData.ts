import { MigrationInterface, QueryRunner } from 'typeorm';
import { AAD, DataKeyConfigError, FieldCipher, parseDataKeys } from '../libs/shared/src/crypto/field-cipher';

// Personal data encrypted at rest by the application (issue 8): a returnee's PIN and phone, a health case's details and
// the staged rows of CSV imports. Each value becomes `v1.<keyId>.<base64>` (AES-256-GCM, FieldCipher); PIN and phone
// get a keyed hash (HMAC-SHA256) column for exact search, duplicate checks and the PIN's unique index. Existing rows are
// encrypted here, in batches, with the keys of the environment the migration runs in (DATA_KEYS, DATA_KEY_ID,
// DATA_HMAC_KEY, the same as the API's); then the clear columns are dropped. An empty database needs no keys.
const BATCH = 5000;

type ReturneeRow = { id: string; pin: string | null; phone: string | null };
type CaseRow = { id: string; details: Record<string, unknown> };
type ImportRow = { importId: string; line: number; raw: unknown; values: Record<string, unknown> | null; pin: string | null };

function cipherFromEnv(pending: string): FieldCipher {
  try {
    return new FieldCipher(parseDataKeys(process.env));
  } catch (err) {
    if (!(err instanceof DataKeyConfigError)) throw err;
    throw new Error(
      `EncryptPersonalData: there is personal data to encrypt (${pending}), but the data keys are not configured (${err.message}). Set DATA_KEYS, DATA_KEY_ID and DATA_HMAC_KEY as for the API and run the migrations again.`,
      { cause: err },
    );
  }
}

export class EncryptPersonalData1764600001000 implements MigrationInterface {
  name = 'EncryptPersonalData1764600001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE returnee ADD COLUMN pin_enc text, ADD COLUMN pin_hmac text, ADD COLUMN phone_enc text, ADD COLUMN phone_hmac text`);
    await q.query(`ALTER TABLE case_file ADD COLUMN details_enc text`);
    await q.query(`ALTER TABLE import_row ADD COLUMN raw_enc text, ADD COLUMN pin_hmac text`);

    const [{ r, c, i }] = await q.query(
      `SELECT (SELECT count(*) FROM returnee WHERE pin IS NOT NULL OR phone IS NOT NULL)::int AS r,
              (SELECT count(*) FROM case_file WHERE type = 'health_referral')::int AS c,
              (SELECT count(*) FROM import_row)::int AS i`,
    );
    if (r + c + i > 0) {
      const cipher = cipherFromEnv(`rows of returnee: ${r}, of case_file: ${c}, of import_row: ${i}`);
      await encryptReturnees(q, cipher);
      await encryptHealthDetails(q, cipher);
      await encryptImportRows(q, cipher);
    }

    await q.query(`DROP INDEX returnee_pin_uq`);
    await q.query(`DROP INDEX returnee_phone_idx`);
    await q.query(`ALTER TABLE returnee DROP COLUMN pin, DROP COLUMN phone`);
    await q.query(`CREATE UNIQUE INDEX returnee_pin_hmac_uq ON returnee (pin_hmac) WHERE pin_hmac IS NOT NULL AND deleted_at IS NULL`);
    await q.query(`CREATE INDEX returnee_phone_hmac_idx ON returnee (phone_hmac)`);
    // a ciphertext always comes with its hash, and nothing but a ciphertext goes into the *_enc columns
    await q.query(`ALTER TABLE returnee
      ADD CONSTRAINT returnee_pin_enc_check CHECK ((pin_enc IS NULL) = (pin_hmac IS NULL) AND (pin_enc IS NULL OR pin_enc LIKE 'v1.%')),
      ADD CONSTRAINT returnee_phone_enc_check CHECK ((phone_enc IS NULL) = (phone_hmac IS NULL) AND (phone_enc IS NULL OR phone_enc LIKE 'v1.%'))`);
    // health details never in clear: only the ciphertext, for health cases only
    await q.query(`ALTER TABLE case_file ADD CONSTRAINT case_file_details_enc_check
      CHECK (CASE WHEN type = 'health_referral' THEN details = '{}'::jsonb AND details_enc LIKE 'v1.%' ELSE details_enc IS NULL END)`);
    await q.query(`ALTER TABLE import_row DROP COLUMN raw, DROP COLUMN pin`);
    await q.query(`ALTER TABLE import_row ALTER COLUMN raw_enc SET NOT NULL, ADD CONSTRAINT import_row_raw_enc_check CHECK (raw_enc LIKE 'v1.%')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE import_row DROP CONSTRAINT import_row_raw_enc_check, ADD COLUMN raw jsonb, ADD COLUMN pin text`);
    await q.query(`ALTER TABLE case_file DROP CONSTRAINT case_file_details_enc_check`);
    await q.query(
      `ALTER TABLE returnee DROP CONSTRAINT returnee_pin_enc_check, DROP CONSTRAINT returnee_phone_enc_check, ADD COLUMN pin text, ADD COLUMN phone text`,
    );
    const [{ n }] = await q.query(
      `SELECT ((SELECT count(*) FROM returnee WHERE pin_enc IS NOT NULL OR phone_enc IS NOT NULL)
             + (SELECT count(*) FROM case_file WHERE details_enc IS NOT NULL) + (SELECT count(*) FROM import_row))::int AS n`,
    );
    if (n > 0) await decryptAll(q, cipherFromEnv(`encrypted rows: ${n}`));
    await q.query(`DROP INDEX returnee_pin_hmac_uq`);
    await q.query(`DROP INDEX returnee_phone_hmac_idx`);
    await q.query(`ALTER TABLE returnee DROP COLUMN pin_enc, DROP COLUMN pin_hmac, DROP COLUMN phone_enc, DROP COLUMN phone_hmac`);
    await q.query(`ALTER TABLE returnee ADD CONSTRAINT returnee_pin_check CHECK (pin IS NULL OR pin ~ '^[0-9]{14}$'),
      ADD CONSTRAINT returnee_phone_check CHECK (phone IS NULL OR phone ~ '^\\+996[0-9]{9}$')`);
    await q.query(`CREATE UNIQUE INDEX returnee_pin_uq ON returnee (pin) WHERE pin IS NOT NULL AND deleted_at IS NULL`);
    await q.query(`CREATE INDEX returnee_phone_idx ON returnee (phone)`);
    await q.query(`ALTER TABLE case_file DROP COLUMN details_enc`);
    await q.query(`ALTER TABLE import_row DROP COLUMN raw_enc, DROP COLUMN pin_hmac`);
    await q.query(`ALTER TABLE import_row ALTER COLUMN raw SET NOT NULL`);
  }
}

async function encryptReturnees(q: QueryRunner, cipher: FieldCipher): Promise<void> {
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows: ReturneeRow[] = await q.query(
      `SELECT id, pin, phone FROM returnee WHERE (pin IS NOT NULL OR phone IS NOT NULL) AND id > $1 ORDER BY id LIMIT ${BATCH}`,
      [after],
    );
    if (rows.length === 0) return;
    await q.query(
      `UPDATE returnee r SET pin_enc = u.pin_enc, pin_hmac = u.pin_hmac, phone_enc = u.phone_enc, phone_hmac = u.phone_hmac
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[]) AS u(id, pin_enc, pin_hmac, phone_enc, phone_hmac)
        WHERE r.id = u.id`,
      [
        rows.map((x) => x.id),
        rows.map((x) => cipher.encryptNullable(x.pin, AAD.returneePin)),
        rows.map((x) => cipher.pinHmacNullable(x.pin)),
        rows.map((x) => cipher.encryptNullable(x.phone, AAD.returneePhone)),
        rows.map((x) => cipher.phoneHmacNullable(x.phone)),
      ],
    );
    after = rows[rows.length - 1].id;
  }
}

async function encryptHealthDetails(q: QueryRunner, cipher: FieldCipher): Promise<void> {
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows: CaseRow[] = await q.query(`SELECT id, details FROM case_file WHERE type = 'health_referral' AND id > $1 ORDER BY id LIMIT ${BATCH}`, [after]);
    if (rows.length === 0) return;
    await q.query(`UPDATE case_file c SET details = '{}'::jsonb, details_enc = u.enc FROM unnest($1::uuid[], $2::text[]) AS u(id, enc) WHERE c.id = u.id`, [
      rows.map((x) => x.id),
      rows.map((x) => cipher.encryptJson(x.details, AAD.caseDetails)),
    ]);
    after = rows[rows.length - 1].id;
  }
}

// Staged import rows: the raw cells encrypted whole; the checked values get the returnee columns' ciphertexts and
// hashes in place of PIN and phone (what the import's set-based insert now reads); the PIN column becomes its hash.
async function encryptImportRows(q: QueryRunner, cipher: FieldCipher): Promise<void> {
  let after: [string, number] = ['00000000-0000-0000-0000-000000000000', -1];
  for (;;) {
    const rows: ImportRow[] = await q.query(
      `SELECT import_id AS "importId", line, raw, "values", pin FROM import_row WHERE (import_id, line) > ($1::uuid, $2::int) ORDER BY import_id, line LIMIT ${BATCH}`,
      after,
    );
    if (rows.length === 0) return;
    const sealed = rows.map((x) => {
      if (!x.values) return null;
      const { pin, phone, ...rest } = x.values as { pin?: string | null; phone?: string | null };
      return JSON.stringify({
        ...rest,
        pinEnc: cipher.encryptNullable(pin, AAD.returneePin),
        pinHmac: cipher.pinHmacNullable(pin),
        phoneEnc: cipher.encryptNullable(phone, AAD.returneePhone),
        phoneHmac: cipher.phoneHmacNullable(phone),
      });
    });
    await q.query(
      `UPDATE import_row r SET raw_enc = u.raw_enc, "values" = u.vals::jsonb, pin_hmac = u.pin_hmac
         FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::text[]) AS u(import_id, line, raw_enc, vals, pin_hmac)
        WHERE r.import_id = u.import_id AND r.line = u.line`,
      [
        rows.map((x) => x.importId),
        rows.map((x) => x.line),
        rows.map((x) => cipher.encryptJson(x.raw, AAD.importRaw)),
        sealed,
        rows.map((x) => cipher.pinHmacNullable(x.pin)),
      ],
    );
    const last = rows[rows.length - 1];
    after = [last.importId, last.line];
  }
}

async function decryptAll(q: QueryRunner, cipher: FieldCipher): Promise<void> {
  const returnees: Array<{ id: string; pinEnc: string | null; phoneEnc: string | null }> = await q.query(
    `SELECT id, pin_enc AS "pinEnc", phone_enc AS "phoneEnc" FROM returnee WHERE pin_enc IS NOT NULL OR phone_enc IS NOT NULL`,
  );
  for (let k = 0; k < returnees.length; k += BATCH) {
    const part = returnees.slice(k, k + BATCH);
    await q.query(`UPDATE returnee r SET pin = u.pin, phone = u.phone FROM unnest($1::uuid[], $2::text[], $3::text[]) AS u(id, pin, phone) WHERE r.id = u.id`, [
      part.map((x) => x.id),
      part.map((x) => cipher.decryptNullable(x.pinEnc, AAD.returneePin)),
      part.map((x) => cipher.decryptNullable(x.phoneEnc, AAD.returneePhone)),
    ]);
  }
  const cases: Array<{ id: string; enc: string }> = await q.query(`SELECT id, details_enc AS enc FROM case_file WHERE details_enc IS NOT NULL`);
  for (let k = 0; k < cases.length; k += BATCH) {
    const part = cases.slice(k, k + BATCH);
    await q.query(`UPDATE case_file c SET details = u.details::jsonb FROM unnest($1::uuid[], $2::text[]) AS u(id, details) WHERE c.id = u.id`, [
      part.map((x) => x.id),
      part.map((x) => cipher.decrypt(x.enc, AAD.caseDetails)),
    ]);
  }
  const staged: Array<{ importId: string; line: number; rawEnc: string; values: Record<string, unknown> | null }> = await q.query(
    `SELECT import_id AS "importId", line, raw_enc AS "rawEnc", "values" FROM import_row`,
  );
  for (let k = 0; k < staged.length; k += BATCH) {
    const part = staged.slice(k, k + BATCH);
    const values = part.map((x) => {
      if (!x.values) return null;
      const { pinEnc, pinHmac: _p, phoneEnc, phoneHmac: _f, ...rest } = x.values as Record<string, string | null>;
      return JSON.stringify({ ...rest, pin: cipher.decryptNullable(pinEnc, AAD.returneePin), phone: cipher.decryptNullable(phoneEnc, AAD.returneePhone) });
    });
    await q.query(
      `UPDATE import_row r SET raw = u.raw::jsonb, "values" = u.vals::jsonb, pin = u.vals::jsonb->>'pin'
         FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[]) AS u(import_id, line, raw, vals)
        WHERE r.import_id = u.import_id AND r.line = u.line`,
      [part.map((x) => x.importId), part.map((x) => x.line), part.map((x) => cipher.decrypt(x.rawEnc, AAD.importRaw)), values],
    );
  }
}
