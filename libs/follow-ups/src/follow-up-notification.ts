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
type FollowUpNotificationKind = Extract<NotificationKind, `follow_up_${string}`>;
const TITLE: Record<FollowUpNotificationKind, (code: string) => string> = {
  follow_up_due_soon: (code) => `Скоро контакт по делу ${code}`,
  follow_up_due: (code) => `Пора выполнить контакт по делу ${code}`,
  follow_up_missed: (code) => `Пропущен контакт по делу ${code}`,
  follow_up_assigned: (code) => `Вам назначен контакт по делу ${code}`,
};
const DATE_FORMAT = new Intl.DateTimeFormat('ru-RU', { timeZone: 'Asia/Bishkek', dateStyle: 'short', timeStyle: 'short' });

export function followUpNotification(
  userId: string,
  kind: FollowUpNotificationKind,
  fu: Pick<FollowUp, 'id' | 'caseId' | 'kind' | 'dueAt'>,
  label: CaseLabel,
  dedupeKey: string,
): NewNotification {
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

type MailLocale = 'ky' | 'ru' | 'en';
const MAIL: Record<MailLocale, { dueSoon: string; due: string; body: (code: string, due: string, link: string) => string; dateLocale: string }> = {
  ru: {
    dueSoon: 'Скоро контакт по делу',
    due: 'Пора выполнить контакт по делу',
    dateLocale: 'ru-RU',
    body: (code, due, link) => `Запланированный контакт по делу ${code}, срок ${due} (время Бишкека).\nОткрыть: ${link}`,
  },
  ky: {
    dueSoon: 'Иш боюнча байланыш жакындап калды',
    due: 'Иш боюнча байланыштын убагы келди',
    dateLocale: 'ru-RU',
    body: (code, due, link) => `${code} иши боюнча пландалган байланыш, мөөнөтү ${due} (Бишкек убактысы).\nАчуу: ${link}`,
  },
  en: {
    dueSoon: 'Follow-up coming up on case',
    due: 'Follow-up due on case',
    dateLocale: 'en-GB',
    body: (code, due, link) => `A follow-up is scheduled on case ${code}, due ${due} (Bishkek time).\nOpen: ${link}`,
  },
};

// The reminder email names the case only by its code: no returnee name or health detail leaves the system by mail.
export function followUpReminderMail(
  locale: string,
  kind: 'follow_up_due' | 'follow_up_due_soon',
  fu: Pick<FollowUp, 'caseId' | 'dueAt'>,
  code: string,
  publicUrl: string,
): { subject: string; text: string } {
  const t = MAIL[(['ky', 'ru', 'en'].includes(locale) ? locale : 'ru') as MailLocale];
  const due = new Intl.DateTimeFormat(t.dateLocale, { timeZone: 'Asia/Bishkek', dateStyle: 'short', timeStyle: 'short' }).format(fu.dueAt);
  return { subject: `${kind === 'follow_up_due' ? t.due : t.dueSoon} ${code}`, text: t.body(code, due, `${publicUrl}/#/cases/${fu.caseId}/show/follow-ups`) };
}
