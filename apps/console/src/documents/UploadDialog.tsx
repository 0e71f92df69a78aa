import UploadIcon from '@mui/icons-material/UploadFileOutlined';
import { Alert, Box, FormHelperText, LinearProgress, MenuItem, Stack, Typography } from '@mui/material';
import { useId, useRef, useState, type DragEvent } from 'react';
import { useLocaleState, useNotify, useRefresh, useTranslate } from 'react-admin';
import { useController, useForm } from 'react-hook-form';
import { COUNTRIES } from '../shared/choices';
import { FormDialog, FormTextField } from '../shared/FormDialog';
import { uploadDocument, uploadVersion } from './documentCalls';
import {
  DOCUMENT_TYPES,
  documentProblems,
  emptyDocument,
  FILE_ACCEPT,
  formatSize,
  percent,
  titleFromFileName,
  type Attach,
  type DocumentRecord,
  type DocumentType,
  type DocumentValues,
} from './documentModel';

const f = (field: string) => `app.documents.fields.${field}`;

// The file: a normal file input (keyboard: Tab to it, Space or Enter opens the picker) inside a zone a file can be
// dropped on. Choosing a file proposes the title from its name while the title is empty.
const FileField = ({ onPicked }: { onPicked: (file: File) => void }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { field, fieldState } = useController<DocumentValues, 'file'>({ name: 'file' });
  const [over, setOver] = useState(false);
  const hintId = useId();
  const inputId = useId();
  const pick = (file: File | undefined) => {
    if (!file) return;
    field.onChange(file);
    onPicked(file);
  };
  const drop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setOver(false);
    pick(e.dataTransfer.files?.[0]);
  };
  const file = field.value;
  return (
    <Box
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
      data-testid="document-drop-zone"
      sx={{
        border: 2,
        borderStyle: 'dashed',
        borderColor: fieldState.error ? 'error.main' : over ? 'primary.main' : 'divider',
        bgcolor: over ? 'action.hover' : undefined,
        borderRadius: 1,
        p: 2,
        textAlign: 'center',
      }}
    >
      <UploadIcon color="action" aria-hidden />
      <Typography component="label" htmlFor={inputId} variant="subtitle2" sx={{ display: 'block', mb: 1 }}>
        {translate(f('file'))} *
      </Typography>
      <input
        id={inputId}
        ref={field.ref}
        name={field.name}
        type="file"
        accept={FILE_ACCEPT}
        aria-describedby={hintId}
        aria-invalid={!!fieldState.error}
        data-testid="document-file"
        onChange={(e) => pick(e.target.files?.[0])}
        style={{ maxWidth: '100%' }}
      />
      <Typography id={hintId} variant="body2" color="text.secondary" sx={{ mt: 1 }}>
        {translate('app.documents.drop_hint')}
      </Typography>
      {file && (
        <Typography variant="body2" sx={{ mt: 1, overflowWrap: 'anywhere' }} data-testid="document-file-chosen">
          {file.name} · {formatSize(file.size, locale, (u) => translate(`app.documents.units.${u}`))}
        </Typography>
      )}
      {fieldState.error && (
        <FormHelperText error role="alert" sx={{ textAlign: 'center' }}>
          {fieldState.error.message}
        </FormHelperText>
      )}
    </Box>
  );
};

const Progress = ({ loaded, total }: { loaded: number; total: number }) => {
  const translate = useTranslate();
  const value = percent(loaded, total);
  return (
    <Box sx={{ mt: 2 }} data-testid="document-upload-progress">
      <LinearProgress variant="determinate" value={value} aria-label={translate('app.documents.uploading')} />
      <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }} aria-live="polite">
        {translate('app.documents.upload_progress', { percent: value })}
      </Typography>
    </Box>
  );
};

type Props = {
  attach: Attach;
  onClose: () => void;
  // a new version of this document (only the file is asked)
  document?: DocumentRecord;
  // the checklist's or a recovery item's shortcut: the type (and country) chosen already
  presetType?: DocumentType | '';
  presetCountry?: string;
  presetTitle?: string;
  // after the upload, before the dialog closes (a recovery item links the new document)
  onUploaded?: (doc: DocumentRecord) => Promise<unknown> | unknown;
  title?: string;
};

