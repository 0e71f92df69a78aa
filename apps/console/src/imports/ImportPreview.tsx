import CheckIcon from '@mui/icons-material/Check';
import CloseIcon from '@mui/icons-material/Close';
import { Alert, Button, Stack } from '@mui/material';
import { useState } from 'react';
import { Confirm, useTranslate } from 'react-admin';
import { DownloadReportButton } from './ImportActions';
import { cancelImport, confirmImport } from './importCalls';
import { ImportErrorAlert } from './ImportErrorAlert';
import { CountTile } from './ImportFields';
import { ImportModeChoice } from './ImportModeChoice';
import { confirmableRows, confirmBlocker, problemCount, type ImportMode, type ImportRecord } from './importModel';

type Props = { imp: ImportRecord; initialMode: ImportMode; onChanged: () => void };

// The checked file: the counts, the mode (as chosen at upload, changeable here), Confirm and Cancel, each behind a
// confirmation dialog. The API decides again on confirm (409 when the import moved on, 422 for all-or-nothing).
export const ImportPreview = ({ imp, initialMode, onChanged }: Props) => {
  const translate = useTranslate();
  const [mode, setMode] = useState<ImportMode>(initialMode);
  const [dialog, setDialog] = useState<'confirm' | 'cancel' | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const { counts } = imp;
  const problems = problemCount(counts);
  const blocker = confirmBlocker(counts, mode);
  const rows = confirmableRows(counts, mode);

  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      setDialog(null);
      onChanged();
    }
  };

  return (
    <Stack spacing={3} data-testid="import-preview">
      <Stack direction="row" spacing={4} useFlexGap sx={{ flexWrap: 'wrap' }}>
        <CountTile label="app.imports.tiles.rows" value={counts.rows} testId="import-count-rows" />
        <CountTile label="app.imports.tiles.valid" value={counts.valid} testId="import-count-valid" color="success.main" />
        <CountTile label="app.imports.tiles.invalid" value={counts.invalid} testId="import-count-invalid" color={counts.invalid ? 'error.main' : undefined} />
        <CountTile
          label="app.imports.tiles.duplicates"
          value={counts.duplicates}
          testId="import-count-duplicates"
          color={counts.duplicates ? 'warning.main' : undefined}
        />
      </Stack>
      <ImportModeChoice value={mode} onChange={setMode} disabled={busy} />
      {blocker && (
        <Alert severity="warning" data-testid="import-confirm-blocked">
          {translate(blocker)}
        </Alert>
      )}
      <ImportErrorAlert error={error} testId="import-action-error" />
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
        <Button
          variant="contained"
          startIcon={<CheckIcon />}
          disabled={busy || blocker !== null}
          onClick={() => setDialog('confirm')}
          data-testid="import-confirm"
        >
          {translate('app.imports.confirm', { smart_count: rows })}
        </Button>
        <Button variant="outlined" color="error" startIcon={<CloseIcon />} disabled={busy} onClick={() => setDialog('cancel')} data-testid="import-cancel">
          {translate('app.imports.cancel')}
        </Button>
        {problems > 0 && <DownloadReportButton imp={imp} />}
      </Stack>
      <Confirm
        isOpen={dialog === 'confirm'}
        loading={busy}
        title="app.imports.confirm_title"
        content={mode === 'all_or_nothing' ? 'app.imports.confirm_content_all_or_nothing' : 'app.imports.confirm_content_valid_rows'}
        titleTranslateOptions={{ smart_count: rows }}
        contentTranslateOptions={{ smart_count: rows, skipped: counts.rows - rows }}
        confirm="app.imports.confirm_yes"
        onConfirm={() => void run(() => confirmImport(imp.id, mode))}
        onClose={() => setDialog(null)}
      />
      <Confirm
        isOpen={dialog === 'cancel'}
        loading={busy}
        title="app.imports.cancel_title"
        content="app.imports.cancel_content"
        confirm="app.imports.cancel_yes"
        cancel="app.imports.cancel_no"
        confirmColor="warning"
        onConfirm={() => void run(() => cancelImport(imp.id))}
        onClose={() => setDialog(null)}
      />
    </Stack>
  );
};
