import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { isUUID, validateSync } from 'class-validator';
import sharp from 'sharp';
import { DataSource, EntityManager } from 'typeorm';
import { AuthService, UserService } from '@kaytuu/access';
import { AuditService } from '@kaytuu/audit';
import { CaseQueryService } from '@kaytuu/cases';
import { PlansService } from '@kaytuu/plans';
import { HEALTH_DOCUMENT_TYPES, organizationSeesDocument, ReferralService } from '@kaytuu/referrals';
import { ReturneeLookupService } from '@kaytuu/returnees';
import {
  Actor,
  appConfig,
  Clock,
  CommonError,
  DomainError,
  EncryptedFiles,
  FileTooLargeError,
  ListQuery,
  ListResult,
  ObjectMissingError,
  SealedFile,
  StoreUnavailableError,
  validationFailed,
} from '@kaytuu/shared';
import { deriveLinkKey, LINK_TTL_SECONDS, LinkClaims, signLink, verifyLink } from './document-links';
import { ContentType, DocumentRow, DocumentVersion } from './document.entity';
import { DocumentFilter, DocumentRepository, DocumentScope } from './document.repository';
import { DocumentsError } from './documents.errors';
import { CreateDocumentFields, CREATE_FIELDS, CreateLinkDto, UpdateDocumentDto } from './dto/document-input.dto';
import { DocumentDto, DocumentLinkDto, DocumentVersionDto, toDocumentDto, toVersionDto } from './dto/document.dto';
import { cleanFileName, ContentSniffer, contentDisposition, downloadName } from './file-content';
import { DocumentUpload, receiveDocumentUpload } from './multipart';

// Images bigger than this many pixels are refused (sharp's limitInputPixels): a decompression bomb (a tiny PNG that
// declares 30000×30000) fails on its header, before anything is decoded.
export const MAX_IMAGE_PIXELS = 50_000_000;
export const THUMBNAIL_EDGE = 320;
const THUMBNAIL_MAX_BYTES = 4 * 1024 * 1024;
const IMAGE_TYPES: readonly ContentType[] = ['image/jpeg', 'image/png', 'image/webp', 'image/heic'];
const PREVIEWABLE: readonly ContentType[] = ['application/pdf', 'image/jpeg', 'image/png', 'image/webp'];
const BISHKEK_OFFSET_MS = 6 * 3_600_000;

export type ChecklistDocument = { documentId: string; type: string; issuerCountry: string | null; expiresOn: string | null; expired: boolean };
export type DocumentFact = ChecklistDocument & { returneeId: string; deleted: boolean };

// What GET /api/files/:token streams, with the headers it needs.
export type FileDownload = { stream: Readable; contentType: string; disposition: 'attachment' | 'inline'; fileName: string; bytes: number | null };

const isNotFound = (err: unknown) => err instanceof DomainError && err.status === 404;

