import { Client } from 'pg';
import { AAD, FieldCipher } from '@kaytuu/shared';

// Re-encrypts every stored value whose key id is not the current one (DATA_KEY_ID), in batches of `batch` rows, each
// batch in its own transaction with its rows locked, so the API keeps running and a stopped run resumes where it left
// off (it selects by key id, so rows already done are never read again). Values keep their meaning: no version bump,
// no updated_at change. The keyed hashes (pin_hmac, phone_hmac) stay as they are: the HMAC key is not rotated.

export type RotationProgress = { table: string; done: number; total: number };
export type RotationResult = Record<string, number>;

type Target = {
  table: string;
  // rows holding a value under another key; `$1` is the current key id
  stale: string;
  key: string[];
  columns: string[];
  // the re-encrypted values of one row, by column
  reseal(row: Record<string, unknown>, c: FieldCipher): Record<string, unknown>;
  update: string;
};

const otherKey = (col: string) => `(${col} IS NOT NULL AND split_part(${col}, '.', 2) <> $1)`;
const reseal = (c: FieldCipher, v: unknown, aad: string) => (typeof v === 'string' ? c.reencrypt(v, aad) : v);

const TARGETS: Target[] = [
  {
    table: 'returnee',
    stale: `${otherKey('pin_enc')} OR ${otherKey('phone_enc')}`,
    key: ['id'],
    columns: ['pin_enc', 'phone_enc'],
    reseal: (r, c) => ({ pin_enc: reseal(c, r.pin_enc, AAD.returneePin), phone_enc: reseal(c, r.phone_enc, AAD.returneePhone) }),
    update: `UPDATE returnee t SET pin_enc = u.pin_enc, phone_enc = u.phone_enc
               FROM jsonb_to_recordset($1::jsonb) AS u(id uuid, pin_enc text, phone_enc text) WHERE t.id = u.id`,
  },
  {
    table: 'case_file',
    stale: otherKey('details_enc'),
    key: ['id'],
    columns: ['details_enc'],
    reseal: (r, c) => ({ details_enc: reseal(c, r.details_enc, AAD.caseDetails) }),
    update: `UPDATE case_file t SET details_enc = u.details_enc FROM jsonb_to_recordset($1::jsonb) AS u(id uuid, details_enc text) WHERE t.id = u.id`,
  },
  {
    // staged import rows: the raw cells, and the sealed PIN and phone inside the checked values
    table: 'import_row',
    stale: `${otherKey('raw_enc')} OR ${otherKey(`"values"->>'pinEnc'`)} OR ${otherKey(`"values"->>'phoneEnc'`)}`,
    key: ['import_id', 'line'],
    columns: ['raw_enc', '"values"'],
    reseal: (r, c) => {
      const values = r.values as Record<string, unknown> | null;
      return {
        raw_enc: reseal(c, r.raw_enc, AAD.importRaw),
        values: values
          ? { ...values, pinEnc: reseal(c, values.pinEnc ?? null, AAD.returneePin), phoneEnc: reseal(c, values.phoneEnc ?? null, AAD.returneePhone) }
          : null,
      };
    },
    update: `UPDATE import_row t SET raw_enc = u.raw_enc, "values" = u."values"
               FROM jsonb_to_recordset($1::jsonb) AS u(import_id uuid, line int, raw_enc text, "values" jsonb) WHERE t.import_id = u.import_id AND t.line = u.line`,
  },
  {
    // counselling and visit notes (the blind index, search_tokens, is keyed by the HMAC key and stays as it is)
    table: 'returnee_note',
    stale: otherKey('text_enc'),
    key: ['id'],
    columns: ['text_enc'],
    reseal: (r, c) => ({ text_enc: reseal(c, r.text_enc, AAD.returneeNoteText) }),
    update: `UPDATE returnee_note t SET text_enc = u.text_enc FROM jsonb_to_recordset($1::jsonb) AS u(id uuid, text_enc text) WHERE t.id = u.id`,
  },
  {
    // document recovery items: the note (libs/recovery, AAD recovery_item.note)
    table: 'recovery_item',
    stale: otherKey('note_enc'),
    key: ['id'],
    columns: ['note_enc'],
    reseal: (r, c) => ({ note_enc: reseal(c, r.note_enc, 'recovery_item.note') }),
    update: `UPDATE recovery_item t SET note_enc = u.note_enc FROM jsonb_to_recordset($1::jsonb) AS u(id uuid, note_enc text) WHERE t.id = u.id`,
  },
  {
    // assistance items: the justification, the reasons and the verification note (libs/assistance, AAD assistance_item.<column>)
    table: 'assistance_item',
    stale: `${otherKey('justification_enc')} OR ${otherKey('rejection_reason_enc')} OR ${otherKey('verification_note_enc')} OR ${otherKey('cancel_reason_enc')}`,
    key: ['id'],
    columns: ['justification_enc', 'rejection_reason_enc', 'verification_note_enc', 'cancel_reason_enc'],
    reseal: (r, c) => ({
      justification_enc: reseal(c, r.justification_enc, 'assistance_item.justification'),
      rejection_reason_enc: reseal(c, r.rejection_reason_enc, 'assistance_item.rejection_reason'),
      verification_note_enc: reseal(c, r.verification_note_enc, 'assistance_item.verification_note'),
      cancel_reason_enc: reseal(c, r.cancel_reason_enc, 'assistance_item.cancel_reason'),
    }),
    update: `UPDATE assistance_item t SET justification_enc = u.justification_enc, rejection_reason_enc = u.rejection_reason_enc, verification_note_enc = u.verification_note_enc, cancel_reason_enc = u.cancel_reason_enc
               FROM jsonb_to_recordset($1::jsonb) AS u(id uuid, justification_enc text, rejection_reason_enc text, verification_note_enc text, cancel_reason_enc text) WHERE t.id = u.id`,
  },
  {
    // 1+1 applications: the rejection reason (libs/assistance, AAD matching_application.rejection_reason)
    table: 'matching_application',
    stale: otherKey('rejection_reason_enc'),
    key: ['id'],
    columns: ['rejection_reason_enc'],
    reseal: (r, c) => ({ rejection_reason_enc: reseal(c, r.rejection_reason_enc, 'matching_application.rejection_reason') }),
    update: `UPDATE matching_application t SET rejection_reason_enc = u.rejection_reason_enc
               FROM jsonb_to_recordset($1::jsonb) AS u(id uuid, rejection_reason_enc text) WHERE t.id = u.id`,
  },
  {
    // business-survival checks of 1+1 grants: the note (AAD business_survival_check.note)
    table: 'business_survival_check',
    stale: otherKey('note_enc'),
    key: ['id'],
    columns: ['note_enc'],
    reseal: (r, c) => ({ note_enc: reseal(c, r.note_enc, 'business_survival_check.note') }),
    update: `UPDATE business_survival_check t SET note_enc = u.note_enc FROM jsonb_to_recordset($1::jsonb) AS u(id uuid, note_enc text) WHERE t.id = u.id`,
  },
  {
    // reversals of disbursed assistance: the reason (AAD assistance_disbursement.reason)
    table: 'assistance_disbursement',
    stale: otherKey('reason_enc'),
    key: ['id'],
    columns: ['reason_enc'],
    reseal: (r, c) => ({ reason_enc: reseal(c, r.reason_enc, 'assistance_disbursement.reason') }),
    update: `UPDATE assistance_disbursement t SET reason_enc = u.reason_enc FROM jsonb_to_recordset($1::jsonb) AS u(id uuid, reason_enc text) WHERE t.id = u.id`,
  },
  {
    // messages to and from returnees: the text (libs/messaging, AAD message.body)
    table: 'message',
    stale: otherKey('body_enc'),
    key: ['id'],
    columns: ['body_enc'],
    reseal: (r, c) => ({ body_enc: reseal(c, r.body_enc, AAD.messageBody) }),
    update: `UPDATE message t SET body_enc = u.body_enc FROM jsonb_to_recordset($1::jsonb) AS u(id uuid, body_enc text) WHERE t.id = u.id`,
  },
  {
    // a returnee's linked Telegram chat (its blind index, telegram_chat_hmac, is keyed by the HMAC key and stays)
    table: 'message_contact',
    stale: otherKey('telegram_chat_id_enc'),
    key: ['returnee_id'],
    columns: ['telegram_chat_id_enc'],
    reseal: (r, c) => ({ telegram_chat_id_enc: reseal(c, r.telegram_chat_id_enc, AAD.telegramChatId) }),
    update: `UPDATE message_contact t SET telegram_chat_id_enc = u.telegram_chat_id_enc
               FROM jsonb_to_recordset($1::jsonb) AS u(returnee_id uuid, telegram_chat_id_enc text) WHERE t.returnee_id = u.returnee_id`,
  },
  {
    // documents: each file's data key (and its thumbnail's), wrapped under DATA_KEYS; the files themselves are not
    // rewritten (storage/encrypted-files.ts)
    table: 'document_version',
    stale: `${otherKey('wrapped_key')} OR ${otherKey('thumb_wrapped_key')}`,
    key: ['id'],
    columns: ['wrapped_key', 'thumb_wrapped_key'],
    reseal: (r, c) => ({ wrapped_key: reseal(c, r.wrapped_key, AAD.fileDataKey), thumb_wrapped_key: reseal(c, r.thumb_wrapped_key, AAD.fileDataKey) }),
    update: `UPDATE document_version t SET wrapped_key = u.wrapped_key, thumb_wrapped_key = u.thumb_wrapped_key
               FROM jsonb_to_recordset($1::jsonb) AS u(id uuid, wrapped_key text, thumb_wrapped_key text) WHERE t.id = u.id`,
  },
  {
    // needs assessments: the answers (the scores stay in the clear for the reports)
    table: 'needs_assessment',
    stale: otherKey('answers_enc'),
    key: ['id'],
    columns: ['answers_enc'],
    reseal: (r, c) => ({ answers_enc: reseal(c, r.answers_enc, AAD.needsAssessmentAnswers) }),
    update: `UPDATE needs_assessment t SET answers_enc = u.answers_enc FROM jsonb_to_recordset($1::jsonb) AS u(id uuid, answers_enc text) WHERE t.id = u.id`,
  },
  {
    // reintegration plans: a goal's text and its last progress, an action's text, a review's progress per goal
    table: 'plan_goal',
    stale: `${otherKey('text_enc')} OR ${otherKey('last_progress_enc')}`,
    key: ['id'],
    columns: ['text_enc', 'last_progress_enc'],
    reseal: (r, c) => ({ text_enc: reseal(c, r.text_enc, AAD.planGoalText), last_progress_enc: reseal(c, r.last_progress_enc, AAD.planProgress) }),
    update: `UPDATE plan_goal t SET text_enc = u.text_enc, last_progress_enc = u.last_progress_enc
               FROM jsonb_to_recordset($1::jsonb) AS u(id uuid, text_enc text, last_progress_enc text) WHERE t.id = u.id`,
  },
  {
    table: 'plan_action',
    stale: otherKey('text_enc'),
    key: ['id'],
    columns: ['text_enc'],
    reseal: (r, c) => ({ text_enc: reseal(c, r.text_enc, AAD.planActionText) }),
    update: `UPDATE plan_action t SET text_enc = u.text_enc FROM jsonb_to_recordset($1::jsonb) AS u(id uuid, text_enc text) WHERE t.id = u.id`,
  },
  {
    table: 'plan_review_goal',
    stale: otherKey('progress_enc'),
    key: ['review_id', 'goal_id'],
    columns: ['progress_enc'],
    reseal: (r, c) => ({ progress_enc: reseal(c, r.progress_enc, AAD.planProgress) }),
    update: `UPDATE plan_review_goal t SET progress_enc = u.progress_enc
               FROM jsonb_to_recordset($1::jsonb) AS u(review_id uuid, goal_id uuid, progress_enc text) WHERE t.review_id = u.review_id AND t.goal_id = u.goal_id`,
  },
];