// Upload a document (type from the fixed list, title, dates, issuer, the file) or a new version of one, with the
// upload's progress; the server's refusals (too large, a type it does not take, the same file already stored) are said
// in the dialog in the UI language as well as notified.
export const UploadDialog = ({ attach, onClose, document, presetType = '', presetCountry = '', presetTitle = '', onUploaded, title }: Props) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const form = useForm<DocumentValues>({ defaultValues: { ...emptyDocument(presetType, presetCountry), title: presetTitle } });
  const [progress, setProgress] = useState<{ loaded: number; total: number } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  const version = !!document;

  const submit = async (values: DocumentValues) => {
    setProblem(null);
    setProgress({ loaded: 0, total: values.file?.size ?? 0 });
    abort.current = new AbortController();
    const onProgress = (loaded: number, total: number) => setProgress({ loaded, total });
    try {
      const doc = document
        ? await uploadVersion(document.id, values.file as File, onProgress, abort.current.signal)
        : await uploadDocument(values, attach, onProgress, abort.current.signal);
      await onUploaded?.(doc);
      notify(version ? 'app.documents.version_uploaded' : 'app.documents.uploaded', { type: 'info', messageArgs: { version: doc.version } });
      refresh();
      onClose();
    } finally {
      setProgress(null);
    }
  };

  const picked = (file: File) => {
    if (!version && form.getValues('title').trim() === '') form.setValue('title', titleFromFileName(file.name));
  };

  return (
    <FormDialog<DocumentValues>
      testId={version ? 'document-version-dialog' : 'document-upload-dialog'}
      title={title ?? (version ? translate('app.documents.new_version_title', { title: document.title }) : translate('app.documents.upload_title'))}
      intro={translate(version ? 'app.documents.new_version_intro' : 'app.documents.upload_intro')}
      form={form}
      onClose={() => {
        abort.current?.abort();
        onClose();
      }}
      onSubmit={submit}
      validate={(v) => documentProblems(v, { needsMeta: !version })}
      onApiError={(info) => {
        setProblem(info.message);
      }}
      submitLabel={version ? 'app.documents.upload_version' : 'app.documents.upload'}
      submitTestId="document-upload-submit"
    >
      <Stack spacing={2}>
        {!version && (
          <>
            <FormTextField
              name="type"
              select
              required
              fullWidth
              autoFocus={!presetType}
              label={translate(f('type'))}
              slotProps={{ htmlInput: { 'data-testid': 'document-type' } }}
            >
              {DOCUMENT_TYPES.map((t) => (
                <MenuItem key={t} value={t}>
                  {translate(`enums.document_type.${t}`)}
                </MenuItem>
              ))}
            </FormTextField>
            <FormTextField
              name="title"
              required
              fullWidth
              autoFocus={!!presetType}
              label={translate(f('title'))}
              slotProps={{ htmlInput: { maxLength: 200 } }}
            />
            <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
              <FormTextField name="issuedOn" type="date" fullWidth label={translate(f('issuedOn'))} slotProps={{ inputLabel: { shrink: true } }} />
              <FormTextField name="expiresOn" type="date" fullWidth label={translate(f('expiresOn'))} slotProps={{ inputLabel: { shrink: true } }} />
            </Stack>
            <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
              <FormTextField name="issuerCountry" select fullWidth label={translate(f('issuerCountry'))}>
                <MenuItem value="">
                  <em>{translate('app.not_set')}</em>
                </MenuItem>
                {COUNTRIES.map((c) => (
                  <MenuItem key={c} value={c}>
                    {translate(`enums.country.${c}`, { _: c })}
                  </MenuItem>
                ))}
              </FormTextField>
              <FormTextField name="issuer" fullWidth label={translate(f('issuer'))} slotProps={{ htmlInput: { maxLength: 200 } }} />
            </Stack>
          </>
        )}
        <FileField onPicked={picked} />
        {progress && <Progress loaded={progress.loaded} total={progress.total} />}
        {problem && (
          <Alert severity="error" data-testid="document-upload-error">
            {problem}
          </Alert>
        )}
      </Stack>
    </FormDialog>
  );
};
