import { NewNotification, NotificationKind } from '@kaytuu/notifications';

export type CaseNotificationKind = Extract<NotificationKind, `case_${string}`>;
export type CaseNotice = { caseId: string; caseCode: string; returneeName: string | null; version: number };

// Russian fallbacks only: the console renders kind + data through its own i18n. Staff only, so the returnee is named.
const TITLE: Record<CaseNotificationKind, (n: CaseNotice) => string> = {
  case_assigned: (n) => `Вам передано дело ${n.caseCode}`,
  case_reassigned: (n) => `Дело ${n.caseCode} передано другому сотруднику`,
  case_sent_back: (n) => `Закрытие дела ${n.caseCode} не утверждено`,
  case_reopened: (n) => `Дело ${n.caseCode} открыто повторно`,
};

// One row per person per case change: the case's new version makes the key unique per change, so a retried
// delivery of the same change never doubles up.
export function caseNotification(userId: string, kind: CaseNotificationKind, n: CaseNotice, extra: Record<string, unknown> = {}): NewNotification {
  return {
    userId,
    kind,
    title: TITLE[kind](n),
    body: typeof extra.reason === 'string' ? extra.reason : typeof extra.comment === 'string' ? extra.comment : '',
    link: `#/cases/${n.caseId}/show`,
    data: { caseId: n.caseId, caseCode: n.caseCode, returneeName: n.returneeName, ...extra },
    dedupeKey: `case:${n.caseId}:${kind}:v${n.version}:${userId}`,
  };
}
