import { NewNotification, NotificationKind } from '@kaytuu/notifications';
import { FollowUp, FollowUpKind } from './follow-up.entity';

export type CaseLabel = { code: string | null; returneeName: string | null };

// Russian fallbacks only: the console renders kind + data through its own i18n.
const KIND_LABEL: Record<FollowUpKind, string> = {
  call: 'Звонок',
  visit: 'Визит',
  check_in: 'Проверка',
  monitoring_1m: 'Мониторинг (1 мес.)',
  monitoring_3m: 'Мониторинг (3 мес.)',
  monitoring_6m: 'Мониторинг (6 мес.)',
  monitoring_12m: 'Мониторинг (12 мес.)',
};
const TITLE: Record<NotificationKind, (code: string) => string> = {
  follow_up_due_soon: (code) => `Скоро контакт по делу ${code}`,
  follow_up_due: (code) => `Пора выполнить контакт по делу ${code}`,
  follow_up_missed: (code) => `Пропущен контакт по делу ${code}`,
  follow_up_assigned: (code) => `Вам назначен контакт по делу ${code}`,
};
const DATE_FORMAT = new Intl.DateTimeFormat('ru-RU', { timeZone: 'Asia/Bishkek', dateStyle: 'short', timeStyle: 'short' });

export function followUpNotification(userId: string, kind: NotificationKind, fu: FollowUp, label: CaseLabel, dedupeKey: string): NewNotification {
  const who = label.returneeName ? ` — ${label.returneeName}` : '';
  return {
    userId,
    kind,
    title: TITLE[kind](label.code ?? ''),
    body: `${KIND_LABEL[fu.kind]}${who}, срок ${DATE_FORMAT.format(fu.dueAt)}`,
    link: `#/cases/${fu.caseId}/show/follow-ups`,
    data: { caseId: fu.caseId, caseCode: label.code, returneeName: label.returneeName, followUpId: fu.id, dueAt: fu.dueAt.toISOString(), kind: fu.kind },
    dedupeKey,
  };
}
