import DownloadIcon from '@mui/icons-material/Download';
import { Button, CircularProgress } from '@mui/material';
import { useState } from 'react';
import { useTranslate } from 'react-admin';
import { useNotifyApiError } from '../shared/useNotifyApiError';
import { downloadErrorReport } from './importCalls';
import type { ImportRecord } from './importModel';

// errors.csv: the problem rows with their original columns, the line and the problems in words.
export const DownloadReportButton = ({ imp }: { imp: Pick<ImportRecord, 'id' | 'fileName'> }) => {
  const translate = useTranslate();
  const notifyApiError = useNotifyApiError();
  const [busy, setBusy] = useState(false);
  const download = () => {
    setBusy(true);
    downloadErrorReport(imp)
      .catch((e: unknown) => notifyApiError(e))
      .finally(() => setBusy(false));
  };
  return (
    <Button
      variant="outlined"
      startIcon={busy ? <CircularProgress size={16} /> : <DownloadIcon />}
      disabled={busy}
      onClick={download}
      data-testid="import-download-report"
    >
      {translate('app.imports.download_report')}
    </Button>
  );
};
