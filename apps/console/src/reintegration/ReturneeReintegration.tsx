import AddChartIcon from '@mui/icons-material/AddchartOutlined';
import { Box, Button, Chip, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { LineChart } from '@mui/x-charts/LineChart';
import { useState } from 'react';
import { ListBase, Pagination, useListContext, useLocaleState, usePermissions, useRecordContext, useTranslate } from 'react-admin';
import { EmptyState } from '../shared/EmptyState';
import { formatDateTime, TIME_ZONE, intlLocale } from '../shared/dates';
import { RecordSurveyDialog } from './RecordSurveyDialog';
import { chartSeries, formatScore, SCORE_KEYS, type Occasion, type ScoreRecord } from './reintegrationModel';

// Office staff record surveys; admins read (the API re-checks scope either way).
const canRecord = (role: unknown) => role === 'supervisor' || role === 'caseworker';

const RecordButton = ({ onClick, variant = 'outlined' }: { onClick: () => void; variant?: 'outlined' | 'contained' }) => {
  const translate = useTranslate();
  return (
    <Button variant={variant} size="small" startIcon={<AddChartIcon />} onClick={onClick} data-testid="record-survey">
      {translate('app.reintegration.record')}
    </Button>
  );
};

const ScoreChart = ({ rows }: { rows: ScoreRecord[] }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const s = chartSeries(rows);
  // one evenly spaced point per survey (surveys taken the same day stay apart), labelled with its date
  const day = (i: number) => s.dates[i]?.toLocaleDateString(intlLocale(locale), { timeZone: TIME_ZONE }) ?? '';
  return (
    <Box data-testid="reintegration-chart" aria-label={translate('app.reintegration.chart_title')} role="img">
      <Typography variant="subtitle1" component="h3">
        {translate('app.reintegration.chart_title')}
      </Typography>
      <LineChart
        height={300}
        margin={{ left: 8, right: 48 }}
        xAxis={[{ data: s.dates.map((_, i) => i), scaleType: 'point', valueFormatter: (i: number) => day(i) }]}
        yAxis={[{ min: 0, max: 1 }]}
        series={SCORE_KEYS.map((k) => ({
          data: s[k],
          label: translate(`app.reintegration.scores.${k}`),
          showMark: true,
          valueFormatter: (v: number | null) => formatScore(v),
        }))}
      />
    </Box>
  );
};

const ScoreHistory = ({ actions, onRecord }: { actions: boolean; onRecord: () => void }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { data, isPending, total, perPage } = useListContext<ScoreRecord>();
  if (isPending) {
    return (
      <Typography sx={{ py: 2 }} color="text.secondary">
        {translate('ra.page.loading')}
      </Typography>
    );
  }
  if (!data || data.length === 0) {
    return (
      <EmptyState
        title="app.reintegration.empty.title"
        hint="app.reintegration.empty.hint"
        testId="reintegration-empty"
        action={actions ? <RecordButton variant="contained" onClick={onRecord} /> : undefined}
      />
    );
  }
  return (
    <>
      <ScoreChart rows={data} />
      <Box sx={{ overflowX: 'auto', contain: 'inline-size', mt: 2 }} tabIndex={0}>
        <Table size="small" data-testid="reintegration-table">
          <TableHead>
            <TableRow>
              <TableCell>{translate('app.reintegration.recorded_at')}</TableCell>
              <TableCell>{translate('app.reintegration.occasion')}</TableCell>
              {SCORE_KEYS.map((k) => (
                <TableCell key={k} align="right">
                  {translate(`app.reintegration.scores.${k}`)}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {/* newest first in the table; the chart reads left to right */}
            {[...data].reverse().map((r) => (
              <TableRow key={r.id} data-testid="reintegration-row" data-id={r.id} hover>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(r.recordedAt, locale)}</TableCell>
                <TableCell>
                  <Chip size="small" variant="outlined" label={translate(`app.reintegration.occasions.${r.occasion}`)} />
                </TableCell>
                {SCORE_KEYS.map((k) => (
                  <TableCell key={k} align="right" sx={k === 'overall' ? { fontWeight: 600 } : undefined}>
                    {formatScore(r[k])}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
        {(total ?? 0) > perPage && <Pagination rowsPerPageOptions={[perPage]} />}
      </Box>
    </>
  );
};

// The "reintegration" tab of a returnee: the sustainability score over time (intake, then each monitoring contact).
export const ReturneeReintegration = () => {
  const record = useRecordContext<{ id: string }>();
  const { permissions } = usePermissions();
  const [recording, setRecording] = useState<Occasion | null>(null);
  if (!record) return null;
  const actions = canRecord(permissions);
  return (
    <Box data-testid="returnee-reintegration">
      <ListBase
        resource="reintegration-scores"
        filter={{ returneeId: record.id }}
        sort={{ field: 'recordedAt', order: 'ASC' }}
        perPage={100}
        disableSyncWithLocation
      >
        <HistoryWithActions actions={actions} onRecord={(o) => setRecording(o)} />
      </ListBase>
      {/* mounted only while open, so each opening starts with a blank form */}
      {recording && <RecordSurveyDialog returneeId={record.id} defaultOccasion={recording} onClose={() => setRecording(null)} />}
    </Box>
  );
};

// The first survey is the intake one; later ones default to "other" until staff pick the monitoring step.
const HistoryWithActions = ({ actions, onRecord }: { actions: boolean; onRecord: (o: Occasion) => void }) => {
  const { total } = useListContext<ScoreRecord>();
  const next: Occasion = (total ?? 0) === 0 ? 'intake' : 'other';
  return (
    <>
      {actions && (total ?? 0) > 0 && (
        <Box sx={{ display: 'flex', justifyContent: 'flex-end', mb: 1 }}>
          <RecordButton onClick={() => onRecord(next)} />
        </Box>
      )}
      <ScoreHistory actions={actions} onRecord={() => onRecord(next)} />
    </>
  );
};
