import GppMaybeIcon from '@mui/icons-material/GppMaybe';
import { Chip, Stack, Typography, type ChipProps, type SxProps, type Theme } from '@mui/material';
import { useLocaleState, useRecordContext, useTranslate } from 'react-admin';
import { formatDateTime } from '../shared/dates';
import { isReferralOverdue, type Referral, type ReferralStatus } from './referralModel';

const STATUS_COLOR: Record<ReferralStatus, ChipProps['color']> = {
  sent: 'info',
  accepted: 'primary',
  in_service: 'primary',
  completed: 'success',
  declined: 'error',
  cancelled: 'default',
};

export const ReferralStatusChip = ({ status }: { status: ReferralStatus }) => {
  const translate = useTranslate();
  return (
    <Chip
      size="small"
      variant={status === 'completed' || status === 'in_service' ? 'filled' : 'outlined'}
      color={STATUS_COLOR[status] ?? 'default'}
      label={translate(`enums.referral_status.${status}`, { _: status })}
      data-testid="referral-status"
      data-status={status}
    />
  );
};

export const OverdueChip = () => {
  const translate = useTranslate();
  return <Chip size="small" color="error" label={translate('app.referrals.overdue')} data-testid="referral-overdue" />;
};

// Consent withdrawn or expired after sending: the organisation no longer sees the shared data.
export const ConsentWithdrawnChip = ({ sx }: { sx?: SxProps<Theme> }) => {
  const translate = useTranslate();
  return (
    <Chip
      size="small"
      color="warning"
      icon={<GppMaybeIcon />}
      label={translate('app.referrals.consent_withdrawn_short')}
      title={translate('app.referrals.consent_withdrawn')}
      data-testid="referral-consent-withdrawn"
      sx={sx}
    />
  );
};

type RecordProp = { record?: Referral };

export const StatusCell = ({ record: given }: RecordProp) => {
  const ctx = useRecordContext<Referral>();
  const r = given ?? ctx;
  return r ? <ReferralStatusChip status={r.status} /> : null;
};

// respondBy matters only while the organisation has not answered; the overdue chip says it is late.
export const RespondByCell = ({ record: given }: RecordProp) => {
  const ctx = useRecordContext<Referral>();
  const [locale] = useLocaleState();
  const r = given ?? ctx;
  if (!r) return null;
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', whiteSpace: 'nowrap' }}>
      <span>{formatDateTime(r.respondBy, locale)}</span>
      {isReferralOverdue(r) && <OverdueChip />}
    </Stack>
  );
};

export const ConsentCell = ({ record: given }: RecordProp) => {
  const ctx = useRecordContext<Referral>();
  const r = given ?? ctx;
  return r && r.consentActive === false ? <ConsentWithdrawnChip /> : null;
};

// The organisation's answer: the outcome, why it declined, or why the case side cancelled.
export const AnswerCell = ({ record: given }: RecordProp) => {
  const ctx = useRecordContext<Referral>();
  const translate = useTranslate();
  const r = given ?? ctx;
  if (!r) return null;
  const [label, value] = r.outcome
    ? ['resources.referrals.fields.outcome', r.outcome]
    : r.declinedReason
      ? ['resources.referrals.fields.declinedReason', r.declinedReason]
      : r.cancelReason
        ? ['resources.referrals.fields.cancelReason', r.cancelReason]
        : [null, null];
  if (!label) return <span>{translate('app.not_set')}</span>;
  return (
    <Typography variant="body2" component="span">
      <strong>{translate(label)}:</strong> {value}
    </Typography>
  );
};
