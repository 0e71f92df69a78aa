import { Injectable } from '@nestjs/common';
import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { containsPattern, ListQuery } from '@kaytuu/shared';
import { DocumentRow, DocumentType, DocumentVersion } from './document.entity';

export type DocumentFilter = {
  returneeId?: string;
  caseId?: string;
  referralId?: string;
  planId?: string;
  type?: DocumentType[];
  q?: string;
  id?: string[];
  // deleted (not yet purged) documents instead of the live ones: what an admin purges
  deleted?: boolean;
};
export const DOCUMENT_SORTABLE = ['createdAt', 'updatedAt', 'title', 'type', 'issuedOn', 'expiresOn', 'id'] as const;
const SORT_COLUMNS: Record<(typeof DOCUMENT_SORTABLE)[number], string> = {
  createdAt: 'd.created_at',
  updatedAt: 'd.updated_at',
  title: 'd.title',
  type: 'd.type',
  issuedOn: 'd.issued_on',
  expiresOn: 'd.expires_on',
  id: 'd.id',
};

// Which documents the caller reaches: office staff those of their office's returnees, admins all, organisation staff
// those their referrals grant (libs/referrals/src/referral-access.ts: returnees with any shared document, and among
// those the returnees whose health documents are shared too).
export type DocumentScope =
  | { kind: 'all' }
  | { kind: 'office'; officeId: string }
  | { kind: 'grants'; returneeIds: string[]; healthReturneeIds: string[]; healthTypes: readonly string[] };

export type NewDocument = Omit<DocumentRow, 'id' | 'createdAt' | 'updatedAt' | 'deletedAt' | 'deletedBy' | 'purgedAt' | 'currentVersion'>;
export type NewVersion = Omit<DocumentVersion, 'id' | 'uploadedAt'>;
export type DocumentWithVersion = { doc: DocumentRow; version: DocumentVersion };

export type ChecklistDocumentRow = Pick<DocumentRow, 'id' | 'returneeId' | 'type' | 'issuerCountry' | 'expiresOn'>;

@Injectable()
export class DocumentRepository {
  private scoped(m: EntityManager, scope: DocumentScope): SelectQueryBuilder<DocumentRow> {
    const qb = m.getRepository(DocumentRow).createQueryBuilder('d');
    if (scope.kind === 'office') {
      // the returnee's office now (a returnee moved to another office takes its documents along)
      qb.innerJoin('returnee', 'r', 'r.id = d.returnee_id').where('r.office_id = :officeId', { officeId: scope.officeId });
    } else if (scope.kind === 'grants') {
      if (scope.returneeIds.length === 0) qb.where('false');
      else {
        qb.where('d.returnee_id IN (:...granted)', { granted: scope.returneeIds });
        if (scope.healthReturneeIds.length) {
          qb.andWhere('(d.type NOT IN (:...healthTypes) OR d.returnee_id IN (:...healthGranted))', {
            healthTypes: scope.healthTypes,
            healthGranted: scope.healthReturneeIds,
          });
        } else qb.andWhere('d.type NOT IN (:...healthTypes)', { healthTypes: scope.healthTypes });
      }
    } else qb.where('true');
    return qb;
  }

  async findPage(m: EntityManager, scope: DocumentScope, q: ListQuery<DocumentFilter>): Promise<{ rows: DocumentWithVersion[]; total: number }> {
    const qb = this.scoped(m, scope);
    const f = q.filter;
    if (f.deleted) qb.andWhere('d.deleted_at IS NOT NULL AND d.purged_at IS NULL');
    else qb.andWhere('d.deleted_at IS NULL');
    if (f.returneeId) qb.andWhere('d.returnee_id = :returneeId', { returneeId: f.returneeId });
    if (f.caseId) qb.andWhere('d.case_id = :caseId', { caseId: f.caseId });
    if (f.referralId) qb.andWhere('d.referral_id = :referralId', { referralId: f.referralId });
    if (f.planId) qb.andWhere('d.plan_id = :planId', { planId: f.planId });
    if (f.type) qb.andWhere(f.type.length ? 'd.type IN (:...types)' : 'false', { types: f.type });
    if (f.id) qb.andWhere(f.id.length ? 'd.id IN (:...ids)' : 'false', { ids: f.id });
    if (f.q) qb.andWhere('d.title ILIKE :q', { q: containsPattern(f.q) });
    const column = SORT_COLUMNS[q.sort.field as keyof typeof SORT_COLUMNS] ?? SORT_COLUMNS.createdAt;
    qb.orderBy(column, q.sort.order, q.sort.order === 'ASC' ? 'NULLS FIRST' : 'NULLS LAST');
    if (column !== SORT_COLUMNS.id) qb.addOrderBy('d.id', q.sort.order);
    qb.offset(q.offset).limit(q.limit);
    const [docs, total] = await qb.getManyAndCount();
    const versions = await this.currentVersions(m, docs);
    return { rows: docs.map((doc) => ({ doc, version: versions.get(doc.id) as DocumentVersion })), total };
  }

