import DeleteIcon from '@mui/icons-material/DeleteOutlined';
import HistoryIcon from '@mui/icons-material/HistoryOutlined';
import PreviewIcon from '@mui/icons-material/VisibilityOutlined';
import UploadIcon from '@mui/icons-material/UploadFileOutlined';
import ReplaceIcon from '@mui/icons-material/UpgradeOutlined';
import { Box, Button, Chip, Stack, Typography } from '@mui/material';
import { useState, type ReactNode } from 'react';
import { DataTable, ListBase, Pagination, useListContext, useLocaleState, useTranslate } from 'react-admin';
import { Col } from '../shared/columns';
import { formatDateTime, formatDay } from '../shared/dates';
import { EmptyState } from '../shared/EmptyState';
import { joinParts, ResponsiveList } from '../shared/ResponsiveList';
import { ScrollX } from '../shared/ShowLayout';
import { documentFilter, formatSize, isExpired, isPreviewable, type Attach, type DocumentRecord, type DocumentType } from './documentModel';
import { DeleteDocumentDialog, DownloadButton, PreviewDialog, Thumbnail, useCanOpenDocuments, VersionsDialog } from './DocumentViews';
import { UploadDialog } from './UploadDialog';

// DataTable's render gets the row as a plain record
const cell = (fn: (row: DocumentRecord) => ReactNode) => fn as (record: Record<string, unknown>) => ReactNode;
const f = (field: string) => `app.documents.fields.${field}`;

export type Open =
  { kind: 'upload'; type?: DocumentType | ''; country?: string } | { kind: 'version' | 'versions' | 'delete' | 'preview'; doc: DocumentRecord } | null;

const today = () => new Date(Date.now() + 6 * 3_600_000).toISOString().slice(0, 10);

export const ExpiredChip = () => {
  const translate = useTranslate();
  return <Chip size="small" color="error" variant="outlined" label={translate('app.documents.expired')} data-testid="document-expired" />;
};

const Dates = ({ d }: { d: DocumentRecord }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  return (
    <Stack spacing={0.5} sx={{ alignItems: 'flex-start' }}>
      {d.issuedOn && (
        <Typography variant="body2" component="span" sx={{ whiteSpace: 'nowrap' }}>
          {translate(f('issuedOn'))}: {formatDay(d.issuedOn, locale)}
        </Typography>
      )}
      {d.expiresOn && (
        <Typography variant="body2" component="span" sx={{ whiteSpace: 'nowrap' }}>
          {translate(f('expiresOn'))}: {formatDay(d.expiresOn, locale)}
        </Typography>
      )}
      {isExpired(d, today()) && <ExpiredChip />}
      {!d.issuedOn && !d.expiresOn && <span>{translate('app.not_set')}</span>}
    </Stack>
  );
};

const Title = ({ d }: { d: DocumentRecord }) => (
  <Stack direction="row" spacing={1} sx={{ alignItems: 'center', minWidth: 0 }}>
    <Thumbnail doc={d} />
    <Box sx={{ minWidth: 0 }}>
      <Typography variant="body2" sx={{ fontWeight: 500, overflowWrap: 'anywhere' }} data-testid="document-title">
        {d.title}
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
        {d.fileName}
      </Typography>
    </Box>
  </Stack>
);

const RowActions = ({ d, canChange, onOpen }: { d: DocumentRecord; canChange: boolean; onOpen: (o: Open) => void }) => {
  const translate = useTranslate();
  const canOpen = useCanOpenDocuments();
  return (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
      {canOpen && isPreviewable(d.contentType) && (
        <Button size="small" startIcon={<PreviewIcon />} onClick={() => onOpen({ kind: 'preview', doc: d })} data-testid={`preview-document-${d.id}`}>
          {translate('app.documents.preview')}
        </Button>
      )}
      {canOpen && <DownloadButton doc={d} />}
      <Button size="small" startIcon={<HistoryIcon />} onClick={() => onOpen({ kind: 'versions', doc: d })} data-testid={`versions-document-${d.id}`}>
        {translate('app.documents.versions')}
      </Button>
      {canChange && (
        <>
          <Button size="small" startIcon={<ReplaceIcon />} onClick={() => onOpen({ kind: 'version', doc: d })} data-testid={`replace-document-${d.id}`}>
            {translate('app.documents.replace')}
          </Button>
          <Button
            size="small"
            color="error"
            startIcon={<DeleteIcon />}
            onClick={() => onOpen({ kind: 'delete', doc: d })}
            data-testid={`delete-document-${d.id}`}
          >
            {translate('ra.action.delete')}
          </Button>
        </>
      )}
    </Stack>
  );
};

// A phone shows each document as a few lines: title, type and size, dates, who uploaded it, then the actions.
const PhoneRows = ({ canChange, onOpen }: { canChange: boolean; onOpen: (o: Open) => void }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { data } = useListContext<DocumentRecord>();
  return (
    <Stack divider={<Box sx={{ borderBottom: 1, borderColor: 'divider' }} />} data-testid="documents-table">
      {(data ?? []).map((d) => (
        <Stack key={d.id} spacing={0.5} sx={{ py: 1 }} data-testid="document-row" data-id={d.id}>
          <Title d={d} />
          <Typography variant="body2" color="text.secondary">
            {joinParts(
              translate(`enums.document_type.${d.type}`, { _: d.type }),
              translate('app.documents.version_n', { version: d.version }),
              formatSize(d.bytes, locale, (u) => translate(`app.documents.units.${u}`)),
            )}
          </Typography>
          <Dates d={d} />
          <Typography variant="body2" color="text.secondary">
            {joinParts(d.uploadedByName, formatDateTime(d.uploadedAt, locale))}
          </Typography>
          <RowActions d={d} canChange={canChange} onOpen={onOpen} />
        </Stack>
      ))}
    </Stack>
  );
};

