import WarningAmberIcon from '@mui/icons-material/WarningAmber';
import { Box } from '@mui/material';
import { useLocaleState, useTranslate } from 'react-admin';
import { formatDateTime } from '../shared/dates';
import { isFollowUpOverdue, type FollowUp } from './followUpModel';

// Like the cases' DueAtField: an overdue follow-up is marked by colour, an icon and a hover/spoken label,
// so colour is never the only cue. Times are Bishkek time.
export const FollowUpDue = ({ followUp }: { followUp: Pick<FollowUp, 'dueAt' | 'status' | 'overdue'> }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const text = formatDateTime(followUp.dueAt, locale);
  if (!(followUp.overdue || isFollowUpOverdue(followUp))) return <span style={{ whiteSpace: 'nowrap' }}>{text}</span>;
  const label = translate('app.follow_ups.overdue');
  return (
    <Box
      component="span"
      data-testid="follow-up-overdue"
      title={label}
      sx={{ color: 'error.main', display: 'inline-flex', alignItems: 'center', gap: 0.5, whiteSpace: 'nowrap', fontWeight: 500 }}
    >
      <WarningAmberIcon fontSize="small" titleAccess={label} />
      {text}
    </Box>
  );
};