  findOneInScope(m: EntityManager, scope: DocumentScope, id: string, lock = false): Promise<DocumentRow | null> {
    const qb = this.scoped(m, scope).andWhere('d.id = :id', { id });
    if (lock) qb.setLock('pessimistic_write', undefined, ['d']);
    return qb.getOne();
  }

  findById(m: EntityManager, id: string): Promise<DocumentRow | null> {
    return m.getRepository(DocumentRow).findOne({ where: { id } });
  }

  async currentVersions(m: EntityManager, docs: DocumentRow[]): Promise<Map<string, DocumentVersion>> {
    if (docs.length === 0) return new Map();
    const rows = await m
      .getRepository(DocumentVersion)
      .createQueryBuilder('v')
      .innerJoin(DocumentRow, 'd', 'd.id = v.document_id AND d.current_version = v.version')
      .where('v.document_id IN (:...ids)', { ids: docs.map((d) => d.id) })
      .getMany();
    return new Map(rows.map((v) => [v.documentId, v]));
  }

  versionsOf(m: EntityManager, documentId: string): Promise<DocumentVersion[]> {
    return m.getRepository(DocumentVersion).find({ where: { documentId }, order: { version: 'DESC' } });
  }

  findVersion(m: EntityManager, documentId: string, version: number): Promise<DocumentVersion | null> {
    return m.getRepository(DocumentVersion).findOne({ where: { documentId, version } });
  }

  // Serialises the uploads of one returnee (quota and duplicate checks see each other's rows).
  async lockReturnee(m: EntityManager, returneeId: string): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtextextended('document:' || $1, 0))`, [returneeId]);
  }

  // Bytes held for a returnee: every version (and thumbnail-free plain size) of its documents not yet purged.
  async usedBytes(m: EntityManager, returneeId: string): Promise<number> {
    const [row] = (await m.query(
      `SELECT COALESCE(SUM(v.bytes), 0)::bigint AS used FROM document_version v JOIN document d ON d.id = v.document_id
        WHERE d.returnee_id = $1 AND d.purged_at IS NULL`,
      [returneeId],
    )) as Array<{ used: string }>;
    return Number(row.used);
  }

  // A live document of the returnee holding these bytes (in any of its versions).
  async findDuplicate(m: EntityManager, returneeId: string, sha256: string): Promise<string | null> {
    const [row] = (await m.query(
      `SELECT d.id FROM document_version v JOIN document d ON d.id = v.document_id
        WHERE d.returnee_id = $1 AND v.sha256 = $2 AND d.deleted_at IS NULL LIMIT 1`,
      [returneeId, sha256],
    )) as Array<{ id: string }>;
    return row?.id ?? null;
  }

  async insert(m: EntityManager, doc: NewDocument, version: Omit<NewVersion, 'documentId' | 'version'>, at: Date): Promise<DocumentRow> {
    const res = await m.getRepository(DocumentRow).insert({ ...doc, currentVersion: 1, createdAt: at, updatedAt: at });
    const id = (res.identifiers[0] as { id: string }).id;
    await m.getRepository(DocumentVersion).insert({ ...version, documentId: id, version: 1, uploadedAt: at });
    return (await this.findById(m, id)) as DocumentRow;
  }

  async addVersion(m: EntityManager, doc: DocumentRow, version: Omit<NewVersion, 'documentId' | 'version'>, at: Date): Promise<DocumentRow> {
    const next = doc.currentVersion + 1;
    await m.getRepository(DocumentVersion).insert({ ...version, documentId: doc.id, version: next, uploadedAt: at });
    await m.getRepository(DocumentRow).update({ id: doc.id }, { currentVersion: next, updatedAt: at });
    return (await this.findById(m, doc.id)) as DocumentRow;
  }

  async update(
    m: EntityManager,
    id: string,
    patch: Partial<Pick<DocumentRow, 'type' | 'title' | 'issuedOn' | 'issuerCountry' | 'issuer' | 'expiresOn' | 'deletedAt' | 'deletedBy' | 'purgedAt'>>,
    at: Date,
  ): Promise<DocumentRow> {
    await m.getRepository(DocumentRow).update({ id }, { ...patch, updatedAt: at });
    return (await this.findById(m, id)) as DocumentRow;
  }

  // What F's checklists read: the live documents of a returnee (optionally those of one case or not tied to any case).
  // Read for every case list page showing a pension or legal case: only the columns a checklist uses, no hydration;
  // expires_on as 'YYYY-MM-DD' text, as the entity's 'date' column reads.
  async findLiveOfReturnees(m: EntityManager, returneeIds: string[]): Promise<ChecklistDocumentRow[]> {
    return (await m.query(
      `SELECT d.id AS "id", d.returnee_id AS "returneeId", d.type AS "type", d.issuer_country AS "issuerCountry", d.expires_on::text AS "expiresOn"
         FROM document d WHERE d.returnee_id = ANY($1::uuid[]) AND d.deleted_at IS NULL ORDER BY d.created_at ASC, d.id ASC`,
      [returneeIds],
    )) as ChecklistDocumentRow[];
  }
}
