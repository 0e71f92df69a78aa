import DownloadIcon from '@mui/icons-material/Download';
import {
  Box,
  Button,
  Card,
  CardContent,
  Checkbox,
  CircularProgress,
  FormControlLabel,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { BarChart } from '@mui/x-charts/BarChart';
import { useEffect, useState } from 'react';
import { Title, useGetList, useLocaleState, usePermissions, useTranslate } from 'react-admin';
import { EmptyState } from '../shared/EmptyState';
import { formatDateTime, formatPeriod } from '../shared/dates';
import { useNotifyApiError } from '../shared/useNotifyApiError';
import { downloadReport, fetchReport } from './reportCalls';
import {
  bishkekToday,
  chartValue,
  defaultRange,
  dimensionValueKey,
  DONOR_REPORTS,
  moneyCellText,
  REPORT_BREAKDOWNS,
  REPORT_NAMES,
  shownColumns,
  validBreakdowns,
  type Breakdown,
  type ExportFormat,
  type PeriodUnit,
  type ReportCell,
  type ReportName,
  type ReportResult,
  type ReportSelection,
} from './reportModel';

const NONE = '';
// A filter of the form: side by side from a tablet up, one under the other across the width on a phone.
const filterWidth = (min?: number) => ({ width: { xs: '100%', sm: 'auto' }, minWidth: min ? { sm: min } : undefined });

export const ReportsPage = () => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const notifyApiError = useNotifyApiError();
  const { permissions } = usePermissions();
  const isAdmin = permissions === 'admin';
  // donors read the assistance and 1+1 figures of their programmes only (the API refuses them every other report)
  const donor = permissions === 'donor';
  const reportNames: readonly ReportName[] = donor ? DONOR_REPORTS : REPORT_NAMES;
  const [selection, setSelection] = useState<ReportSelection>(() => ({
    report: 'cases',
    by: [],
    period: 'month',
    officeId: null,
    external: false,
    ...defaultRange(bishkekToday()),
  }));
  const [result, setResult] = useState<ReportResult | null>(null);
  const [loading, setLoading] = useState(false);
  const [exporting, setExporting] = useState<ExportFormat | null>(null);
  const { data: offices } = useGetList('offices', { pagination: { page: 1, perPage: 500 }, sort: { field: 'name', order: 'ASC' } }, { enabled: isAdmin });

  const validRange = Boolean(selection.from && selection.to && selection.from <= selection.to);
  const offered = reportNames.includes(selection.report);
  useEffect(() => {
    if (!offered) setSelection((s) => ({ ...s, report: DONOR_REPORTS[0], by: validBreakdowns(DONOR_REPORTS[0], s.by) }));
  }, [offered]);
  useEffect(() => {
    if (!validRange || !offered) return;
    let current = true;
    setLoading(true);
    fetchReport(selection)
      .then((r) => current && setResult(r))
      .catch((e: unknown) => current && notifyApiError(e))
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [selection, validRange, offered, notifyApiError]);

  const update = (patch: Partial<ReportSelection>) =>
    setSelection((s) => {
      const next = { ...s, ...patch };
      return { ...next, by: validBreakdowns(next.report, next.by) };
    });
  const setBreakdown = (slot: 0 | 1, value: string) => {
    const by = [...selection.by];
    if (value === NONE) by.splice(slot, slot === 0 ? 2 : 1);
    else by[slot] = value as Breakdown;
    update({ by: by.filter(Boolean) });
  };
  const exportFile = (format: ExportFormat) => {
    setExporting(format);
    downloadReport(selection, format)
      .catch((e: unknown) => notifyApiError(e))
      .finally(() => setExporting(null));
  };

  const allowed = REPORT_BREAKDOWNS[selection.report];
  const columnLabel = (key: string, kind: string) =>
    key === 'organization'
      ? translate('app.reports.dimensions.organization')
      : translate(`app.reports.${kind === 'dimension' ? 'dimensions' : 'measures'}.${key}`);
  const cellText = (key: string, value: ReportCell): string => {
    if (value === null) return '—';
    if (key === 'period') return formatPeriod(String(value), locale, translate);
    const k = result ? dimensionValueKey(result.report, key, value) : null;
    return k ? translate(k, { _: String(value) }) : String(value);
  };
  const visibleColumns = result ? shownColumns(result) : [];
  const dims = visibleColumns.filter((c) => c.kind === 'dimension');
  // the chart draws counts only: amounts in several currencies share no axis (the table shows them formatted)
  const measures = visibleColumns.filter((c) => c.kind === 'measure');
  // grouped rows only (a few dozen at most), so deriving the chart data on each render is cheap
  const chart = (result?.rows ?? []).map((row) => ({
    label: dims.map((d) => cellText(d.key, row[d.key])).join(' · ') || translate('app.reports.total'),
    ...Object.fromEntries(measures.map((m) => [m.key, chartValue(row[m.key])])),
  }));
  // with every cell suppressed there is nothing to draw
  const hasBars = (result?.rows ?? []).some((row) => measures.some((m) => chartValue(row[m.key]) !== null));

  return (
    <Box sx={{ mt: 2 }} data-testid="reports-page">
      <Title title="app.reports.title" />
      <Card variant="outlined">
        <CardContent>
          <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
            <TextField
              select
              fullWidth={false}
              label={translate('app.reports.report')}
              value={selection.report}
              onChange={(e) => update({ report: e.target.value as ReportName })}
              sx={filterWidth(220)}
              data-testid="report-picker"
            >
              {reportNames.map((r) => (
                <MenuItem key={r} value={r}>
                  {translate(`app.reports.names.${r}`)}
                </MenuItem>
              ))}
            </TextField>
            {([0, 1] as const).map((slot) => (
              <TextField
                key={slot}
                select
                fullWidth={false}
                label={translate(slot === 0 ? 'app.reports.by' : 'app.reports.then_by')}
                value={selection.by[slot] ?? NONE}
                onChange={(e) => setBreakdown(slot, e.target.value)}
                disabled={slot === 1 && selection.by.length === 0}
                sx={filterWidth(180)}
                data-testid={`report-by-${slot}`}
              >
                <MenuItem value={NONE}>{translate('app.reports.no_breakdown')}</MenuItem>
                {allowed
                  .filter((b) => !selection.by.includes(b) || selection.by[slot] === b)
                  .map((b) => (
                    <MenuItem key={b} value={b}>
                      {translate(`app.reports.dimensions.${b}`)}
                    </MenuItem>
                  ))}
              </TextField>
            ))}
            {selection.by.includes('period') && (
              <TextField
                select
                fullWidth={false}
                label={translate('app.reports.period')}
                value={selection.period}
                onChange={(e) => update({ period: e.target.value as PeriodUnit })}
                sx={filterWidth(140)}
              >
                <MenuItem value="month">{translate('app.reports.month')}</MenuItem>
                <MenuItem value="quarter">{translate('app.reports.quarter')}</MenuItem>
              </TextField>
            )}
            <TextField
              type="date"
              fullWidth={false}
              label={translate('app.reports.from')}
              value={selection.from}
              onChange={(e) => update({ from: e.target.value })}
              slotProps={{ inputLabel: { shrink: true } }}
              error={!validRange}
              sx={filterWidth()}
            />
            <TextField
              type="date"
              fullWidth={false}
              label={translate('app.reports.to')}
              value={selection.to}
              onChange={(e) => update({ to: e.target.value })}
              slotProps={{ inputLabel: { shrink: true } }}
              error={!validRange}
              helperText={validRange ? undefined : translate('app.reports.bad_range')}
              sx={filterWidth()}
            />
            {isAdmin && (
              <TextField
                select
                fullWidth={false}
                label={translate('app.reports.office')}
                value={selection.officeId ?? NONE}
                onChange={(e) => update({ officeId: e.target.value || null })}
                sx={filterWidth(200)}
              >
                <MenuItem value={NONE}>{translate('app.reports.all_offices')}</MenuItem>
                {(offices ?? []).map((o) => (
                  <MenuItem key={String(o.id)} value={String(o.id)}>
                    {String(o.name)}
                  </MenuItem>
                ))}
              </TextField>
            )}
          </Stack>
          <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center', mt: 2 }}>
            <FormControlLabel
              control={<Checkbox checked={selection.external} onChange={(e) => update({ external: e.target.checked })} data-testid="report-external" />}
              label={translate('app.reports.external')}
            />
            {(['csv', 'xlsx'] as const).map((format) => (
              <Button
                key={format}
                variant="outlined"
                startIcon={exporting === format ? <CircularProgress size={16} /> : <DownloadIcon />}
                disabled={!validRange || exporting !== null}
                onClick={() => exportFile(format)}
                data-testid={`report-export-${format}`}
              >
                {translate(`app.reports.export_${format}`)}
              </Button>
            ))}
          </Stack>
          {selection.external && (
            <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
              {translate('app.reports.external_hint')}
            </Typography>
          )}
        </CardContent>
      </Card>

      {loading && !result && <CircularProgress sx={{ m: 4 }} />}
      {result && result.rows.length === 0 && <EmptyState title="app.reports.empty_title" hint="app.reports.empty_hint" testId="reports-empty" />}
      {result && result.rows.length > 0 && (
        <Box sx={{ opacity: loading ? 0.5 : 1 }}>
          <Typography variant="body2" color="text.secondary" sx={{ mt: 2 }}>
            {translate('app.reports.generated_at', { time: formatDateTime(result.generatedAt, locale) })}
          </Typography>
          {hasBars && (
            <Card variant="outlined" sx={{ mt: 2 }}>
              <CardContent>
                <BarChart
                  height={320}
                  dataset={chart}
                  xAxis={[{ scaleType: 'band', dataKey: 'label' }]}
                  series={measures.map((m) => ({ dataKey: m.key, label: columnLabel(m.key, m.kind) }))}
                />
              </CardContent>
            </Card>
          )}
          <TableContainer component={Card} variant="outlined" sx={{ mt: 2, contain: 'inline-size' }}>
            <Table size="small" data-testid="report-table">
              <TableHead>
                <TableRow>
                  {visibleColumns.map((c) => (
                    <TableCell key={c.key} align={c.kind === 'dimension' ? 'left' : 'right'}>
                      {columnLabel(c.key, c.kind)}
                    </TableCell>
                  ))}
                </TableRow>
              </TableHead>
              <TableBody>
                {result.rows.map((row, i) => (
                  <TableRow key={i}>
                    {visibleColumns.map((c) => (
                      <TableCell key={c.key} align={c.kind === 'dimension' ? 'left' : 'right'} data-testid={`report-cell-${c.key}`}>
                        {c.kind === 'money' ? moneyCellText(row, c.key, locale) : cellText(c.key, row[c.key])}
                      </TableCell>
                    ))}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        </Box>
      )}
    </Box>
  );
};
