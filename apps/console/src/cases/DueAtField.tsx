import WarningAmberIcon from '@mui/icons-material/WarningAmber';
import { Box } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import { DateTimeField } from '../shared/fields';
import { isOverdue, type CaseRecord } from './caseModel';

type DueAtFieldProps = { label?: string; emptyText?: string };

// An overdue case is marked by colour, an icon and a spoken/hover label, so colour is never the only cue.
export const DueAtField = ({ emptyText }: DueAtFieldProps) => {
  const record = useRecordContext<CaseRecord>();
  const translate = useTranslate();
  if (!isOverdue(record)) return <DateTimeField source="dueAt" emptyText={emptyText} />;
  const label = translate('app.cases.overdue_due');
  return (
    <Box
      component="span"
      data-testid="case-overdue"
      title={label}
      sx={{ color: 'error.main', display: 'inline-flex', alignItems: 'center', gap: 0.5, whiteSpace: 'nowrap', fontWeight: 500 }}
    >
      <WarningAmberIcon fontSize="small" titleAccess={label} />
      <DateTimeField source="dueAt" sx={{ color: 'inherit', fontWeight: 'inherit' }} />
    </Box>
  );
};
