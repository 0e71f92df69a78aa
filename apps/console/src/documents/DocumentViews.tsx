import DownloadIcon from '@mui/icons-material/DownloadOutlined';
import {
  Alert,
  Box,
  Button,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
  useMediaQuery,
  type Theme,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useDelete, useLocaleState, useNotify, usePermissions, useRefresh, useTranslate } from 'react-admin';
import { formatDateTime } from '../shared/dates';
import { ConfirmDialog } from '../shared/FormDialog';
import { ScrollX } from '../shared/ShowLayout';
import { useNotifyApiError } from '../shared/useNotifyApiError';
import { downloadDocument, listVersions, signedLink } from './documentCalls';
import { formatSize, isImage, isPdf, type DocumentRecord } from './documentModel';

// Opening a file (preview, thumbnail, download) takes a signed link, which admins are not given: they see metadata only.
export const useCanOpenDocuments = (): boolean => {
  const { permissions } = usePermissions();
  return permissions !== undefined && permissions !== 'admin';
};

// Signed links live a few minutes: a thumbnail's is asked again well before that.
const LINK_STALE_MS = 3 * 60_000;

// A small picture of an image document, from its thumbnail's signed link.
export const Thumbnail = ({ doc, size = 40 }: { doc: DocumentRecord; size?: number }) => {
  const canOpen = useCanOpenDocuments();
  const { data } = useQuery({
    queryKey: ['document-thumb', doc.id, doc.version],
    queryFn: () => signedLink(doc.id, { thumbnail: true, disposition: 'inline' }),
    enabled: doc.hasThumbnail && canOpen,
    staleTime: LINK_STALE_MS,
    refetchInterval: LINK_STALE_MS,
    retry: false,
  });
  if (!doc.hasThumbnail || !canOpen || !data) return null;
  return (
    <Box
      component="img"
      src={data.url}
      alt=""
      data-testid="document-thumbnail"
      sx={{ width: size, height: size, objectFit: 'cover', borderRadius: 0.5, border: 1, borderColor: 'divider', flex: 'none' }}
    />
  );
};

// The document shown in the page: a PDF in a frame, an image as itself, through a short-lived inline signed link.
export const PreviewDialog = ({ doc, onClose }: { doc: DocumentRecord; onClose: () => void }) => {
  const translate = useTranslate();
  const notifyApiError = useNotifyApiError();
  const phone = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));
  const { data, error, isPending } = useQuery({
    queryKey: ['document-preview', doc.id, doc.version],
    queryFn: () => signedLink(doc.id, { disposition: 'inline' }),
    staleTime: 0,
    gcTime: 0,
    retry: false,
  });
  const download = () => {
    downloadDocument(doc).catch((e: unknown) => notifyApiError(e));
  };
  return (
    <Dialog open onClose={onClose} aria-labelledby="document-preview-title" data-testid="document-preview-dialog" fullWidth maxWidth="lg" fullScreen={phone}>
      <DialogTitle id="document-preview-title" sx={{ overflowWrap: 'anywhere' }}>
        {doc.title}
      </DialogTitle>
      <DialogContent dividers sx={{ display: 'flex', justifyContent: 'center', minHeight: 320 }}>
        {isPending && <CircularProgress aria-label={translate('ra.page.loading')} />}
        {error && <Alert severity="error">{translate('app.documents.preview_failed')}</Alert>}
        {data && isPdf(doc.contentType) && (
          <Box
            component="iframe"
            src={data.url}
            title={translate('app.documents.preview_of', { title: doc.title })}
            data-testid="document-preview-frame"
            sx={{ width: '100%', height: { xs: '70vh', sm: '75vh' }, border: 0 }}
          />
        )}
        {data && isImage(doc.contentType) && (
          <Box
            component="img"
            src={data.url}
            alt={doc.title}
            data-testid="document-preview-image"
            sx={{ maxWidth: '100%', maxHeight: '75vh', objectFit: 'contain' }}
          />
        )}
      </DialogContent>
      <DialogActions disableSpacing sx={{ flexWrap: 'wrap', gap: 1 }}>
        <Button startIcon={<DownloadIcon />} onClick={download} data-testid="document-preview-download">
          {translate('app.documents.download')}
        </Button>
        <Button variant="contained" onClick={onClose} autoFocus>
          {translate('ra.action.close')}
        </Button>
      </DialogActions>
    </Dialog>
  );
};

