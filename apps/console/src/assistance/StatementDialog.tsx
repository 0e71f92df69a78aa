import DownloadIcon from '@mui/icons-material/Download';
import { Button, MenuItem, Stack } from '@mui/material';
import { useState } from 'react';
import { useGetList, useTranslate } from 'react-admin';
import { FormDialog, FormTextField } from '../shared/FormDialog';
import { downloadStatement } from '../reports/reportCalls';
import { bishkekToday, defaultRange, statementRangeProblem, type ExportFormat, type StatementSelection } from '../reports/reportModel';
import type { Programme } from './assistanceModel';
import { ProgrammeSelectField } from './ProgrammeSelectField';

const k = (key: string) => `app.reports.statement.${key}`;

// A programme's donor statement for a range of days, downloaded as CSV or XLSX (GET
// /api/reports/programme-statements/:programmeId; audited by the API). Admins open it from the programme (programmeId
// given); a donor picks one of the programmes granted to it. A refusal is notified by the dialog (FormDialog), the
// range's problems shown under the dates.
const StatementDialog = ({ programmeId, onClose }: { programmeId?: string; onClose: () => void }) => {
  const translate = useTranslate();
  const { data: programmes = [] } = useGetList<Programme>(
    'programmes',
    { pagination: { page: 1, perPage: 100 }, sort: { field: 'name', order: 'ASC' } },
    { enabled: !programmeId },
  );
  return (
    <FormDialog<StatementSelection>
      testId="statement-dialog"
      title={translate(k('title'))}
      intro={translate(k('intro'))}
      onClose={onClose}
      defaultValues={{ programmeId: programmeId ?? '', ...defaultRange(bishkekToday()), format: 'csv' }}
      validate={(v) => ({
        programmeId: v.programmeId ? undefined : k('programme_required'),
        to: statementRangeProblem(v),
      })}
      onSubmit={async (v) => {
        await downloadStatement(v);
        onClose();
      }}
      submitLabel={k('download')}
      submitTestId="statement-download"
    >
      <Stack spacing={2} sx={{ pt: 1 }}>
        {!programmeId && <ProgrammeSelectField programmes={programmes} label={k('programme')} testId="statement-programme" />}
        <FormTextField
          name="from"
          type="date"
          label={translate('app.reports.from')}
          required
          fullWidth
          slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'statement-from' } }}
        />
        <FormTextField
          name="to"
          type="date"
          label={translate('app.reports.to')}
          required
          fullWidth
          slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'statement-to' } }}
        />
        <FormTextField name="format" select label={translate(k('format'))} required fullWidth slotProps={{ htmlInput: { 'data-testid': 'statement-format' } }}>
          {(['csv', 'xlsx'] as ExportFormat[]).map((format) => (
            <MenuItem key={format} value={format} data-testid={`statement-format-${format}`}>
              {translate(k(format))}
            </MenuItem>
          ))}
        </FormTextField>
      </Stack>
    </FormDialog>
  );
};

// The "Statement" button and its dialog.
export const StatementButton = ({ programmeId, variant = 'text' }: { programmeId?: string; variant?: 'text' | 'outlined' | 'contained' }) => {
  const translate = useTranslate();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        variant={variant}
        size={variant === 'text' ? 'small' : 'medium'}
        startIcon={<DownloadIcon />}
        onClick={() => setOpen(true)}
        data-testid="statement-open"
      >
        {translate(k('open'))}
      </Button>
      {open && <StatementDialog programmeId={programmeId} onClose={() => setOpen(false)} />}
    </>
  );
};