const Rows = ({ canChange, onOpen, empty }: { canChange: boolean; onOpen: (o: Open) => void; empty: ReactNode }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { total, isPending, error, perPage } = useListContext<DocumentRecord>();
  if (error) return <Typography color="text.secondary">{translate('app.documents.load_error')}</Typography>;
  if (!isPending && total === 0) return <>{empty}</>;
  return (
    <>
      <ResponsiveList phone={<PhoneRows canChange={canChange} onOpen={onOpen} />}>
        <ScrollX>
          <DataTable<DocumentRecord> bulkActionButtons={false} rowClick={false} resource="documents" data-testid="documents-table">
            <Col source="type" label={f('type')} render={cell((d) => translate(`enums.document_type.${d.type}`, { _: d.type }))} />
            <Col
              source="title"
              label={f('title')}
              render={cell((d) => (
                <Title d={d} />
              ))}
              sx={{ minWidth: 180 }}
            />
            <Col
              source="expiresOn"
              label={f('dates')}
              render={cell((d) => (
                <Dates d={d} />
              ))}
            />
            <Col source="version" label={f('version')} hideBelow="md" />
            <Col
              source="uploadedAt"
              label={f('uploadedBy')}
              hideBelow="lg"
              render={cell((d) => (
                <>
                  {d.uploadedByName ?? ''}
                  <Typography variant="body2" color="text.secondary" sx={{ whiteSpace: 'nowrap' }}>
                    {formatDateTime(d.uploadedAt, locale)}
                  </Typography>
                </>
              ))}
            />
            <Col
              source="bytes"
              label={f('bytes')}
              hideBelow="md"
              sx={{ whiteSpace: 'nowrap' }}
              render={cell((d) => formatSize(d.bytes, locale, (u) => translate(`app.documents.units.${u}`)))}
            />
            <Col
              label="app.documents.actions"
              disableSort
              render={cell((d) => (
                <RowActions d={d} canChange={canChange} onOpen={onOpen} />
              ))}
            />
          </DataTable>
        </ScrollX>
      </ResponsiveList>
      {(total ?? 0) > perPage && <Pagination rowsPerPageOptions={[perPage]} />}
    </>
  );
};

export const UploadButton = ({ onClick, variant = 'outlined' }: { onClick: () => void; variant?: 'outlined' | 'contained' }) => {
  const translate = useTranslate();
  return (
    <Button variant={variant} size="small" startIcon={<UploadIcon />} onClick={onClick} data-testid="upload-document">
      {translate('app.documents.upload')}
    </Button>
  );
};

const UploadWhenListed = ({ onClick }: { onClick: () => void }) => {
  const { total } = useListContext<DocumentRecord>();
  return (total ?? 0) > 0 ? <UploadButton onClick={onClick} /> : null;
};

type Props = {
  attach: Attach;
  // office staff upload, replace and delete; others (admins, NGO staff) read
  canChange: boolean;
  testId?: string;
  // what stands above the list (the checklist on a case)
  header?: (open: (o: Open) => void) => ReactNode;
  emptyHint?: string;
};

// The documents of a returnee, case, referral or plan: the list (a table from a tablet up, lines on a phone), upload,
// new version, versions, preview, download and delete, each through its dialog.
export const DocumentsPanel = ({ attach, canChange, testId = 'documents', header, emptyHint = 'app.documents.empty.hint' }: Props) => {
  const [open, setOpen] = useState<Open>(null);
  const upload = () => setOpen({ kind: 'upload' });
  const empty = (
    <EmptyState
      title="app.documents.empty.title"
      hint={canChange ? emptyHint : 'app.documents.empty.hint_read'}
      testId="documents-empty"
      action={canChange ? <UploadButton variant="contained" onClick={upload} /> : undefined}
    />
  );
  return (
    <Box data-testid={testId}>
      {header?.(setOpen)}
      <ListBase
        resource="documents"
        filter={documentFilter(attach)}
        sort={{ field: 'createdAt', order: 'DESC' }}
        perPage={25}
        disableSyncWithLocation
        storeKey={false}
      >
        {canChange && (
          <Stack direction="row" sx={{ justifyContent: 'flex-end', mb: 1 }}>
            <UploadWhenListed onClick={upload} />
          </Stack>
        )}
        <Rows canChange={canChange} onOpen={setOpen} empty={empty} />
      </ListBase>
      {/* mounted only while open, so each opening starts afresh */}
      {open?.kind === 'upload' && <UploadDialog attach={attach} presetType={open.type} presetCountry={open.country} onClose={() => setOpen(null)} />}
      {open?.kind === 'version' && <UploadDialog attach={attach} document={open.doc} onClose={() => setOpen(null)} />}
      {open?.kind === 'versions' && <VersionsDialog doc={open.doc} onClose={() => setOpen(null)} />}
      {open?.kind === 'delete' && <DeleteDocumentDialog doc={open.doc} onClose={() => setOpen(null)} />}
      {open?.kind === 'preview' && <PreviewDialog doc={open.doc} onClose={() => setOpen(null)} />}
    </Box>
  );
};
