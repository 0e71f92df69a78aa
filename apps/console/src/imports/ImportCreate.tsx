import CloudUploadIcon from '@mui/icons-material/CloudUpload';
import { Alert, Button, Card, CardContent, CircularProgress, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { Title, useGetList, usePermissions, useTranslate } from 'react-admin';
import { useNavigate } from 'react-router-dom';
import { uploadImport } from './importCalls';
import { ImportErrorAlert } from './ImportErrorAlert';
import { ImportFilePicker } from './ImportFilePicker';
import { ImportModeChoice } from './ImportModeChoice';
import type { ImportMode } from './importModel';

// Admins choose the office the returnees are registered in; staff always import into their own office.
const OfficeChoice = ({ value, onChange, disabled }: { value: string; onChange: (id: string) => void; disabled: boolean }) => {
  const translate = useTranslate();
  const { data = [], isPending } = useGetList<{ id: string; name: string }>('offices', {
    pagination: { page: 1, perPage: 500 },
    sort: { field: 'name', order: 'ASC' },
  });
  return (
    <TextField
      select
      required
      label={translate('app.imports.office')}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      disabled={disabled || isPending}
      sx={{ maxWidth: 480 }}
      slotProps={{ select: { inputProps: { 'data-testid': 'import-office' } } }}
    >
      {data.map((o) => (
        <MenuItem key={o.id} value={o.id}>
          {o.name}
        </MenuItem>
      ))}
    </TextField>
  );
};

export const ImportCreate = () => {
  const translate = useTranslate();
  const navigate = useNavigate();
  const { permissions } = usePermissions();
  const isAdmin = permissions === 'admin';
  const [file, setFile] = useState<File | null>(null);
  const [rejected, setRejected] = useState<string | null>(null);
  const [mode, setMode] = useState<ImportMode>('valid_rows');
  const [officeId, setOfficeId] = useState('');
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const choose = (f: File | null) => {
    setFile(f);
    setRejected(null);
    setError(null);
  };
  const upload = async () => {
    if (!file) return;
    setUploading(true);
    setError(null);
    try {
      const imp = await uploadImport(file, isAdmin ? officeId : null);
      navigate(`/imports/${imp.id}/show?mode=${mode}`);
    } catch (e) {
      setError(e);
      setUploading(false);
    }
  };
  const ready = file !== null && (!isAdmin || officeId !== '') && !uploading;

  return (
    <Card sx={{ mt: 2 }} data-testid="import-create">
      <Title title="app.imports.new" />
      <CardContent>
        <Stack spacing={3} sx={{ maxWidth: 720 }}>
          <Typography variant="body1">{translate('app.imports.intro')}</Typography>
          <ImportFilePicker
            file={file}
            onChange={choose}
            onRejected={(name) => {
              setFile(null);
              setRejected(name);
            }}
            disabled={uploading}
          />
          {rejected && (
            <Alert severity="warning" data-testid="import-file-rejected">
              {translate('app.imports.not_csv', { name: rejected })}
            </Alert>
          )}
          {isAdmin && <OfficeChoice value={officeId} onChange={setOfficeId} disabled={uploading} />}
          <ImportModeChoice value={mode} onChange={setMode} disabled={uploading} />
          <ImportErrorAlert error={error} testId="import-upload-error" />
          <div>
            <Button
              variant="contained"
              startIcon={uploading ? <CircularProgress size={16} color="inherit" /> : <CloudUploadIcon />}
              disabled={!ready}
              onClick={() => void upload()}
              data-testid="import-upload"
            >
              {translate(uploading ? 'app.imports.uploading' : 'app.imports.upload')}
            </Button>
          </div>
        </Stack>
      </CardContent>
    </Card>
  );
};