export async function rotateDataKeys(
  databaseUrl: string,
  cipher: FieldCipher,
  opts: { batch?: number; onProgress?: (p: RotationProgress) => void } = {},
): Promise<RotationResult> {
  const batch = opts.batch ?? 1000;
  const db = new Client({ connectionString: databaseUrl, application_name: 'kaytuu-rotate-keys' });
  await db.connect();
  const result: RotationResult = {};
  try {
    for (const t of TARGETS) {
      const cur = [cipher.currentKeyId];
      const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM ${t.table} WHERE ${t.stale}`, cur)).rows;
      let done = 0;
      opts.onProgress?.({ table: t.table, done, total: n });
      for (;;) {
        await db.query('BEGIN');
        try {
          // SKIP LOCKED: a row a user is editing right now is taken in a later batch instead of waiting for them
          const rows: Array<Record<string, unknown>> = (
            await db.query(
              `SELECT ${[...t.key, ...t.columns].join(', ')} FROM ${t.table} WHERE ${t.stale} ORDER BY ${t.key.join(', ')} LIMIT ${batch} FOR UPDATE SKIP LOCKED`,
              cur,
            )
          ).rows;
          if (rows.length === 0) {
            await db.query('COMMIT');
            break;
          }
          const sealed = rows.map((r) => ({ ...Object.fromEntries(t.key.map((k) => [k, r[k]])), ...t.reseal(r, cipher) }));
          await db.query(t.update, [JSON.stringify(sealed)]);
          await db.query('COMMIT');
          done += rows.length;
          opts.onProgress?.({ table: t.table, done, total: Math.max(n, done) });
        } catch (err) {
          await db.query('ROLLBACK').catch(() => undefined);
          throw err;
        }
      }
      result[t.table] = done;
    }
    return result;
  } finally {
    await db.end();
  }
}

// Values still under a key other than the current one, per table (0 everywhere after a complete rotation).
export async function countStaleValues(databaseUrl: string, currentKeyId: string): Promise<Record<string, number>> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const out: Record<string, number> = {};
    for (const t of TARGETS) out[t.table] = (await db.query(`SELECT count(*)::int AS n FROM ${t.table} WHERE ${t.stale}`, [currentKeyId])).rows[0].n;
    return out;
  } finally {
    await db.end();
  }
}
