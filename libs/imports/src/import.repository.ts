import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AAD, FieldCipher } from '@kaytuu/shared';

export const IMPORT_STATUSES = ['validating', 'preview', 'importing', 'done', 'failed', 'cancelled'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];
export const IMPORT_MODES = ['all_or_nothing', 'valid_rows'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];
export type DuplicateKind = 'pin' | 'name_birth_date' | 'file';

export type ImportRecord = {
  id: string; status: ImportStatus; fileName: string; columns: string[]; officeId: string; mode: ImportMode | null;
  rowCount: number; total: number; processed: number; valid: number; invalid: number; duplicates: number; imported: number; error: string | null;
  createdBy: string; createdByRole: string; createdIp: string | null; createdAt: Date; finishedAt: Date | null;
};
export type ImportScope = { kind: 'all' } | { kind: 'office'; officeId: string };
export type RawRow = { line: number; raw: string[] };
// The outcome of checking one staged line, as the validation job writes it back.
export type RowCheck = {
  line: number; values: unknown | null; errors: Record<string, string> | null; pinHmac: string | null; birthDate: string | null; skeleton: string | null;
  duplicateKind: DuplicateKind | null; duplicateOfId: string | null; duplicateOfCode: string | null; duplicateOfLine: number | null;
};
export type ProblemRow = {
  line: number; raw: string[]; errors: Record<string, string> | null;
  duplicateKind: DuplicateKind | null; duplicateOfId: string | null; duplicateOfCode: string | null; duplicateOfLine: number | null;
};
export type ProblemFilter = 'error' | 'duplicate' | 'any';

const IMPORT_COLUMNS_SQL = `id, status, file_name AS "fileName", columns, office_id AS "officeId", mode, row_count AS "rowCount", total, processed, valid, invalid, duplicates, imported,
  error, created_by AS "createdBy", created_by_role AS "createdByRole", created_ip AS "createdIp", created_at AS "createdAt", finished_at AS "finishedAt"`;
const ROW_COLUMNS_SQL = `line, raw_enc AS "rawEnc", errors, duplicate_kind AS "duplicateKind", duplicate_of_id AS "duplicateOfId", duplicate_of_code AS "duplicateOfCode",
  duplicate_of_line AS "duplicateOfLine"`;
const PROBLEM: Record<ProblemFilter, string> = {
  error: 'errors IS NOT NULL',
  duplicate: 'duplicate_kind IS NOT NULL',
  any: '(errors IS NOT NULL OR duplicate_kind IS NOT NULL)',
};
const CLEAN = 'errors IS NULL AND duplicate_kind IS NULL';
export const IMPORT_SORTABLE = ['createdAt', 'status', 'fileName'] as const;
const SORT_COLUMN: Record<(typeof IMPORT_SORTABLE)[number], string> = { createdAt: 'created_at', status: 'status', fileName: 'file_name' };

type StoredProblemRow = Omit<ProblemRow, 'raw'> & { rawEnc: string };

// The staged CSV cells hold PINs and phones as typed: each line is stored encrypted (raw_enc, AAD import_row.raw) and
// decrypted only here; the checked values hold the returnee columns' own ciphertexts (SealedBatchRecord).
@Injectable()
export class ImportRepository {
  constructor(private readonly cipher: FieldCipher) {}

  private openRaw(rawEnc: string): string[] {
    return this.cipher.decryptJson<string[]>(rawEnc, AAD.importRaw);
  }

  private openProblems(rows: StoredProblemRow[]): ProblemRow[] {
    return rows.map(({ rawEnc, ...r }) => ({ ...r, raw: this.openRaw(rawEnc) }));
  }

  async insertImport(m: EntityManager, p: { id: string; fileName: string; columns: string[]; officeId: string; total: number; createdBy: string; createdByRole: string; createdIp: string | null }): Promise<void> {
    await m.query(
      `INSERT INTO returnee_import (id, status, file_name, columns, office_id, row_count, total, created_by, created_by_role, created_ip)
       VALUES ($1, 'validating', $2, $3, $4, $5, $5, $6, $7, $8)`,
      [p.id, p.fileName, p.columns, p.officeId, p.total, p.createdBy, p.createdByRole, p.createdIp],
    );
  }

  async insertRawRows(m: EntityManager, importId: string, rows: RawRow[]): Promise<void> {
    if (rows.length === 0) return;
    await m.query(
      `INSERT INTO import_row (import_id, line, raw_enc) SELECT $1, x.line, x."rawEnc" FROM jsonb_to_recordset($2::jsonb) AS x(line int, "rawEnc" text)`,
      [importId, JSON.stringify(rows.map((r) => ({ line: r.line, rawEnc: this.cipher.encryptJson(r.raw, AAD.importRaw) })))],
    );
  }

