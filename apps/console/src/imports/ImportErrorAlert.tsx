import { Alert, AlertTitle } from '@mui/material';
import { HttpError, useTranslate } from 'react-admin';
import { uploadErrorDetails, type UploadErrorBody } from './importModel';

// A refused upload or action: the translated message (the httpClient's localizeHttpError), then what the body names
// (missing columns, the size limit). A network failure has no body: a generic line then.
export const ImportErrorAlert = ({ error, testId = 'import-error' }: { error: unknown; testId?: string }) => {
  const translate = useTranslate();
  if (!error) return null;
  const http = error instanceof HttpError ? error : null;
  const message = http?.message || translate('app.imports.request_failed');
  const details = uploadErrorDetails((http?.body ?? null) as UploadErrorBody | null);
  return (
    <Alert severity="error" data-testid={testId} data-status={http?.status ?? 0}>
      <AlertTitle>{message}</AlertTitle>
      {details.map((d) => (
        <div key={d.key} data-testid={`${testId}-detail`}>
          {translate(d.key, d.options)}
        </div>
      ))}
    </Alert>
  );
};
