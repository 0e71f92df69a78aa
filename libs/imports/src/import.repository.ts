import { Injectable } from '@nestjs/common';
import { EntityManager, SelectQueryBuilder } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm';
import { AAD, FieldCipher, FieldCode, ID_SORT } from '@kaytuu/shared';
import { DuplicateKind, ImportMode, ImportRow, ImportStatus, ReturneeImport } from './import.entity';

export { IMPORT_MODES, IMPORT_STATUSES, type DuplicateKind, type ImportMode, type ImportStatus } from './import.entity';
export type ImportRecord = ReturneeImport;
export type ImportScope = { kind: 'all' } | { kind: 'office'; officeId: string };
export type RawRow = { line: number; raw: string[] };
// The outcome of checking one staged line, as the validation job writes it back.
export type RowCheck = {
  line: number;
  values: unknown | null;
  errors: Record<string, string> | null;
  errorCodes: Record<string, FieldCode> | null;
  pinHmac: string | null;
  birthDate: string | null;
  skeleton: string | null;
  duplicateKind: DuplicateKind | null;
  duplicateOfId: string | null;
  duplicateOfCode: string | null;
  duplicateOfLine: number | null;
};
export type ProblemRow = Pick<ImportRow, 'line' | 'errors' | 'errorCodes' | 'duplicateKind' | 'duplicateOfId' | 'duplicateOfCode' | 'duplicateOfLine'> & {
  raw: string[];
};
export type ProblemFilter = 'error' | 'duplicate' | 'any';

const PROBLEM: Record<ProblemFilter, string> = {
  error: 'r.errors IS NOT NULL',
  duplicate: 'r.duplicate_kind IS NOT NULL',
  any: '(r.errors IS NOT NULL OR r.duplicate_kind IS NOT NULL)',
};
const CLEAN = 'errors IS NULL AND duplicate_kind IS NULL';
export const IMPORT_SORTABLE = ['createdAt', 'status', 'fileName'] as const;
const SORT_COLUMN: Record<string, string> = { createdAt: 'i.created_at', status: 'i.status', fileName: 'i.file_name', [ID_SORT]: 'i.id' };
// the primary key (import id, line) is selected too: TypeORM builds entities only from rows that carry it
const PROBLEM_COLUMNS = [
  'r.importId',
  'r.line',
  'r.rawEnc',
  'r.errors',
  'r.errorCodes',
  'r.duplicateKind',
  'r.duplicateOfId',
  'r.duplicateOfCode',
  'r.duplicateOfLine',
];

// Plain reads and single-row writes go through the entities; the set-based steps over thousands of staged lines (bulk
// staging, writing back checks, counting, the JSON batch handed to the returnees context) stay one SQL statement each.
// The staged CSV cells hold PINs and phones as typed: each line is stored encrypted (raw_enc, AAD import_row.raw) and
// decrypted only here; the checked values hold the returnee columns' own ciphertexts (SealedBatchRecord).
@Injectable()
export class ImportRepository {
  constructor(private readonly cipher: FieldCipher) {}

  private openRaw(rawEnc: string): string[] {
    return this.cipher.decryptJson<string[]>(rawEnc, AAD.importRaw);
  }

  private openProblems(rows: ImportRow[]): ProblemRow[] {
    return rows.map(({ rawEnc, line, errors, errorCodes, duplicateKind, duplicateOfId, duplicateOfCode, duplicateOfLine }) => ({
      line,
      errors,
      errorCodes,
      duplicateKind,
      duplicateOfId,
      duplicateOfCode,
      duplicateOfLine,
      raw: this.openRaw(rawEnc),
    }));
  }

  private imports(m: EntityManager, scope: ImportScope): SelectQueryBuilder<ReturneeImport> {
    const qb = m.getRepository(ReturneeImport).createQueryBuilder('i');
    if (scope.kind === 'office') qb.where('i.office_id = :scopeOffice', { scopeOffice: scope.officeId });
    return qb;
  }

  private problems(m: EntityManager, importId: string, problem: ProblemFilter): SelectQueryBuilder<ImportRow> {
    return m
      .getRepository(ImportRow)
      .createQueryBuilder('r')
      .select(PROBLEM_COLUMNS)
      .where(`r.import_id = :importId AND ${PROBLEM[problem]}`, { importId })
      .orderBy('r.line');
  }

  async insertImport(
    m: EntityManager,
    p: { id: string; fileName: string; columns: string[]; officeId: string; total: number; createdBy: string; createdByRole: string; createdIp: string | null },
  ): Promise<void> {
    await m.insert(ReturneeImport, { ...p, status: 'validating', rowCount: p.total });
  }

  // Staging runs in batches of thousands of lines: one INSERT … SELECT from a single JSON parameter.
  async insertRawRows(m: EntityManager, importId: string, rows: RawRow[]): Promise<void> {
    if (rows.length === 0) return;
    await m.query(
      `INSERT INTO import_row (import_id, line, raw_enc) SELECT $1, x.line, x."rawEnc" FROM jsonb_to_recordset($2::jsonb) AS x(line int, "rawEnc" text)`,
      [importId, JSON.stringify(rows.map((r) => ({ line: r.line, rawEnc: this.cipher.encryptJson(r.raw, AAD.importRaw) })))],
    );
  }

