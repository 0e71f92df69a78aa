import WarningAmberIcon from '@mui/icons-material/WarningAmber';
import { Typography } from '@mui/material';
import { useLocaleState, useTranslate } from 'react-admin';
import { formatDateTime } from './dates';

type DueDateProps = {
  value: string | null | undefined;
  overdue: boolean;
  // i18n key of the hover/spoken text saying it is overdue
  overdueLabel: string;
  testId: string;
  emptyText?: string;
};

// A due time (cases, follow-ups) in Bishkek time. When overdue it is marked by colour, an icon and a hover/spoken
// label, so colour is never the only cue; `testId` is set on the marked form only.
export const DueDate = ({ value, overdue, overdueLabel, testId, emptyText }: DueDateProps) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const text = value ? formatDateTime(value, locale) : emptyText ? translate(emptyText, { _: emptyText }) : '';
  if (!overdue) {
    return (
      <Typography component="span" variant="body2" sx={{ whiteSpace: 'nowrap' }}>
        {text}
      </Typography>
    );
  }
  const label = translate(overdueLabel);
  return (
    <Typography
      component="span"
      variant="body2"
      data-testid={testId}
      title={label}
      sx={{ color: 'error.main', display: 'inline-flex', alignItems: 'center', gap: 0.5, whiteSpace: 'nowrap', fontWeight: 500 }}
    >
      <WarningAmberIcon fontSize="small" titleAccess={label} />
      {text}
    </Typography>
  );
};
