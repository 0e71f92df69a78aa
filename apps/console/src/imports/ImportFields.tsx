import { Chip, Stack, Typography, type ChipProps } from '@mui/material';
import { useLocale, useRecordContext, useTranslate } from 'react-admin';
import { intlLocale } from '../shared/dates';
import type { ImportCounts, ImportRecord, ImportStatus } from './importModel';

const STATUS_COLOR: Record<ImportStatus, ChipProps['color']> = {
  validating: 'info',
  preview: 'warning',
  importing: 'info',
  done: 'success',
  failed: 'error',
  cancelled: 'default',
};

export const ImportStatusChip = ({ status }: { status: ImportStatus }) => {
  const translate = useTranslate();
  return (
    <Chip
      size="small"
      variant={status === 'done' ? 'filled' : 'outlined'}
      color={STATUS_COLOR[status] ?? 'default'}
      label={translate(`enums.import_status.${status}`, { _: status })}
      data-testid="import-status"
      data-status={status}
    />
  );
};

export const ImportStatusField = (_props: { label?: string; source?: string }) => {
  const record = useRecordContext<ImportRecord>();
  return record ? <ImportStatusChip status={record.status} /> : null;
};

// rows · valid · problems (· imported once done), compact enough for a list column
export const ImportCountsText = ({ counts, status }: { counts: ImportCounts; status: ImportStatus }) => {
  const translate = useTranslate();
  const parts = [
    translate('app.imports.counts.rows', { smart_count: counts.rows }),
    ...(status === 'validating' ? [] : [translate('app.imports.counts.valid', { smart_count: counts.valid })]),
    ...(counts.invalid > 0 ? [translate('app.imports.counts.invalid', { smart_count: counts.invalid })] : []),
    ...(counts.duplicates > 0 ? [translate('app.imports.counts.duplicates', { smart_count: counts.duplicates })] : []),
    ...(status === 'done' ? [translate('app.imports.counts.imported', { smart_count: counts.imported })] : []),
  ];
  return (
    <Typography variant="body2" component="span" data-testid="import-counts">
      {parts.join(' · ')}
    </Typography>
  );
};

export const ImportCountsField = (_props: { label?: string; source?: string }) => {
  const record = useRecordContext<ImportRecord>();
  return record ? <ImportCountsText counts={record.counts} status={record.status} /> : null;
};

// One big figure with its caption, for the preview and the summary.
export const CountTile = ({ label, value, testId, color }: { label: string; value: number; testId: string; color?: string }) => {
  const translate = useTranslate();
  const locale = useLocale();
  return (
    <Stack sx={{ minWidth: 120 }} data-testid={testId} data-value={value}>
      <Typography variant="h4" component="p" color={color}>
        {new Intl.NumberFormat(intlLocale(locale)).format(value)}
      </Typography>
      <Typography variant="body2" color="text.secondary">
        {translate(label)}
      </Typography>
    </Stack>
  );
};
