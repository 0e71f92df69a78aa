// No imports on purpose: the root jest may check this file directly, while the console bundles it.

// Mirrors the documents contract (libs/documents): the fixed list of types, the recovery authorities and statuses.
export const DOCUMENT_TYPES = [
  'passport',
  'id_card',
  'birth_certificate',
  'work_book',
  'employment_contract',
  'payslip',
  'foreign_pension_statement',
  'entry_ban_notice',
  'court_decision',
  'medical_discharge',
  'tb_treatment_card',
  'consent_form',
  'signed_plan',
  'photo',
  'other',
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];
// Identity and work papers: what a returnee can lose and get back through a recovery item (libs/recovery checklist.ts).
export const RECOVERABLE_TYPES = [
  'passport',
  'id_card',
  'birth_certificate',
  'work_book',
  'employment_contract',
  'payslip',
  'foreign_pension_statement',
] as const satisfies readonly DocumentType[];
export type RecoverableType = (typeof RECOVERABLE_TYPES)[number];
export const RECOVERY_AUTHORITIES = ['passport_office', 'former_employer', 'foreign_pension_fund', 'consulate', 'other'] as const;
export type RecoveryAuthority = (typeof RECOVERY_AUTHORITIES)[number];
export const RECOVERY_STATUSES = ['to_request', 'requested', 'received', 'refused'] as const;
export type RecoveryStatus = (typeof RECOVERY_STATUSES)[number];
export const CHECKLIST_STATUSES = ['present', 'missing', 'expired'] as const;
export type ChecklistStatus = (typeof CHECKLIST_STATUSES)[number];

// What the file input offers (the server decides by the content, not by this list or the file's name).
export const FILE_ACCEPT = '.pdf,.jpg,.jpeg,.png,.webp,.heic,.docx,.xlsx,application/pdf,image/*';
export const MAX_TITLE = 200;
export const MAX_ISSUER = 200;

export type DocumentRecord = {
  id: string;
  returneeId: string;
  caseId?: string | null;
  referralId?: string | null;
  planId?: string | null;
  type: DocumentType;
  title: string;
  issuedOn?: string | null;
  issuerCountry?: string | null;
  issuer?: string | null;
  expiresOn?: string | null;
  expired: boolean;
  version: number;
  contentType: string;
  bytes: number;
  sha256: string;
  fileName: string;
  hasThumbnail: boolean;
  uploadedById: string;
  uploadedByName?: string | null;
  uploadedAt: string;
  createdAt: string;
  updatedAt: string;
  deletedAt?: string | null;
};

export type DocumentVersion = {
  id?: string;
  version: number;
  contentType: string;
  bytes: number;
  sha256?: string;
  fileName: string;
  hasThumbnail?: boolean;
  uploadedById?: string;
  uploadedByName?: string | null;
  uploadedAt: string;
};

export type ChecklistItem = {
  key: string;
  label?: Partial<Record<'ky' | 'ru' | 'en', string>> | null;
  anyOf: DocumentType[];
  perCountry?: boolean;
  country?: string | null;
  status: ChecklistStatus;
  documentIds: string[];
};
export type Checklist = { caseId: string; complete: boolean; items: ChecklistItem[] };

export type RecoveryItem = {
  id: string;
  returneeId: string;
  caseId?: string | null;
  documentType: RecoverableType;
  country?: string | null;
  authority: RecoveryAuthority;
  authorityName?: string | null;
  requestedOn?: string | null;
  expectedOn?: string | null;
  status: RecoveryStatus;
  documentId?: string | null;
  receivedOn?: string | null;
  followUpId?: string | null;
  note?: string | null;
  allowedTransitions?: RecoveryStatus[];
  version?: number;
  createdAt?: string;
  updatedAt?: string;
};

// Where a document is attached besides its returnee (the page it is uploaded from).
export type Attach = { returneeId: string; caseId?: string; referralId?: string; planId?: string };

// ---- the upload form -------------------------------------------------------------------------------------------------

export type DocumentValues = {
  type: DocumentType | '';
  title: string;
  issuedOn: string;
  issuerCountry: string;
  issuer: string;
  expiresOn: string;
  file: File | null;
};

export const emptyDocument = (type: DocumentType | '' = '', country = ''): DocumentValues => ({
  type,
  title: '',
  issuedOn: '',
  issuerCountry: country,
  issuer: '',
  expiresOn: '',
  file: null,
});

const DAY = /^\d{4}-\d{2}-\d{2}$/;

