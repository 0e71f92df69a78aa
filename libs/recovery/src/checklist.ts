import type { DocumentType } from '@kaytuu/documents';
import CHECKLISTS from './checklists.json';

// Required-document checklists (issue 17), evaluated without the database: the rules are data (checklists.json, with
// their labels in ky/ru/en); the caller reads the case and the returnee's live documents and passes them in.

// Identity and work papers: what a returnee can lose and get back through a recovery item.
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

export const CHECKLIST_STATUSES = ['present', 'missing', 'expired'] as const;
export type ChecklistStatus = (typeof CHECKLIST_STATUSES)[number];
export type Label = { ky: string; ru: string; en: string };

type Rule = { key: string; anyOf: DocumentType[]; perCountry?: boolean; when?: Record<string, unknown>; label: Label };
const RULES = CHECKLISTS as unknown as Record<string, Rule[]>;

export type ChecklistCase = { type: string; details: Record<string, unknown> | null };
export type ChecklistDocument = { documentId: string; type: string; issuerCountry: string | null; expiresOn: string | null };
export type ChecklistItem = {
  key: string;
  label: Label;
  anyOf: DocumentType[];
  perCountry?: true;
  country?: string;
  status: ChecklistStatus;
  documentIds: string[];
};
export type Checklist = { complete: boolean; items: ChecklistItem[] };
// What a pension case's `missingDocuments` lists: the checklist items not present.
export type MissingDocument = { key: string; anyOf: DocumentType[]; country?: string; status: 'missing' | 'expired' };

// The foreign countries a pension claim counts work in: the case's country, and a period's own country where one is
// recorded; Kyrgyzstan itself needs no foreign statement.
export function pensionCountries(details: Record<string, unknown> | null): string[] {
  if (!details) return [];
  const out = new Set<string>();
  const add = (c: unknown) => {
    if (typeof c === 'string' && /^[A-Za-z]{2}$/.test(c) && c.toUpperCase() !== 'KG') out.add(c.toUpperCase());
  };
  add(details.country);
  if (Array.isArray(details.periods)) for (const p of details.periods as Array<Record<string, unknown>>) add(p?.country);
  return [...out].sort();
}

const matches = (when: Record<string, unknown> | undefined, details: Record<string, unknown> | null) =>
  !when || (details !== null && Object.entries(when).every(([k, v]) => details[k] === v));

// The items a case must show, before any document is looked at (a per-country item once per country).
export function checklistRulesFor(c: ChecklistCase): Array<Omit<ChecklistItem, 'status' | 'documentIds'>> {
  const out: Array<Omit<ChecklistItem, 'status' | 'documentIds'>> = [];
  for (const rule of RULES[c.type] ?? []) {
    if (!matches(rule.when, c.details)) continue;
    const base = { key: rule.key, label: rule.label, anyOf: [...rule.anyOf] };
    if (rule.perCountry) for (const country of pensionCountries(c.details)) out.push({ ...base, perCountry: true, country });
    else out.push(base);
  }
  return out;
}

// Expired: an expiry date before `today` (the Bishkek calendar day, YYYY-MM-DD); a document without one never expires.
export const isExpired = (expiresOn: string | null, today: string): boolean => expiresOn !== null && expiresOn < today;

// Present: a live document of a listed type (issued in the item's country, for a per-country item) that has not
// expired; expired: only expired ones; missing: none.
export function evaluateChecklist(c: ChecklistCase, documents: readonly ChecklistDocument[], today: string): Checklist {
  const items = checklistRulesFor(c).map((rule): ChecklistItem => {
    const fitting = documents.filter(
      (d) => (rule.anyOf as string[]).includes(d.type) && (rule.country === undefined || (d.issuerCountry ?? '').toUpperCase() === rule.country),
    );
    const valid = fitting.filter((d) => !isExpired(d.expiresOn, today));
    const status: ChecklistStatus = valid.length ? 'present' : fitting.length ? 'expired' : 'missing';
    return { ...rule, status, documentIds: (valid.length ? valid : fitting).map((d) => d.documentId) };
  });
  return { complete: items.every((i) => i.status === 'present'), items };
}

export function missingOf(checklist: Checklist): MissingDocument[] {
  return checklist.items
    .filter((i): i is ChecklistItem & { status: 'missing' | 'expired' } => i.status !== 'present')
    .map((i) => ({ key: i.key, anyOf: i.anyOf, ...(i.country ? { country: i.country } : {}), status: i.status }));
}

// Kyrgyzstan keeps UTC+6 all year, so a fixed offset gives the calendar day in Bishkek.
export const bishkekDay = (now: Date): string => new Date(now.getTime() + 6 * 3_600_000).toISOString().slice(0, 10);
