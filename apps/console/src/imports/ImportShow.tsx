import { Alert, AlertTitle, Button, Card, CardContent, LinearProgress, Stack, Typography } from '@mui/material';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { Loading, ReferenceField, RecordContextProvider, Title, useGetOne, useLocale, useTranslate } from 'react-admin';
import { formatDateTime, intlLocale } from '../shared/dates';
import { ScrollX } from '../shared/ShowLayout';
import { ImportErrorAlert } from './ImportErrorAlert';
import { ImportStatusChip } from './ImportFields';
import { isRunning, parseMode, progressPercent, type ImportRecord } from './importModel';
import { ImportPreview } from './ImportPreview';
import { ImportProblemRows } from './ImportProblemRows';
import { DownloadReportButton } from './ImportActions';

const ImportProgress = ({ imp }: { imp: ImportRecord }) => {
  const translate = useTranslate();
  const locale = useLocale();
  const fmt = new Intl.NumberFormat(intlLocale(locale));
  const percent = progressPercent(imp.progress);
  return (
    <Stack spacing={1} data-testid="import-progress" data-processed={imp.progress.processed} data-total={imp.progress.total}>
      <Typography variant="body1">{translate(`app.imports.progress.${imp.status}`)}</Typography>
      <LinearProgress
        variant={percent === null ? 'indeterminate' : 'determinate'}
        value={percent ?? undefined}
        aria-label={translate(`app.imports.progress.${imp.status}`)}
      />
      <Typography variant="body2" color="text.secondary">
        {translate('app.imports.progress.count', { processed: fmt.format(imp.progress.processed), total: fmt.format(imp.progress.total) })}
      </Typography>
    </Stack>
  );
};

const ImportDone = ({ imp }: { imp: ImportRecord }) => {
  const translate = useTranslate();
  const skipped = imp.counts.rows - imp.counts.imported;
  return (
    <Stack spacing={2}>
      <Alert severity="success" data-testid="import-done" data-imported={imp.counts.imported}>
        <AlertTitle>{translate('app.imports.done.title', { smart_count: imp.counts.imported })}</AlertTitle>
        {skipped > 0 && translate('app.imports.done.skipped', { smart_count: skipped })}
      </Alert>
      <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap' }}>
        <Button component={Link} to="/returnees" variant="contained" data-testid="import-open-returnees">
          {translate('app.imports.done.open_returnees')}
        </Button>
        {skipped > 0 && <DownloadReportButton imp={imp} />}
      </Stack>
    </Stack>
  );
};

// One import where it stands: progress while a job works on it (polled every second), the preview to confirm or
// cancel, or the outcome. A reload or a bookmark comes back to the same place.
export const ImportShow = () => {
  const { id = '' } = useParams<{ id: string }>();
  const [params] = useSearchParams();
  const translate = useTranslate();
  const locale = useLocale();
  const {
    data: imp,
    error,
    isPending,
    refetch,
  } = useGetOne<ImportRecord>('imports', { id }, { refetchInterval: (query) => (query.state.data && isRunning(query.state.data.status) ? 1000 : false) });

  if (isPending) return <Loading />;
  if (error || !imp) return <ImportErrorAlert error={error} testId="import-load-error" />;
  const problems = imp.counts.invalid + imp.counts.duplicates;

  return (
    <RecordContextProvider value={imp}>
      <Title title={translate('app.imports.title_one', { name: imp.fileName })} />
      <Card sx={{ mt: 2 }} data-testid="import-show" data-status={imp.status}>
        <CardContent>
          <Stack spacing={3}>
            <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
              <Typography variant="h5" component="h1" data-testid="import-file">
                {imp.fileName}
              </Typography>
              <ImportStatusChip status={imp.status} />
            </Stack>
            <Typography variant="body2" color="text.secondary">
              {translate('app.imports.created', { time: formatDateTime(imp.createdAt, locale) })}{' '}
              <ReferenceField source="createdBy" reference="users" link={false} />
              {' · '}
              <ReferenceField source="officeId" reference="offices" link={false} />
            </Typography>
            {isRunning(imp.status) && <ImportProgress imp={imp} />}
            {imp.status === 'preview' && <ImportPreview imp={imp} initialMode={parseMode(params.get('mode'))} onChanged={() => void refetch()} />}
            {imp.status === 'done' && <ImportDone imp={imp} />}
            {imp.status === 'failed' && (
              <Alert severity="error" data-testid="import-failed">
                <AlertTitle>{translate('app.imports.failed')}</AlertTitle>
                {imp.error}
              </Alert>
            )}
            {imp.status === 'cancelled' && (
              <Alert severity="info" data-testid="import-cancelled">
                {translate('app.imports.cancelled')}
              </Alert>
            )}
            {(imp.status === 'preview' || imp.status === 'done') && problems > 0 && (
              <ScrollX>
                <ImportProblemRows importId={imp.id} />
              </ScrollX>
            )}
          </Stack>
        </CardContent>
      </Card>
    </RecordContextProvider>
  );
};