// The client's own checks, as FormDialog's `validate` answers them (field → catalog key).
export function documentProblems(v: DocumentValues, opts: { needsMeta?: boolean } = {}): Record<string, string | undefined> {
  const meta = opts.needsMeta ?? true;
  return {
    type: meta && !v.type ? 'app.documents.validation.type_required' : undefined,
    title: !meta
      ? undefined
      : v.title.trim() === ''
        ? 'app.documents.validation.title_required'
        : v.title.trim().length > MAX_TITLE
          ? 'app.documents.validation.title_too_long'
          : undefined,
    issuer: meta && v.issuer.trim().length > MAX_ISSUER ? 'app.documents.validation.issuer_too_long' : undefined,
    issuedOn: meta && v.issuedOn && !DAY.test(v.issuedOn) ? 'app.documents.validation.bad_date' : undefined,
    expiresOn:
      meta && v.expiresOn && !DAY.test(v.expiresOn)
        ? 'app.documents.validation.bad_date'
        : meta && v.expiresOn && v.issuedOn && v.expiresOn < v.issuedOn
          ? 'app.documents.validation.expires_before_issued'
          : undefined,
    file: !v.file ? 'app.documents.validation.file_required' : v.file.size === 0 ? 'app.documents.validation.file_empty' : undefined,
  };
}

// The multipart fields of POST /api/documents, in order: the server reads them before the `file` part. Empty values
// are left out; the title is trimmed.
export function documentFields(v: DocumentValues, attach: Attach): Array<[string, string]> {
  const out: Array<[string, string]> = [['returneeId', attach.returneeId]];
  if (attach.caseId) out.push(['caseId', attach.caseId]);
  if (attach.referralId) out.push(['referralId', attach.referralId]);
  if (attach.planId) out.push(['planId', attach.planId]);
  out.push(['type', v.type], ['title', v.title.trim()]);
  if (v.issuedOn) out.push(['issuedOn', v.issuedOn]);
  if (v.issuerCountry) out.push(['issuerCountry', v.issuerCountry]);
  if (v.issuer.trim()) out.push(['issuer', v.issuer.trim()]);
  if (v.expiresOn) out.push(['expiresOn', v.expiresOn]);
  return out;
}

// The list filter of GET /api/documents for the page a list stands on: the most specific attachment.
export function documentFilter(attach: Attach): Record<string, string> {
  if (attach.caseId) return { caseId: attach.caseId };
  if (attach.referralId) return { referralId: attach.referralId };
  if (attach.planId) return { planId: attach.planId };
  return { returneeId: attach.returneeId };
}

// A title proposed from the chosen file's name while the title is still empty: no extension, separators as spaces.
export const titleFromFileName = (name: string): string =>
  name
    .replace(/\.[A-Za-z0-9]{1,5}$/, '')
    .replace(/[_]+/g, ' ')
    // eslint-disable-next-line no-control-regex -- control characters are what this removes
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .slice(0, MAX_TITLE);

// ---- errors of an upload ---------------------------------------------------------------------------------------------

// The code an upload failure is explained by: the API's own code, or — when a proxy or a cut connection gave no JSON
// body — one chosen by the HTTP status (0: the connection closed before an answer, which is how a browser often sees
// the server refusing a too-large file early).
export function uploadErrorCode(status: number, code: string | undefined): string {
  if (code && /^[A-Z][A-Z0-9_]*$/.test(code)) return code;
  if (status === 413) return 'FILE_TOO_LARGE';
  if (status === 415) return 'UNSUPPORTED_FILE_TYPE';
  if (status === 409) return 'DUPLICATE_DOCUMENT';
  if (status === 0) return 'UPLOAD_INTERRUPTED';
  return 'HTTP_ERROR';
}

// ---- presenting documents --------------------------------------------------------------------------------------------

export const isImage = (contentType: string): boolean => /^image\/(jpeg|png|webp|gif)$/.test(contentType);
export const isPdf = (contentType: string): boolean => contentType === 'application/pdf';
// what the browser itself shows in the page (HEIC it cannot; its thumbnail may still be there)
export const isPreviewable = (contentType: string): boolean => isPdf(contentType) || isImage(contentType);

// 1536 → "1.5 KB" (in the UI language's number format); the unit's name is the caller's (translated) text.
export function sizeParts(bytes: number): { value: number; unit: 'B' | 'KB' | 'MB' | 'GB' } {
  if (!Number.isFinite(bytes) || bytes < 1024) return { value: Math.max(0, Math.round(bytes || 0)), unit: 'B' };
  const units = ['KB', 'MB', 'GB'] as const;
  let v = bytes / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return { value: Math.round(v * 10) / 10, unit: units[i] };
}

export function formatSize(bytes: number, locale: string, unitName: (unit: string) => string = (u) => u): string {
  const { value, unit } = sizeParts(bytes);
  const intl = ({ ky: 'ru-KG', ru: 'ru-RU', en: 'en-GB' } as Record<string, string>)[locale] ?? 'ru-RU';
  return `${value.toLocaleString(intl, { maximumFractionDigits: 1 })} ${unitName(unit)}`;
}

// Whole percent of an upload so far (0 while the total is not known yet).
export const percent = (loaded: number, total: number): number => (total > 0 ? Math.min(100, Math.floor((loaded / total) * 100)) : 0);