  async findInScope(m: EntityManager, scope: ImportScope, id: string, lock = false): Promise<ImportRecord | null> {
    const rows: ImportRecord[] = await m.query(
      `SELECT ${IMPORT_COLUMNS_SQL} FROM returnee_import WHERE id = $1 ${scope.kind === 'office' ? 'AND office_id = $2' : ''} ${lock ? 'FOR UPDATE' : ''}`,
      scope.kind === 'office' ? [id, scope.officeId] : [id],
    );
    return rows[0] ?? null;
  }

  async list(m: EntityManager, scope: ImportScope, q: { status?: ImportStatus[]; officeId?: string; sort: { field: string; order: 'ASC' | 'DESC' }; offset: number; limit: number }): Promise<{ rows: ImportRecord[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, v: unknown) => where.push(sql.replace('?', `$${params.push(v)}`));
    if (scope.kind === 'office') add('office_id = ?', scope.officeId);
    if (q.officeId) add('office_id = ?', q.officeId);
    if (q.status) add('status = ANY(?)', q.status);
    const cond = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const order = `${SORT_COLUMN[q.sort.field as keyof typeof SORT_COLUMN] ?? 'created_at'} ${q.sort.order}, id`;
    const rows: ImportRecord[] = await m.query(`SELECT ${IMPORT_COLUMNS_SQL} FROM returnee_import ${cond} ORDER BY ${order} OFFSET ${q.offset} LIMIT ${q.limit}`, params);
    const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM returnee_import ${cond}`, params);
    return { rows, total: n };
  }

  async readRawBatch(m: EntityManager, importId: string, afterLine: number, limit: number): Promise<RawRow[]> {
    const rows: Array<{ line: number; rawEnc: string }> = await m.query(
      `SELECT line, raw_enc AS "rawEnc" FROM import_row WHERE import_id = $1 AND line > $2 ORDER BY line LIMIT $3`, [importId, afterLine, limit],
    );
    return rows.map((r) => ({ line: r.line, raw: this.openRaw(r.rawEnc) }));
  }

  async saveChecks(m: EntityManager, importId: string, checks: RowCheck[]): Promise<void> {
    if (checks.length === 0) return;
    await m.query(
      `UPDATE import_row r SET "values" = c."values", errors = c.errors, pin_hmac = c."pinHmac", birth_date = c."birthDate", skeleton = c.skeleton,
              duplicate_kind = c."duplicateKind", duplicate_of_id = c."duplicateOfId", duplicate_of_code = c."duplicateOfCode",
              duplicate_of_line = c."duplicateOfLine"
         FROM jsonb_to_recordset($2::jsonb) AS c(line int, "values" jsonb, errors jsonb, "pinHmac" text, "birthDate" date, skeleton text,
              "duplicateKind" text, "duplicateOfId" uuid, "duplicateOfCode" text, "duplicateOfLine" int)
        WHERE r.import_id = $1 AND r.line = c.line`,
      [importId, JSON.stringify(checks)],
    );
  }

  async setProgress(m: EntityManager, importId: string, processed: number): Promise<void> {
    await m.query(`UPDATE returnee_import SET processed = $2, updated_at = now() WHERE id = $1`, [importId, processed]);
  }

  // validating → preview with the counts; a row with errors is invalid (never also a duplicate)
  async finishValidation(m: EntityManager, importId: string): Promise<void> {
    await m.query(
      `UPDATE returnee_import i SET status = 'preview', processed = c.total, total = c.total, valid = c.valid, invalid = c.invalid, duplicates = c.duplicates,
              updated_at = now()
         FROM (SELECT count(*)::int AS total,
                      count(*) FILTER (WHERE ${CLEAN})::int AS valid,
                      count(*) FILTER (WHERE errors IS NOT NULL)::int AS invalid,
                      count(*) FILTER (WHERE errors IS NULL AND duplicate_kind IS NOT NULL)::int AS duplicates
                 FROM import_row WHERE import_id = $1) c
        WHERE i.id = $1 AND i.status = 'validating'`,
      [importId],
    );
  }

  // preview → importing, only once: a second confirm finds no row in preview
  async claimForImport(m: EntityManager, importId: string, mode: ImportMode): Promise<boolean> {
    const res: [unknown[], number] = await m.query(
      `UPDATE returnee_import SET status = 'importing', mode = $2, processed = 0, total = valid, updated_at = now() WHERE id = $1 AND status = 'preview'`,
      [importId, mode],
    );
    return res[1] === 1;
  }

  async markCancelled(m: EntityManager, importId: string): Promise<boolean> {
    const res: [unknown[], number] = await m.query(
      `UPDATE returnee_import SET status = 'cancelled', updated_at = now(), finished_at = now() WHERE id = $1 AND status = 'preview'`,
      [importId],
    );
    return res[1] === 1;
  }

  async markFailed(m: EntityManager, importId: string, error: string): Promise<void> {
    await m.query(
      `UPDATE returnee_import SET status = 'failed', error = $2, updated_at = now(), finished_at = now() WHERE id = $1 AND status IN ('validating','importing')`,
      [importId, error.slice(0, 500)],
    );
  }

  // The next clean, not yet imported rows after a line, as one JSON array text (ReturneeBatchRecord + key), built in
  // the database so the rows pass through the app as a single string.
  async readImportBatch(m: EntityManager, importId: string, afterLine: number, limit: number): Promise<{ json: string; lastLine: number; count: number } | null> {
    const [row] = await m.query(
      `SELECT coalesce(jsonb_agg(t."values" || jsonb_build_object('key', t.line) ORDER BY t.line), '[]')::text AS json, max(t.line) AS "lastLine", count(*)::int AS count
         FROM (SELECT line, "values" FROM import_row WHERE import_id = $1 AND line > $2 AND ${CLEAN} AND returnee_id IS NULL ORDER BY line LIMIT $3) t`,
      [importId, afterLine, limit],
    );
    return row && row.count > 0 ? { json: row.json, lastLine: Number(row.lastLine), count: row.count } : null;
  }

  async markImported(m: EntityManager, importId: string, created: Array<{ key: number; id: string }>): Promise<void> {
    if (created.length === 0) return;
    await m.query(
      `UPDATE import_row r SET returnee_id = c.id FROM jsonb_to_recordset($2::jsonb) AS c(key int, id uuid) WHERE r.import_id = $1 AND r.line = c.key`,
      [importId, JSON.stringify(created.map((c) => ({ key: c.key, id: c.id })))],
    );
  }

  // Clean rows of a batch that were not inserted: their PIN was registered after the preview was made.
  async markPinsTakenMeanwhile(m: EntityManager, importId: string, afterLine: number, upToLine: number): Promise<void> {
    await m.query(
      `UPDATE import_row SET duplicate_kind = 'pin' WHERE import_id = $1 AND line > $2 AND line <= $3 AND ${CLEAN} AND returnee_id IS NULL`,
      [importId, afterLine, upToLine],
    );
  }

  async countImported(m: EntityManager, importId: string): Promise<number> {
    const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM import_row WHERE import_id = $1 AND returnee_id IS NOT NULL`, [importId]);
    return n;
  }

  async finishImport(m: EntityManager, importId: string, imported: number): Promise<void> {
    await m.query(
      `UPDATE returnee_import i SET status = 'done', imported = $2, processed = total,
              duplicates = (SELECT count(*)::int FROM import_row WHERE import_id = $1 AND errors IS NULL AND duplicate_kind IS NOT NULL),
              updated_at = now(), finished_at = now()
        WHERE id = $1 AND status = 'importing'`,
      [importId, imported],
    );
  }

  // After an import ends only the rows the error report needs stay; a cancelled import keeps none.
  async deleteCleanRows(m: EntityManager, importId: string): Promise<void> {
    await m.query(`DELETE FROM import_row WHERE import_id = $1 AND ${CLEAN}`, [importId]);
  }

  async deleteAllRows(m: EntityManager, importId: string): Promise<void> {
    await m.query(`DELETE FROM import_row WHERE import_id = $1`, [importId]);
  }

  async listProblemRows(m: EntityManager, importId: string, problem: ProblemFilter, offset: number, limit: number): Promise<{ rows: ProblemRow[]; total: number }> {
    const rows: StoredProblemRow[] = await m.query(
      `SELECT ${ROW_COLUMNS_SQL} FROM import_row WHERE import_id = $1 AND ${PROBLEM[problem]} ORDER BY line OFFSET $2 LIMIT $3`,
      [importId, offset, limit],
    );
    const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM import_row WHERE import_id = $1 AND ${PROBLEM[problem]}`, [importId]);
    return { rows: this.openProblems(rows), total: n };
  }

  async readProblemBatch(m: EntityManager, importId: string, afterLine: number, limit: number): Promise<ProblemRow[]> {
    const rows: StoredProblemRow[] = await m.query(
      `SELECT ${ROW_COLUMNS_SQL} FROM import_row WHERE import_id = $1 AND line > $2 AND ${PROBLEM.any} ORDER BY line LIMIT $3`, [importId, afterLine, limit],
    );
    return this.openProblems(rows);
  }
}
