import { DOCUMENT_TYPES as SERVER_TYPES } from '../../libs/documents/src/document.entity';
import { CHECKLIST_STATUSES as SERVER_CHECKLIST, RECOVERABLE_TYPES as SERVER_RECOVERABLE } from '../../libs/recovery/src/checklist';
import { RECOVERY_AUTHORITIES as SERVER_AUTHORITIES, RECOVERY_STATUSES as SERVER_STATUSES } from '../../libs/recovery/src/recovery-item.entity';
import * as m from '../../apps/console/src/documents/documentModel';
import type { Checklist, ChecklistItem, DocumentValues, RecoveryItem } from '../../apps/console/src/documents/documentModel';

const file = (name: string, size: number) => ({ name, size }) as unknown as File;
const values = (over: Partial<DocumentValues> = {}): DocumentValues => ({
  ...m.emptyDocument('work_book'),
  title: 'Трудовая книжка',
  file: file('wb.pdf', 10),
  ...over,
});
const item = (over: Partial<ChecklistItem> = {}): ChecklistItem => ({
  key: 'work_record',
  anyOf: ['work_book', 'employment_contract'],
  status: 'missing',
  documentIds: [],
  ...over,
});

describe('console documents model', () => {
  it('should mirror the server’s document types, checklist statuses, recoverable types, authorities and recovery statuses', () => {
    expect([...m.DOCUMENT_TYPES]).toEqual([...SERVER_TYPES]);
    expect([...m.CHECKLIST_STATUSES]).toEqual([...SERVER_CHECKLIST]);
    expect([...m.RECOVERABLE_TYPES]).toEqual([...SERVER_RECOVERABLE]);
    expect([...m.RECOVERY_AUTHORITIES]).toEqual([...SERVER_AUTHORITIES]);
    expect([...m.RECOVERY_STATUSES]).toEqual([...SERVER_STATUSES]);
  });

  it('should ask for the type, a title, a non-empty file and dates in order before an upload', () => {
    const problems = (v: DocumentValues, o?: { needsMeta?: boolean }) => Object.entries(m.documentProblems(v, o)).filter(([, p]) => p);
    expect(problems(values())).toEqual([]);
    expect(Object.fromEntries(problems({ ...m.emptyDocument(), file: null }))).toEqual({
      type: 'app.documents.validation.type_required',
      title: 'app.documents.validation.title_required',
      file: 'app.documents.validation.file_required',
    });
    expect(problems(values({ file: file('x.pdf', 0) }))).toEqual([['file', 'app.documents.validation.file_empty']]);
    expect(problems(values({ title: 'x'.repeat(201) }))).toEqual([['title', 'app.documents.validation.title_too_long']]);
    expect(problems(values({ issuedOn: '2026-05-01', expiresOn: '2026-04-30' }))).toEqual([['expiresOn', 'app.documents.validation.expires_before_issued']]);
    // a new version asks only for the file
    expect(problems({ ...m.emptyDocument(), file: file('v2.pdf', 5) }, { needsMeta: false })).toEqual([]);
  });

  it('should send the multipart fields before the file, with the attachment and without empty values', () => {
    const fields = m.documentFields(values({ title: '  Трудовая  ', issuerCountry: 'RU', issuer: ' ' }), { returneeId: 'r1', caseId: 'c1' });
    expect(fields).toEqual([
      ['returneeId', 'r1'],
      ['caseId', 'c1'],
      ['type', 'work_book'],
      ['title', 'Трудовая'],
      ['issuerCountry', 'RU'],
    ]);
    expect(m.documentFilter({ returneeId: 'r1' })).toEqual({ returneeId: 'r1' });
    expect(m.documentFilter({ returneeId: 'r1', caseId: 'c1' })).toEqual({ caseId: 'c1' });
    expect(m.documentFilter({ returneeId: 'r1', referralId: 'f1' })).toEqual({ referralId: 'f1' });
    expect(m.documentFilter({ returneeId: 'r1', planId: 'p1' })).toEqual({ planId: 'p1' });
  });

  it('should propose a title from the file name without its extension or control characters', () => {
    expect(m.titleFromFileName('payslip_2024_03.pdf')).toBe('payslip 2024 03');
    expect(m.titleFromFileName('a\u0000b\u0007.jpeg')).toBe('ab');
  });

  it('should explain an upload refused without the API’s body by its HTTP status', () => {
    expect(m.uploadErrorCode(413, undefined)).toBe('FILE_TOO_LARGE');
    expect(m.uploadErrorCode(413, 'QUOTA_EXCEEDED')).toBe('QUOTA_EXCEEDED');
    expect(m.uploadErrorCode(415, undefined)).toBe('UNSUPPORTED_FILE_TYPE');
    expect(m.uploadErrorCode(409, undefined)).toBe('DUPLICATE_DOCUMENT');
    expect(m.uploadErrorCode(0, undefined)).toBe('UPLOAD_INTERRUPTED');
    expect(m.uploadErrorCode(500, 'not a code')).toBe('HTTP_ERROR');
  });

  it('should preview PDFs and the images a browser shows, and size files in the UI language', () => {
    expect(m.isPreviewable('application/pdf')).toBe(true);
    expect(m.isPreviewable('image/png')).toBe(true);
    expect(m.isPreviewable('image/heic')).toBe(false);
    expect(m.isPreviewable('application/vnd.openxmlformats-officedocument.wordprocessingml.document')).toBe(false);
    expect(m.sizeParts(512)).toEqual({ value: 512, unit: 'B' });
    expect(m.sizeParts(1536)).toEqual({ value: 1.5, unit: 'KB' });
    expect(m.sizeParts(20 * 1024 * 1024)).toEqual({ value: 20, unit: 'MB' });
    expect(m.formatSize(1536, 'ru', (u) => ({ KB: 'КБ' })[u] ?? u)).toBe('1,5 КБ');
    expect(m.formatSize(1536, 'en')).toBe('1.5 KB');
    expect(m.percent(50, 200)).toBe(25);
    expect(m.percent(10, 0)).toBe(0);
    expect(m.percent(300, 200)).toBe(100);
  });

  it('should mark a document expired as the API says or by its date', () => {
    expect(m.isExpired({ expired: false, expiresOn: '2026-12-06' }, '2026-12-07')).toBe(true);
    expect(m.isExpired({ expired: false, expiresOn: '2026-12-07' }, '2026-12-07')).toBe(false);
    expect(m.isExpired({ expired: true, expiresOn: null }, '2026-12-07')).toBe(true);
  });

  it('should count, name and preset checklist items, and ask for the reason only on an incomplete pension claim', () => {
    const list: Checklist = {
      caseId: 'c1',
      complete: false,
      items: [
        item(),
        item({ key: 'payslips', anyOf: ['payslip'], status: 'present' }),
        item({ key: 'foreign', anyOf: ['foreign_pension_statement'], perCountry: true, country: 'RU', status: 'expired' }),
      ],
    };
    expect(m.checklistCounts(list)).toEqual({ present: 1, missing: 1, expired: 1 });
    const name = (t: string) => t.toUpperCase();
    expect(m.checklistLabel(list.items[0], 'ru', name, (c) => c)).toBe('WORK_BOOK / EMPLOYMENT_CONTRACT');
    expect(m.checklistLabel({ ...list.items[0], label: { ru: 'Трудовой стаж' } }, 'ru', name, (c) => c)).toBe('Трудовой стаж');
    expect(m.checklistLabel(list.items[2], 'en', name, (c) => `<${c}>`)).toBe('FOREIGN_PENSION_STATEMENT (<RU>)');
    expect(m.uploadPreset(list.items[2])).toEqual({ type: 'foreign_pension_statement', country: 'RU' });
    expect(m.uploadPreset(list.items[0])).toEqual({ type: 'work_book', country: '' });
    expect(m.needsMissingReason('pension_claim', list)).toBe(true);
    expect(m.needsMissingReason('pension_claim', { ...list, complete: true })).toBe(false);
    expect(m.needsMissingReason('legal_aid', list)).toBe(false);
    expect(m.needsMissingReason('pension_claim', undefined)).toBe(false);
  });

  it('should check and build recovery items as the API takes them', () => {
    const v = {
      ...m.recoveryValues(),
      documentType: 'passport' as const,
      authority: 'passport_office' as const,
      requestedOn: '2026-12-01',
      status: 'requested' as const,
    };
    expect(Object.values(m.recoveryProblems(v, '2026-12-07')).filter(Boolean)).toEqual([]);
    expect(m.recoveryProblems({ ...v, requestedOn: '' }, '2026-12-07').requestedOn).toBe('app.recovery.validation.requested_on_required');
    expect(m.recoveryProblems({ ...v, requestedOn: '2026-12-08' }, '2026-12-07').requestedOn).toBe('app.recovery.validation.requested_in_future');
    expect(m.recoveryProblems({ ...v, expectedOn: '2026-11-30' }, '2026-12-07').expectedOn).toBe('app.recovery.validation.expected_before_requested');
    expect(m.toRecoveryBody({ ...v, authorityName: ' ', note: '' }, 'r1')).toEqual({
      returneeId: 'r1',
      documentType: 'passport',
      country: null,
      authority: 'passport_office',
      authorityName: null,
      requestedOn: '2026-12-01',
      expectedOn: null,
      status: 'requested',
      note: null,
    });
    const stored: RecoveryItem = {
      id: 'i1',
      returneeId: 'r1',
      documentType: 'passport',
      authority: 'passport_office',
      status: 'requested',
      version: 3,
      allowedTransitions: ['refused', 'received'],
    };
    // the returnee and the type are not sent on an update
    expect(m.toRecoveryBody(m.recoveryValues(stored), 'r1', stored)).toEqual(expect.objectContaining({ version: 3, status: 'requested' }));
    expect(m.toRecoveryBody(m.recoveryValues(stored), 'r1', stored)).not.toHaveProperty('documentType');
    expect(m.editableStatuses(stored)).toEqual(['requested', 'refused']);
    expect(m.editableStatuses(null)).toEqual(['to_request', 'requested']);
    expect(m.isRecoveryOverdue({ status: 'requested', expectedOn: '2026-12-01' }, '2026-12-07')).toBe(true);
    expect(m.isRecoveryOverdue({ status: 'received', expectedOn: '2026-12-01' }, '2026-12-07')).toBe(false);
  });
});