// Expired as the API says, or (before the server answers again) by the date against today.
export const isExpired = (d: Pick<DocumentRecord, 'expired' | 'expiresOn'>, today: string): boolean =>
  d.expired || (!!d.expiresOn && d.expiresOn.slice(0, 10) < today);

// ---- the checklist ---------------------------------------------------------------------------------------------------

export function checklistCounts(c: Checklist | null | undefined): Record<ChecklistStatus, number> {
  const out: Record<ChecklistStatus, number> = { present: 0, missing: 0, expired: 0 };
  for (const item of c?.items ?? []) if (item.status in out) out[item.status]++;
  return out;
}

// An item's name in the UI language: its own label when the API gives one, else its document types' names.
export function checklistLabel(item: ChecklistItem, locale: string, typeName: (t: DocumentType) => string, countryName: (c: string) => string): string {
  const own = item.label?.[locale as 'ky' | 'ru' | 'en'];
  const base = own && own.trim() ? own : item.anyOf.map(typeName).join(' / ');
  return item.perCountry && item.country ? `${base} (${countryName(item.country)})` : base;
}

// What the "upload" shortcut of a missing or expired item preselects: its first type, and its country when per country.
export const uploadPreset = (item: ChecklistItem): { type: DocumentType | ''; country: string } => ({
  type: item.anyOf[0] ?? '',
  country: item.perCountry && item.country ? item.country : '',
});

// A pension case with required documents missing needs the supervisor's reason to approve closure.
export const needsMissingReason = (caseType: string | undefined, checklist: Checklist | null | undefined): boolean =>
  caseType === 'pension_claim' && !!checklist && !checklist.complete;

// ---- recovery --------------------------------------------------------------------------------------------------------

export type RecoveryValues = {
  documentType: RecoverableType | '';
  country: string;
  authority: RecoveryAuthority | '';
  authorityName: string;
  requestedOn: string;
  expectedOn: string;
  status: RecoveryStatus;
  note: string;
};

export const recoveryValues = (item?: RecoveryItem | null): RecoveryValues => ({
  documentType: item?.documentType ?? '',
  country: item?.country ?? '',
  authority: item?.authority ?? '',
  authorityName: item?.authorityName ?? '',
  requestedOn: item?.requestedOn?.slice(0, 10) ?? '',
  expectedOn: item?.expectedOn?.slice(0, 10) ?? '',
  status: item?.status ?? 'to_request',
  note: item?.note ?? '',
});

export function recoveryProblems(v: RecoveryValues, today: string): Record<string, string | undefined> {
  return {
    documentType: v.documentType ? undefined : 'app.documents.validation.type_required',
    authority: v.authority ? undefined : 'app.recovery.validation.authority_required',
    requestedOn:
      (v.status === 'requested' || v.status === 'refused') && !v.requestedOn
        ? 'app.recovery.validation.requested_on_required'
        : v.requestedOn && v.requestedOn > today
          ? 'app.recovery.validation.requested_in_future'
          : undefined,
    expectedOn: v.expectedOn && v.requestedOn && v.expectedOn < v.requestedOn ? 'app.recovery.validation.expected_before_requested' : undefined,
  };
}

// POST/PUT /api/recovery-items body: empty texts and dates as null; the returnee and the document type are set on
// creation only; `received` is reached through …/receive only.
export function toRecoveryBody(v: RecoveryValues, returneeId: string, item?: RecoveryItem | null) {
  const text = (s: string) => (s.trim() === '' ? null : s.trim());
  return {
    ...(item ? {} : { returneeId, documentType: v.documentType }),
    country: v.country || null,
    authority: v.authority,
    authorityName: text(v.authorityName),
    requestedOn: v.requestedOn || null,
    expectedOn: v.expectedOn || null,
    ...(v.status === 'received' ? {} : { status: v.status }),
    note: text(v.note),
    ...(item?.version !== undefined ? { version: item.version } : {}),
  };
}

// The statuses the status input offers: the current one and those the API allows from it, except received (that comes
// with a document through "mark received"); a new item starts to_request or requested.
export const editableStatuses = (item?: Pick<RecoveryItem, 'status' | 'allowedTransitions'> | null): RecoveryStatus[] => {
  if (!item) return ['to_request', 'requested'];
  const allowed = item.allowedTransitions ?? RECOVERY_STATUSES.filter((s) => s !== item.status);
  return RECOVERY_STATUSES.filter((s) => s === item.status || (s !== 'received' && allowed.includes(s)));
};

// Still waiting and past the expected day.
export const isRecoveryOverdue = (item: Pick<RecoveryItem, 'status' | 'expectedOn'>, today: string): boolean =>
  (item.status === 'to_request' || item.status === 'requested') && !!item.expectedOn && item.expectedOn.slice(0, 10) < today;
