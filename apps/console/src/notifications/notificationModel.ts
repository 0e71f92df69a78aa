// No imports on purpose: the root jest/tsc (NodeNext) check this file directly, while the console bundles it.

export const NOTIFICATION_KINDS = [
  'follow_up_due_soon',
  'follow_up_due',
  'follow_up_missed',
  'follow_up_assigned',
  'referral_received',
  'referral_accepted',
  'referral_declined',
  'referral_in_service',
  'referral_completed',
  'referral_cancelled',
  'referral_overdue',
  'referral_note',
  'case_assigned',
  'case_reassigned',
  'case_sent_back',
  'case_reopened',
  'household_child_without_caregiver',
  'plan_submitted',
  'tb_checkin_concern',
] as const;

export type AppNotification = {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  data: Record<string, unknown> | null;
  readAt: string | null;
  createdAt: string;
};

export type NotificationI18n = {
  translate: (key: string, options?: Record<string, unknown>) => string;
  formatDateTime: (iso: string) => string;
};

const placeholders = (template: string): string[] => [...template.matchAll(/%\{(\w+)\}/g)].map((m) => m[1]);

// The message in the UI language from kind + data (the API's title is a Russian fallback). The API title is
// used when the kind is unknown to the catalogs or the data lacks a value the message needs, so a reader
// never sees a raw "%{caseCode}".
export function notificationText(n: Pick<AppNotification, 'kind' | 'title' | 'data'>, i18n: NotificationI18n): string {
  const key = `app.notifications.kinds.${n.kind}`;
  const template = i18n.translate(key, { _: key, smart_count: 1 });
  if (template === key || !/^[a-z0-9_]+$/.test(n.kind)) return n.title;
  const data = n.data ?? {};
  const values: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) if (typeof v === 'string' || typeof v === 'number') values[k] = v;
  if (typeof data.dueAt === 'string' && !Number.isNaN(Date.parse(data.dueAt))) values.dueAt = i18n.formatDateTime(data.dueAt);
  // `kind` in data is the follow-up's kind (call, visit…), shown by its label
  if (typeof data.kind === 'string') values.kind = i18n.translate(`enums.follow_up_kind.${data.kind}`, { _: data.kind });
  const missing = placeholders(template).filter((p) => p !== 'smart_count' && (values[p] === undefined || values[p] === ''));
  if (missing.length > 0) return n.title;
  return i18n.translate(key, values);
}

// Only console hash routes are followed ("#/cases/<id>/show/follow-ups" → "/cases/<id>/show/follow-ups");
// anything else (absolute URLs, protocol tricks) is ignored rather than opened.
export function routeFromLink(link: string | null | undefined): string | null {
  if (typeof link !== 'string') return null;
  const m = /^#?(\/[A-Za-z0-9\-_/]*)(\?[^#\s]*)?$/.exec(link.trim());
  if (!m || m[1].startsWith('//')) return null;
  return `${m[1]}${m[2] ?? ''}`;
}
