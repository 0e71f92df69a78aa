import { DocumentRow, DocumentType, DocumentVersion } from '../document.entity';

export type DocumentDto = {
  id: string;
  returneeId: string;
  caseId: string | null;
  referralId: string | null;
  planId: string | null;
  type: DocumentType;
  title: string;
  issuedOn: string | null;
  issuerCountry: string | null;
  issuer: string | null;
  expiresOn: string | null;
  expired: boolean;
  version: number;
  contentType: string;
  bytes: number;
  sha256: string;
  fileName: string;
  hasThumbnail: boolean;
  uploadedById: string;
  uploadedByName: string | null;
  uploadedAt: string;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  purgedAt: string | null;
};

export type DocumentVersionDto = {
  version: number;
  current: boolean;
  contentType: string;
  bytes: number;
  sha256: string;
  fileName: string;
  hasThumbnail: boolean;
  uploadedById: string;
  uploadedByName: string | null;
  uploadedAt: string;
};

export type DocumentLinkDto = { url: string; expiresAt: string };

export function toDocumentDto(d: DocumentRow, v: DocumentVersion, today: string, names: Map<string, string>): DocumentDto {
  return {
    id: d.id,
    returneeId: d.returneeId,
    caseId: d.caseId,
    referralId: d.referralId,
    planId: d.planId,
    type: d.type,
    title: d.title,
    issuedOn: d.issuedOn,
    issuerCountry: d.issuerCountry,
    issuer: d.issuer,
    expiresOn: d.expiresOn,
    expired: d.expiresOn !== null && d.expiresOn < today,
    version: d.currentVersion,
    contentType: v.contentType,
    bytes: v.bytes,
    sha256: v.sha256,
    fileName: v.fileName,
    hasThumbnail: v.thumbObjectKey !== null,
    uploadedById: v.uploadedBy,
    uploadedByName: names.get(v.uploadedBy) ?? null,
    uploadedAt: v.uploadedAt.toISOString(),
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
    deletedAt: d.deletedAt ? d.deletedAt.toISOString() : null,
    purgedAt: d.purgedAt ? d.purgedAt.toISOString() : null,
  };
}

export function toVersionDto(v: DocumentVersion, current: number, names: Map<string, string>): DocumentVersionDto {
  return {
    version: v.version,
    current: v.version === current,
    contentType: v.contentType,
    bytes: v.bytes,
    sha256: v.sha256,
    fileName: v.fileName,
    hasThumbnail: v.thumbObjectKey !== null,
    uploadedById: v.uploadedBy,
    uploadedByName: names.get(v.uploadedBy) ?? null,
    uploadedAt: v.uploadedAt.toISOString(),
  };
}