// Every version of a document, newest first, each downloadable.
export const VersionsDialog = ({ doc, onClose }: { doc: DocumentRecord; onClose: () => void }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const notifyApiError = useNotifyApiError();
  const phone = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));
  const canOpen = useCanOpenDocuments();
  const { data, error, isPending } = useQuery({ queryKey: ['document-versions', doc.id, doc.version], queryFn: () => listVersions(doc.id) });
  const versions = [...(data ?? [])].sort((a, b) => b.version - a.version);
  const size = (n: number) => formatSize(n, locale, (u) => translate(`app.documents.units.${u}`));
  return (
    <Dialog open onClose={onClose} aria-labelledby="document-versions-title" data-testid="document-versions-dialog" fullWidth maxWidth="md" fullScreen={phone}>
      <DialogTitle id="document-versions-title" sx={{ overflowWrap: 'anywhere' }}>
        {translate('app.documents.versions_title', { title: doc.title })}
      </DialogTitle>
      <DialogContent dividers>
        {isPending && <CircularProgress aria-label={translate('ra.page.loading')} />}
        {error && <Alert severity="error">{translate('app.documents.load_error')}</Alert>}
        {data && (
          <ScrollX>
            <Table size="small">
              <TableHead>
                <TableRow>
                  <TableCell>{translate('app.documents.fields.version')}</TableCell>
                  <TableCell>{translate('app.documents.fields.fileName')}</TableCell>
                  <TableCell>{translate('app.documents.fields.bytes')}</TableCell>
                  <TableCell>{translate('app.documents.fields.uploadedBy')}</TableCell>
                  <TableCell>
                    <Box component="span" sx={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>
                      {translate('app.documents.actions')}
                    </Box>
                  </TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {versions.map((v) => (
                  <TableRow key={v.version} data-testid="document-version-row" data-version={v.version}>
                    <TableCell>{v.version}</TableCell>
                    <TableCell sx={{ overflowWrap: 'anywhere', minWidth: 120 }}>{v.fileName}</TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{size(v.bytes)}</TableCell>
                    <TableCell>
                      {v.uploadedByName ?? ''}
                      <Typography variant="body2" color="text.secondary">
                        {formatDateTime(v.uploadedAt, locale)}
                      </Typography>
                    </TableCell>
                    <TableCell>
                      {canOpen && (
                        <Button
                          size="small"
                          startIcon={<DownloadIcon />}
                          onClick={() => {
                            downloadDocument({ id: doc.id, fileName: v.fileName }, v.version).catch((e: unknown) => notifyApiError(e));
                          }}
                          data-testid={`download-version-${v.version}`}
                        >
                          {translate('app.documents.download')}
                        </Button>
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </ScrollX>
        )}
      </DialogContent>
      <DialogActions>
        <Button variant="contained" onClick={onClose} autoFocus>
          {translate('ra.action.close')}
        </Button>
      </DialogActions>
    </Dialog>
  );
};

export const DeleteDocumentDialog = ({ doc, onClose }: { doc: DocumentRecord; onClose: () => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [remove] = useDelete();
  const confirm = async () => {
    await remove('documents', { id: doc.id, previousData: doc }, { mutationMode: 'pessimistic', returnPromise: true });
    notify('app.documents.deleted', { type: 'info' });
    refresh();
    onClose();
  };
  return (
    <ConfirmDialog
      testId="delete-document-dialog"
      title={translate('app.documents.delete_title')}
      content={translate('app.documents.delete_content', { title: doc.title })}
      onConfirm={confirm}
      onClose={onClose}
      cancelLabel="app.documents.keep"
      confirmLabel="ra.action.delete"
      confirmColor="error"
      confirmTestId="confirm-delete-document"
    />
  );
};

// A one-click download through a fresh signed link; the button waits while the link is made.
export const DownloadButton = ({ doc, label = true }: { doc: DocumentRecord; label?: boolean }) => {
  const translate = useTranslate();
  const notifyApiError = useNotifyApiError();
  const [busy, setBusy] = useState(false);
  const click = () => {
    setBusy(true);
    downloadDocument(doc)
      .catch((e: unknown) => notifyApiError(e))
      .finally(() => setBusy(false));
  };
  return (
    <Button
      size="small"
      startIcon={<DownloadIcon />}
      onClick={click}
      disabled={busy}
      data-testid={`download-document-${doc.id}`}
      aria-label={label ? undefined : translate('app.documents.download')}
    >
      {label ? translate('app.documents.download') : null}
    </Button>
  );
};
