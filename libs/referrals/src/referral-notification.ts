import { NewNotification, NotificationKind } from '@kaytuu/notifications';

export type ReferralNotificationKind = Extract<NotificationKind, `referral_${string}`>;
export type ReferralLabel = { referralId: string; caseId: string; caseCode: string | null; organizationName: string | null };

// Russian fallbacks only: the console renders kind + data through its own i18n. Notifications name the case by its
// code and the organisation, never the returnee: they may reach organisation staff.
const TITLE: Record<ReferralNotificationKind, (l: ReferralLabel) => string> = {
  referral_received: (l) => `Новое направление по делу ${l.caseCode ?? ''}`,
  referral_accepted: (l) => `${l.organizationName ?? 'Организация'} приняла направление по делу ${l.caseCode ?? ''}`,
  referral_declined: (l) => `${l.organizationName ?? 'Организация'} отклонила направление по делу ${l.caseCode ?? ''}`,
  referral_in_service: (l) => `${l.organizationName ?? 'Организация'} начала услугу по делу ${l.caseCode ?? ''}`,
  referral_completed: (l) => `${l.organizationName ?? 'Организация'} завершила услугу по делу ${l.caseCode ?? ''}`,
  referral_cancelled: (l) => `Направление по делу ${l.caseCode ?? ''} отозвано`,
  referral_overdue: (l) => `${l.organizationName ?? 'Организация'} не ответила на направление по делу ${l.caseCode ?? ''}`,
  referral_note: (l) => `Новая заметка по направлению, дело ${l.caseCode ?? ''}`,
};

// Staff open the case's referrals tab; organisation staff the referral itself (they cannot open cases).
export function referralNotification(
  userId: string,
  kind: ReferralNotificationKind,
  l: ReferralLabel,
  audience: 'staff' | 'organization',
  extra: Record<string, unknown> = {},
): NewNotification {
  return {
    userId,
    kind,
    title: TITLE[kind](l),
    body: '',
    link: audience === 'staff' ? `#/cases/${l.caseId}/show/referrals` : `#/referrals/${l.referralId}/show`,
    data: {
      referralId: l.referralId,
      caseCode: l.caseCode,
      organizationName: l.organizationName,
      ...(audience === 'staff' ? { caseId: l.caseId } : {}),
      ...extra,
    },
    dedupeKey: `referral:${l.referralId}:${kind}:${typeof extra.noteId === 'string' ? `${extra.noteId}:` : ''}${userId}`,
  };
}
