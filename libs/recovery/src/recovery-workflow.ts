import { labelOf } from '@kaytuu/shared';
import { ChecklistCase, ChecklistDocument, evaluateChecklist, isExpired, RECOVERABLE_TYPES, RecoverableType } from './checklist';
import { RecoveryAuthority, RecoveryStatus } from './recovery-item.entity';

// The recovery item's rules, without the database: the status graph, when its follow-up falls, and what is proposed
// for a returnee who came back without papers.

// `received` is reached only through POST …/:id/receive (it links the document); a refused request may be made again.
const GRAPH: Record<RecoveryStatus, readonly RecoveryStatus[]> = {
  to_request: ['requested', 'received'],
  requested: ['refused', 'received'],
  refused: ['requested'],
  received: [],
};

export const allowedRecoveryTransitions = (from: RecoveryStatus): RecoveryStatus[] => [...GRAPH[from]];
export const isRecoveryTransitionAllowed = (from: RecoveryStatus, to: RecoveryStatus): boolean => GRAPH[from].includes(to);

// Who usually issues a paper again.
export function authorityFor(type: RecoverableType): RecoveryAuthority {
  switch (type) {
    case 'passport':
    case 'id_card':
      return 'passport_office';
    case 'foreign_pension_statement':
      return 'foreign_pension_fund';
    case 'birth_certificate':
      return 'other';
    default:
      return 'former_employer';
  }
}

const DAY_MS = 86_400_000;
export const FOLLOW_UP_DAYS_BEFORE = 3;
// The chasing call: three days before the expected day, 10:00 in Bishkek; when that is already past, in an hour.
export function followUpDueAt(expectedOn: string, now: Date): Date {
  const target = new Date(Date.parse(`${expectedOn}T10:00:00+06:00`) - FOLLOW_UP_DAYS_BEFORE * DAY_MS);
  return target.getTime() > now.getTime() ? target : new Date(now.getTime() + 3_600_000);
}

export type OpenCase = ChecklistCase & { id: string };
export type ExistingItem = { documentType: string; country: string | null; status: RecoveryStatus };
export type Proposal = { caseId: string | null; documentType: RecoverableType; country: string | null; authority: RecoveryAuthority };

// For a returnee without papers: an identity document (passport, from Kyrgyzstan) unless a valid passport or ID card
// is on file, then every identity or work paper the open cases' checklists miss (the first listed type of an item, in
// the item's country), each once; none that an open item (to_request or requested) already chases.
export function proposeRecovery(
  cases: readonly OpenCase[],
  documents: readonly ChecklistDocument[],
  existing: readonly ExistingItem[],
  today: string,
): Proposal[] {
  const out: Proposal[] = [];
  const seen = new Set(existing.filter((e) => e.status === 'to_request' || e.status === 'requested').map((e) => `${e.documentType}|${e.country ?? ''}`));
  const add = (p: Proposal) => {
    const key = `${p.documentType}|${p.country ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(p);
  };
  const hasIdentity = documents.some((d) => (d.type === 'passport' || d.type === 'id_card') && !isExpired(d.expiresOn, today));
  if (!hasIdentity) add({ caseId: cases[0]?.id ?? null, documentType: 'passport', country: 'KG', authority: 'passport_office' });
  for (const c of cases) {
    for (const item of evaluateChecklist(c, documents, today).items) {
      const type = item.anyOf[0] as RecoverableType;
      if (item.status === 'present' || !(RECOVERABLE_TYPES as readonly string[]).includes(type)) continue;
      add({ caseId: c.id, documentType: type, country: item.country ?? (type === 'passport' ? 'KG' : null), authority: authorityFor(type) });
    }
  }
  return out;
}

// The chasing follow-up's note, in the three languages of the console (a follow-up's notes are one text for everyone).
const CHASE_WORDS = {
  ky: { what: 'Документти калыбына келтирүү', expected: 'күтүлөт' },
  ru: { what: 'Восстановление документа', expected: 'ожидается' },
  en: { what: 'Document recovery', expected: 'expected' },
} as const;
export function chaseNote(type: RecoverableType, country: string | null, expectedOn: string): string {
  return (['ky', 'ru', 'en'] as const)
    .map((l) => `${CHASE_WORDS[l].what}: ${labelOf(l, 'document_type', type)}${country ? ` (${country})` : ''}, ${CHASE_WORDS[l].expected} ${expectedOn}`)
    .join('\n');
}