// A returnee's documents (issue 17). Office staff (caseworkers, supervisors) of the returnee's office upload, read,
// change, version and delete; admins read the metadata and purge deleted documents after the retention period; NGO
// staff read (and download) what their organisation's referrals share (referral-access.ts, one rule). The bytes are
// sealed by EncryptedFiles into the file store before any row is written: a failed upload leaves no row, and the
// object it may have begun is removed. Every read and change is audited by ids and types, never titles or file names.
@Injectable()
export class DocumentsService {
  private readonly linkKey: Buffer;
  readonly fileMaxBytes: number;
  private readonly quotaBytes: number;
  private readonly retentionDays: number;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly docs: DocumentRepository,
    private readonly returnees: ReturneeLookupService,
    private readonly cases: CaseQueryService,
    private readonly referrals: ReferralService,
    private readonly plans: PlansService,
    private readonly users: UserService,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    private readonly files: EncryptedFiles,
    private readonly clock: Clock,
    @Inject(appConfig.KEY) cfg: ConfigType<typeof appConfig>,
  ) {
    this.linkKey = deriveLinkKey(cfg.dataKeys.hmacKey);
    this.fileMaxBytes = cfg.fileMaxBytes;
    this.quotaBytes = cfg.filesPerReturneeMaxBytes;
    this.retentionDays = cfg.documentRetentionDays;
  }

  // ---- reads ----

  async list(actor: Actor, q: ListQuery<DocumentFilter>): Promise<ListResult<DocumentDto>> {
    if (q.filter.deleted && actor.role !== 'admin' && actor.role !== 'supervisor') {
      throw CommonError.forbidden('Only supervisors and admins list deleted documents');
    }
    return this.ds.transaction(async (m) => {
      const scope = await this.scopeOf(actor, m);
      const page = await this.docs.findPage(m, scope, { ...q, filter: await this.filterFor(actor, q.filter, m) });
      const rows = await this.present(page.rows.map((r) => r.doc));
      await this.audit.record(
        actor,
        { action: 'read', entity: 'document', entityId: null, diff: { filter: auditFilter(q.filter), ids: rows.map((r) => r.id), total: page.total } },
        m,
      );
      return { rows, total: page.total };
    });
  }

  async get(actor: Actor, id: string): Promise<DocumentDto> {
    return this.ds.transaction(async (m) => {
      const doc = await this.requireReadable(actor, id, m);
      const [dto] = await this.present([doc], m);
      await this.audit.record(actor, { action: 'read', entity: 'document', entityId: id, diff: { returneeId: doc.returneeId, type: doc.type } }, m);
      return dto;
    });
  }

  async versions(actor: Actor, id: string): Promise<DocumentVersionDto[]> {
    return this.ds.transaction(async (m) => {
      const doc = await this.requireReadable(actor, id, m);
      const versions = await this.docs.versionsOf(m, id);
      const names = await this.names(versions.map((v) => v.uploadedBy));
      await this.audit.record(actor, { action: 'read', entity: 'document', entityId: id, diff: { returneeId: doc.returneeId, versions: versions.length } }, m);
      return versions.map((v) => toVersionDto(v, doc.currentVersion, names));
    });
  }

  // For the checklists (libs/recovery), set-wise: the live documents of these returnees, a case's and those tied to
  // none alike. No scope check and no audit here: the caller has required the case or returnee in the actor's scope
  // and audits what the checklist shows; only ids, types, countries and expiry leave.
  async liveForChecklists(returneeIds: readonly string[], m: EntityManager = this.ds.manager): Promise<Map<string, ChecklistDocument[]>> {
    const out = new Map<string, ChecklistDocument[]>();
    const ids = [...new Set(returneeIds)].filter((id) => isUUID(id));
    if (!ids.length) return out;
    const today = this.today();
    for (const d of await this.docs.findLiveOfReturnees(m, ids)) {
      const list = out.get(d.returneeId) ?? [];
      list.push({
        documentId: d.id,
        type: d.type,
        issuerCountry: d.issuerCountry,
        expiresOn: d.expiresOn,
        expired: d.expiresOn !== null && d.expiresOn < today,
      });
      out.set(d.returneeId, list);
    }
    return out;
  }

  // For a recovery item receiving a document: what the item checks (whose, which type, deleted or not); null when
  // there is no such document. No scope check: the caller has required the item (so its returnee) in scope and
  // accepts the document only when it is that returnee's.
  async factOf(documentId: string, m: EntityManager = this.ds.manager): Promise<DocumentFact | null> {
    if (!isUUID(documentId)) return null;
    const d = await this.docs.findById(m, documentId);
    if (!d) return null;
    const expired = d.expiresOn !== null && d.expiresOn < this.today();
    return {
      documentId: d.id,
      returneeId: d.returneeId,
      type: d.type,
      issuerCountry: d.issuerCountry,
      expiresOn: d.expiresOn,
      expired,
      deleted: d.deletedAt !== null,
    };
  }

  // ---- uploads ----

  // POST /api/documents: the metadata fields, then the file.
  async upload(actor: Actor, req: IncomingMessage): Promise<DocumentDto> {
    officeStaff(actor);
    return receiveDocumentUpload(req, this.fileMaxBytes, (u) => this.create(actor, u));
  }

  // POST /api/documents/:id/versions: a new file for the document (version + 1); the metadata stays.
  async uploadVersion(actor: Actor, id: string, req: IncomingMessage): Promise<DocumentDto> {
    officeStaff(actor);
    return receiveDocumentUpload(req, this.fileMaxBytes, (u) => this.addVersion(actor, id, u));
  }

  private async create(actor: Actor, u: DocumentUpload): Promise<DocumentDto> {
    const unknown = Object.keys(u.fields).filter((k) => !(CREATE_FIELDS as readonly string[]).includes(k));
    if (unknown.length) throw CommonError.validation(Object.fromEntries(unknown.map((k) => [k.slice(0, 60), 'is not an allowed property'])));
    const raw: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(u.fields)) {
      // an empty optional field is left out; a country code is upper case (the column's check), 'ru' as good as 'RU'
      raw[k] = v.trim() === '' && k !== 'title' ? undefined : k === 'issuerCountry' ? v.trim().toUpperCase() : v.trim();
    }
    const fields = plainToInstance(CreateDocumentFields, raw);
    const errors = validateSync(fields, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length) throw validationFailed(errors);
    const target = await this.ds.transaction(async (m) => {
      const returnee = await this.returnees.requireInScope(actor, fields.returneeId, m);
      await this.checkLinks(actor, returnee, fields, m);
      return { returneeId: returnee.id, officeId: returnee.officeId, used: await this.docs.usedBytes(m, returnee.id) };
    });
    const sealed = await this.receive(u, target.used);
    return this.commit(sealed, async (m) => {
      await this.docs.lockReturnee(m, target.returneeId);
      await this.checkAfterUpload(m, target.returneeId, sealed.file);
      const doc = await this.docs.insert(
        m,
        {
          returneeId: target.returneeId,
          officeId: target.officeId,
          caseId: fields.caseId ?? null,
          referralId: fields.referralId ?? null,
          planId: fields.planId ?? null,
          type: fields.type,
          title: fields.title,
          issuedOn: fields.issuedOn ?? null,
          issuerCountry: fields.issuerCountry ?? null,
          issuer: fields.issuer ?? null,
          expiresOn: fields.expiresOn ?? null,
          createdBy: actor.userId,
        },
        this.versionValues(actor, sealed),
        this.clock.now(),
      );
      await this.audit.record(
        actor,
        {
          action: 'create',
          entity: 'document',
          entityId: doc.id,
          diff: {
            returneeId: doc.returneeId,
            type: doc.type,
            version: 1,
            contentType: sealed.contentType,
            bytes: sealed.file.bytes,
            objectKey: sealed.file.objectKey,
          },
        },
        m,
      );
      return doc;
    });
  }

  private async addVersion(actor: Actor, id: string, u: DocumentUpload): Promise<DocumentDto> {
    if (Object.keys(u.fields).length) {
      throw CommonError.validation(Object.fromEntries(Object.keys(u.fields).map((k) => [k.slice(0, 60), 'is not an allowed property'])));
    }
    const target = await this.ds.transaction(async (m) => {
      const doc = await this.requireWritable(actor, id, m);
      return { returneeId: doc.returneeId, used: await this.docs.usedBytes(m, doc.returneeId) };
    });
    const sealed = await this.receive(u, target.used);
    return this.commit(sealed, async (m) => {
      await this.docs.lockReturnee(m, target.returneeId);
      const doc = await this.requireWritable(actor, id, m, true);
      await this.checkAfterUpload(m, target.returneeId, sealed.file);
      const next = await this.docs.addVersion(m, doc, this.versionValues(actor, sealed), this.clock.now());
      await this.audit.record(
        actor,
        {
          action: 'update',
          entity: 'document',
          entityId: id,
          diff: {
            returneeId: doc.returneeId,
            version: { from: doc.currentVersion, to: next.currentVersion },
            contentType: sealed.contentType,
            bytes: sealed.file.bytes,
          },
        },
        m,
      );
      return next;
    });
  }

  // Seals the file as it streams in (the limit: FILE_MAX_BYTES or what is left of the returnee's quota, whichever is
  // smaller; the stream is stopped as soon as it is passed), then decides its type by content and makes the thumbnail.
  // On any failure nothing is left in the store.
  private async receive(
    u: DocumentUpload,
    usedBytes: number,
  ): Promise<{ file: SealedFile; contentType: ContentType; thumb: SealedFile | null; fileName: string }> {
    const left = this.quotaBytes - usedBytes;
    if (left <= 0) throw DocumentsError.quotaExceeded(this.quotaBytes, usedBytes);
    const limit = Math.min(this.fileMaxBytes, left);
    const sniffer = new ContentSniffer();
    u.file.on('error', (err) => sniffer.destroy(err));
    u.file.pipe(sniffer);
    let file: SealedFile;
    try {
      file = await this.files.seal(sniffer, { maxBytes: limit });
    } catch (err) {
      u.file.unpipe(sniffer);
      if (err instanceof FileTooLargeError || u.fileTruncated()) {
        throw limit < this.fileMaxBytes ? DocumentsError.quotaExceeded(this.quotaBytes, usedBytes) : DocumentsError.tooLarge(this.fileMaxBytes);
      }
      throw storeError(err);
    }
    try {
      if (u.fileTruncated()) throw DocumentsError.tooLarge(this.fileMaxBytes);
      if (file.bytes === 0) throw DocumentsError.empty();
      const contentType = await sniffer.decide();
      const thumb = IMAGE_TYPES.includes(contentType) ? await this.thumbnail(file, contentType) : null;
      return { file, contentType, thumb, fileName: cleanFileName(u.fileName) };
    } catch (err) {
      await this.files.remove(file.objectKey).catch(() => undefined);
      throw storeError(err);
    }
  }

  // A small WebP of an image, sealed as its own object. The pixel limit stays on (a bomb is a 422); a HEIC photo this
  // build of sharp cannot decode simply has no thumbnail.
  private async thumbnail(file: SealedFile, contentType: ContentType): Promise<SealedFile | null> {
    let out: Buffer;
    try {
      const src = await this.files.open(file);
      const img = sharp({ limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error', sequentialRead: true })
        .rotate()
        .resize(THUMBNAIL_EDGE, THUMBNAIL_EDGE, { fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 70 });
      src.on('error', (err) => img.destroy(err));
      src.pipe(img);
      out = await img.toBuffer();
    } catch (err) {
      if (err instanceof DomainError) throw err;
      const message = err instanceof Error ? err.message : String(err);
      if (/pixel limit/i.test(message)) throw DocumentsError.imageTooLarge();
      if (contentType === 'image/heic') return null;
      throw DocumentsError.invalidImage();
    }
    return this.files.seal(Readable.from([out]), { maxBytes: THUMBNAIL_MAX_BYTES });
  }

  private versionValues(actor: Actor, s: { file: SealedFile; contentType: ContentType; thumb: SealedFile | null; fileName: string }) {
    return {
      objectKey: s.file.objectKey,
      wrappedKey: s.file.wrappedKey,
      contentType: s.contentType,
      bytes: s.file.bytes,
      sha256: s.file.sha256,
      fileName: s.fileName,
      thumbObjectKey: s.thumb?.objectKey ?? null,
      thumbWrappedKey: s.thumb?.wrappedKey ?? null,
      uploadedBy: actor.userId,
    };
  }

  // Under the returnee's lock: the same bytes on a live document of this returnee are refused (deduplicated per
  // returnee by hash, the README says so), and the quota is checked again against uploads that finished meanwhile.
  private async checkAfterUpload(m: EntityManager, returneeId: string, file: SealedFile): Promise<void> {
    const dup = await this.docs.findDuplicate(m, returneeId, file.sha256);
    if (dup) throw DocumentsError.duplicate(dup);
    const used = await this.docs.usedBytes(m, returneeId);
    if (used + file.bytes > this.quotaBytes) throw DocumentsError.quotaExceeded(this.quotaBytes, used);
  }

  // Writes the rows for sealed objects; if that fails, the objects go too (no orphan).
  private async commit(sealed: { file: SealedFile; thumb: SealedFile | null }, write: (m: EntityManager) => Promise<DocumentRow>): Promise<DocumentDto> {
    try {
      const doc = await this.ds.transaction(write);
      const [dto] = await this.present([doc]);
      return dto;
    } catch (err) {
      await this.files.remove(sealed.file.objectKey).catch(() => undefined);
      if (sealed.thumb) await this.files.remove(sealed.thumb.objectKey).catch(() => undefined);
      throw err;
    }
  }

  // ---- changes ----

  async update(actor: Actor, id: string, dto: UpdateDocumentDto): Promise<DocumentDto> {
    officeStaff(actor);
    return this.ds.transaction(async (m) => {
      const doc = await this.requireWritable(actor, id, m, true);
      const patch: Partial<DocumentRow> = {};
      const changed: Record<string, unknown> = {};
      for (const k of ['type', 'title', 'issuedOn', 'issuerCountry', 'issuer', 'expiresOn'] as const) {
        const v = dto[k];
        if (v === undefined) continue;
        const next = typeof v === 'string' ? (k === 'issuerCountry' ? v.trim().toUpperCase() : v.trim()) : v;
        if (next === doc[k]) continue;
        (patch as Record<string, unknown>)[k] = next;
        // the title and issuer are the uploader's words: the audit row says they changed, not what they say
        changed[k] = k === 'title' || k === 'issuer' ? true : { from: doc[k], to: next };
      }
      if (Object.keys(patch).length === 0) {
        const [same] = await this.present([doc], m);
        return same;
      }
      const updated = await this.docs.update(m, id, patch, this.clock.now());
      await this.audit.record(actor, { action: 'update', entity: 'document', entityId: id, diff: { returneeId: doc.returneeId, ...changed } }, m);
      const [out] = await this.present([updated], m);
      return out;
    });
  }

  async remove(actor: Actor, id: string): Promise<DocumentDto> {
    officeStaff(actor);
    return this.ds.transaction(async (m) => {
      const doc = await this.requireWritable(actor, id, m, true);
      const now = this.clock.now();
      const deleted = await this.docs.update(m, id, { deletedAt: now, deletedBy: actor.userId }, now);
      await this.audit.record(
        actor,
        { action: 'delete', entity: 'document', entityId: id, diff: { returneeId: doc.returneeId, type: doc.type, soft: true } },
        m,
      );
      const [out] = await this.present([deleted], m);
      return out;
    });
  }

  // Admins only: a document deleted at least DOCUMENT_RETENTION_DAYS ago loses its files (every version and
  // thumbnail); the row stays, marked purged, so the audit trail still names it. The objects are removed after the
  // row is marked (a failed removal leaves an orphan the store's sweep finds; never a row without its file that
  // still claims to have one).
  async purge(actor: Actor, id: string): Promise<DocumentDto> {
    if (actor.role !== 'admin') throw CommonError.forbidden('Only an administrator purges documents');
    const { dto, keys } = await this.ds.transaction(async (m) => {
      const doc = await this.docs.findOneInScope(m, { kind: 'all' }, id, true);
      if (!doc) throw CommonError.notFound('Document');
      if (doc.purgedAt) throw DocumentsError.purged();
      if (!doc.deletedAt) throw DocumentsError.notDeleted();
      const until = new Date(doc.deletedAt.getTime() + this.retentionDays * 86_400_000);
      const now = this.clock.now();
      if (now < until) throw DocumentsError.retentionNotOver(until.toISOString());
      const versions = await this.docs.versionsOf(m, id);
      const purged = await this.docs.update(m, id, { purgedAt: now }, now);
      await this.audit.record(
        actor,
        { action: 'delete', entity: 'document', entityId: id, diff: { returneeId: doc.returneeId, type: doc.type, purged: true, versions: versions.length } },
        m,
      );
      const [out] = await this.present([purged], m);
      return { dto: out, keys: versions.flatMap((v) => [v.objectKey, ...(v.thumbObjectKey ? [v.thumbObjectKey] : [])]) };
    });
    for (const key of keys) await this.files.remove(key).catch(() => undefined);
    return dto;
  }

  // ---- downloads ----

  async createLink(actor: Actor, id: string, dto: CreateLinkDto): Promise<DocumentLinkDto> {
    if (actor.role === 'admin') throw CommonError.forbidden('Administrators manage documents but do not open them');
    return this.ds.transaction(async (m) => {
      const doc = await this.requireReadable(actor, id, m);
      if (doc.purgedAt) throw DocumentsError.purged();
      if (doc.deletedAt) throw DocumentsError.deleted();
      const version = await this.docs.findVersion(m, id, dto.version ?? doc.currentVersion);
      if (!version) throw CommonError.notFound('Document version');
      if (dto.thumbnail && !version.thumbObjectKey) throw CommonError.notFound('Thumbnail');
      const inline = dto.disposition === 'inline';
      if (inline && !dto.thumbnail && !PREVIEWABLE.includes(version.contentType)) {
        throw CommonError.unprocessable({ disposition: 'only PDFs and images open in the page' }, 'Only PDFs and images can be previewed in the page');
      }
      const expires = Math.floor(this.clock.now().getTime() / 1000) + LINK_TTL_SECONDS;
      const claims: LinkClaims = { d: id, v: version.version, u: actor.userId, e: expires, i: inline ? 1 : 0, t: dto.thumbnail ? 1 : 0, m: dto.masked ? 1 : 0 };
      return { url: `/api/files/${signLink(this.linkKey, claims)}`, expiresAt: new Date(expires * 1000).toISOString() };
    });
  }

  // GET /api/files/:token: the link must verify and be unexpired, its user still active and still allowed to read the
  // document. The download is audited (who, which document and version, masked or not) before a byte leaves.
  async openLink(token: string, ip: string | null): Promise<FileDownload> {
    const check = verifyLink(this.linkKey, token, Math.floor(this.clock.now().getTime() / 1000));
    if (!check.ok) throw check.reason === 'expired' ? DocumentsError.linkExpired() : DocumentsError.linkInvalid();
    const c = check.claims;
    const actor = await this.auth.actorOfActiveUser(c.u, ip);
    if (!actor || actor.role === 'admin') throw DocumentsError.linkInvalid();
    const { doc, version } = await this.ds.transaction(async (m) => {
      const doc = await this.requireReadable(actor, c.d, m);
      if (doc.purgedAt) throw DocumentsError.purged();
      if (doc.deletedAt) throw DocumentsError.deleted();
      const version = await this.docs.findVersion(m, c.d, c.v);
      if (!version || (c.t === 1 && !version.thumbObjectKey)) throw CommonError.notFound('Document version');
      return { doc, version };
    });
    const thumb = c.t === 1;
    let stream: Readable;
    try {
      stream = await this.files.open(thumb ? { objectKey: version.thumbObjectKey as string, wrappedKey: version.thumbWrappedKey as string } : version);
    } catch (err) {
      throw storeError(err);
    }
    await this.audit.record(actor, {
      action: 'export',
      entity: 'document',
      entityId: doc.id,
      diff: {
        returneeId: doc.returneeId,
        type: doc.type,
        version: version.version,
        thumbnail: thumb,
        masked: c.m === 1,
        disposition: c.i === 1 ? 'inline' : 'attachment',
      },
    });
    return {
      stream,
      contentType: thumb ? 'image/webp' : version.contentType,
      disposition: c.i === 1 ? 'inline' : 'attachment',
      fileName: thumb ? downloadName(version.fileName, 'image/webp', '-thumbnail') : downloadName(version.fileName, version.contentType),
      bytes: thumb ? null : version.bytes,
    };
  }

  static contentDisposition = contentDisposition;

  // ---- access ----

  private async scopeOf(actor: Actor, m: EntityManager): Promise<DocumentScope> {
    if (actor.role === 'admin') return { kind: 'all' };
    if ((actor.role === 'supervisor' || actor.role === 'caseworker') && actor.officeId) return { kind: 'office', officeId: actor.officeId };
    if (actor.role === 'ngo_staff' && actor.organizationId) {
      const grants = await this.referrals.documentGrants(actor, m);
      const granted = [...grants].filter(([, g]) => g.documents).map(([id]) => id);
      return { kind: 'grants', returneeIds: granted, healthReturneeIds: granted.filter((id) => grants.get(id)?.health), healthTypes: HEALTH_DOCUMENT_TYPES };
    }
    throw CommonError.forbidden();
  }

  // On a referral, office staff list the documents attached to it; its organisation's staff list what it shares: the
  // returnee's documents their grants reach (the scope applies the rule). Another organisation's referral shows nothing.
  private async filterFor(actor: Actor, f: DocumentFilter, m: EntityManager): Promise<DocumentFilter> {
    if (actor.role !== 'ngo_staff' || !f.referralId) return f;
    const r = (await this.referrals.planLinksByIds([f.referralId], m)).get(f.referralId);
    const { referralId, ...rest } = f;
    void referralId;
    if (!r || r.organizationId !== actor.organizationId || (f.returneeId && f.returneeId !== r.returneeId)) return { ...rest, id: [] };
    return { ...rest, returneeId: r.returneeId };
  }

  // A document the caller may read (deleted ones included: the caller sees deletedAt), else 404.
  private async requireReadable(actor: Actor, id: string, m: EntityManager): Promise<DocumentRow> {
    const scope = await this.scopeOf(actor, m);
    const doc = await this.docs.findOneInScope(m, scope, id);
    if (!doc) throw CommonError.notFound('Document');
    if (actor.role === 'ngo_staff') {
      const grants = await this.referrals.documentGrants(actor, m);
      if (!organizationSeesDocument(grants.get(doc.returneeId), doc.type) || doc.deletedAt) throw CommonError.notFound('Document');
    }
    return doc;
  }

  // A live document of the caller's office (locked when `lock`).
  private async requireWritable(actor: Actor, id: string, m: EntityManager, lock = false): Promise<DocumentRow> {
    officeStaff(actor);
    const doc = await this.docs.findOneInScope(m, await this.scopeOf(actor, m), id, lock);
    if (!doc) throw CommonError.notFound('Document');
    if (doc.purgedAt) throw DocumentsError.purged();
    if (doc.deletedAt) throw DocumentsError.deleted();
    return doc;
  }

  // A case, referral or plan named on upload must be the returnee's and in the caller's scope.
  private async checkLinks(actor: Actor, returnee: { id: string; officeId: string }, f: CreateDocumentFields, m: EntityManager): Promise<void> {
    const wrong = (field: string, what: string) =>
      DocumentsError.invalid({ [field]: `is not one of this returnee's ${what}` }, `The ${what.replace(/s$/, '')} does not belong to this returnee`);
    if (f.caseId) {
      const c = await this.cases.requireCaseForFollowUp(actor, f.caseId, m).catch((err: unknown) => {
        if (isNotFound(err)) throw wrong('caseId', 'cases');
        throw err;
      });
      if (c.returneeId !== returnee.id) throw wrong('caseId', 'cases');
    }
    if (f.referralId) {
      const r = (await this.referrals.planLinksByIds([f.referralId], m)).get(f.referralId);
      if (!r || r.returneeId !== returnee.id || r.officeId !== returnee.officeId) throw wrong('referralId', 'referrals');
    }
    if (f.planId) {
      const p = (await this.plans.documentLinksByIds([f.planId], m)).get(f.planId);
      if (!p || p.returneeId !== returnee.id || p.officeId !== returnee.officeId) throw wrong('planId', 'plans');
    }
  }

  private today(): string {
    return new Date(this.clock.now().getTime() + BISHKEK_OFFSET_MS).toISOString().slice(0, 10);
  }

  private async names(ids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    return unique.length ? this.users.namesByIds(unique) : new Map<string, string>();
  }

  private async present(docs: DocumentRow[], m: EntityManager = this.ds.manager): Promise<DocumentDto[]> {
    const versions = await this.docs.currentVersions(m, docs);
    const names = await this.names([...versions.values()].map((v) => v.uploadedBy));
    const today = this.today();
    return docs.map((d) => toDocumentDto(d, versions.get(d.id) as DocumentVersion, today, names));
  }
}

function officeStaff(actor: Actor): void {
  if (actor.role !== 'supervisor' && actor.role !== 'caseworker') throw CommonError.forbidden();
}

// The store's own errors as the documents API answers them: a clear code, never a bare 500.
function storeError(err: unknown): unknown {
  if (err instanceof ObjectMissingError) return DocumentsError.fileUnavailable(502, 'missing');
  if (err instanceof StoreUnavailableError) return DocumentsError.fileUnavailable(503, 'store_unavailable');
  return err;
}

// What a list's audit row keeps of its filter: ids and types, not the search words.
function auditFilter(f: DocumentFilter): Record<string, unknown> {
  const { q, ...rest } = f;
  return { ...rest, searched: q !== undefined };
}