  findInScope(m: EntityManager, scope: ImportScope, id: string, lock = false): Promise<ImportRecord | null> {
    const qb = this.imports(m, scope).andWhere('i.id = :id', { id });
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  async list(
    m: EntityManager,
    scope: ImportScope,
    q: { status?: ImportStatus[]; officeId?: string; sort: { field: string; order: 'ASC' | 'DESC' }; offset: number; limit: number },
  ): Promise<{ rows: ImportRecord[]; total: number }> {
    const qb = this.imports(m, scope);
    if (q.officeId) qb.andWhere('i.office_id = :officeId', { officeId: q.officeId });
    if (q.status) qb.andWhere('i.status IN (:...statuses)', { statuses: q.status });
    qb.orderBy(SORT_COLUMN[q.sort.field] ?? 'i.created_at', q.sort.order)
      .addOrderBy('i.id', q.sort.order)
      .offset(q.offset)
      .limit(q.limit);
    const [rows, total] = await qb.getManyAndCount();
    return { rows, total };
  }

  // Plain rows, not entities: the validation job reads every staged line, and hydrating 5,000 entities a batch cost
  // more than the query.
  async readRawBatch(m: EntityManager, importId: string, afterLine: number, limit: number): Promise<RawRow[]> {
    const rows: Array<{ line: number; raw_enc: string }> = await m.query(
      `SELECT line, raw_enc FROM import_row WHERE import_id = $1 AND line > $2 ORDER BY line LIMIT $3`,
      [importId, afterLine, limit],
    );
    return rows.map((r) => ({ line: r.line, raw: this.openRaw(r.raw_enc) }));
  }

  // One UPDATE … FROM for the whole batch of checks.
  async saveChecks(m: EntityManager, importId: string, checks: RowCheck[]): Promise<void> {
    if (checks.length === 0) return;
    await m.query(
      `UPDATE import_row r SET "values" = c."values", errors = c.errors, error_codes = c."errorCodes", pin_hmac = c."pinHmac", birth_date = c."birthDate", skeleton = c.skeleton,
              duplicate_kind = c."duplicateKind", duplicate_of_id = c."duplicateOfId", duplicate_of_code = c."duplicateOfCode",
              duplicate_of_line = c."duplicateOfLine"
         FROM jsonb_to_recordset($2::jsonb) AS c(line int, "values" jsonb, errors jsonb, "errorCodes" jsonb, "pinHmac" text, "birthDate" date, skeleton text,
              "duplicateKind" text, "duplicateOfId" uuid, "duplicateOfCode" text, "duplicateOfLine" int)
        WHERE r.import_id = $1 AND r.line = c.line`,
      [importId, JSON.stringify(checks)],
    );
  }

  async setProgress(m: EntityManager, importId: string, processed: number): Promise<void> {
    await m.update(ReturneeImport, { id: importId }, { processed });
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
  claimForImport(m: EntityManager, importId: string, mode: ImportMode): Promise<boolean> {
    return this.moveStatus(m, importId, ['preview'], { status: 'importing', mode, processed: 0, total: () => 'valid' });
  }

  markCancelled(m: EntityManager, importId: string): Promise<boolean> {
    return this.moveStatus(m, importId, ['preview'], { status: 'cancelled', finishedAt: () => 'now()' });
  }

  async markFailed(m: EntityManager, importId: string, error: string): Promise<void> {
    await this.moveStatus(m, importId, ['validating', 'importing'], { status: 'failed', error: error.slice(0, 500), finishedAt: () => 'now()' });
  }

  // A status change that happens once: only from the given statuses, so a second confirm or cancel finds nothing to move.
  private async moveStatus(m: EntityManager, importId: string, from: ImportStatus[], set: QueryDeepPartialEntity<ReturneeImport>): Promise<boolean> {
    const res = await m.createQueryBuilder().update(ReturneeImport).set(set).where('id = :importId AND status IN (:...from)', { importId, from }).execute();
    return res.affected === 1;
  }

  // The next clean, not yet imported rows after a line, as one JSON array text (ReturneeBatchRecord + key), built in
  // the database so the rows pass through the app as a single string.
  async readImportBatch(
    m: EntityManager,
    importId: string,
    afterLine: number,
    limit: number,
  ): Promise<{ json: string; lastLine: number; count: number } | null> {
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
    await m
      .createQueryBuilder()
      .update(ImportRow)
      .set({ duplicateKind: 'pin' })
      .where(`import_id = :importId AND line > :afterLine AND line <= :upToLine AND ${CLEAN} AND returnee_id IS NULL`, { importId, afterLine, upToLine })
      .execute();
  }

  countImported(m: EntityManager, importId: string): Promise<number> {
    return m.getRepository(ImportRow).createQueryBuilder('r').where('r.import_id = :importId AND r.returnee_id IS NOT NULL', { importId }).getCount();
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
    await m.createQueryBuilder().delete().from(ImportRow).where(`import_id = :importId AND ${CLEAN}`, { importId }).execute();
  }

  async deleteAllRows(m: EntityManager, importId: string): Promise<void> {
    await m.delete(ImportRow, { importId });
  }

  async listProblemRows(
    m: EntityManager,
    importId: string,
    problem: ProblemFilter,
    offset: number,
    limit: number,
  ): Promise<{ rows: ProblemRow[]; total: number }> {
    const [rows, total] = await this.problems(m, importId, problem).offset(offset).limit(limit).getManyAndCount();
    return { rows: this.openProblems(rows), total };
  }

  async readProblemBatch(m: EntityManager, importId: string, afterLine: number, limit: number): Promise<ProblemRow[]> {
    return this.openProblems(await this.problems(m, importId, 'any').andWhere('r.line > :afterLine', { afterLine }).limit(limit).getMany());
  }
}
