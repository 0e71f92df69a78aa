import AddIcon from '@mui/icons-material/Add';
import DoneIcon from '@mui/icons-material/TaskAltOutlined';
import EditIcon from '@mui/icons-material/EditOutlined';
import PlaylistIcon from '@mui/icons-material/PlaylistAddOutlined';
import UploadIcon from '@mui/icons-material/UploadFileOutlined';
import { Box, Button, Chip, Link as MuiLink, MenuItem, Stack, Typography, type ChipProps } from '@mui/material';
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import {
  DataTable,
  ListBase,
  Pagination,
  useCreate,
  useGetList,
  useListContext,
  useLocaleState,
  useNotify,
  useRefresh,
  useTranslate,
  useUpdate,
} from 'react-admin';
import { useForm } from 'react-hook-form';
import { COUNTRIES } from '../shared/choices';
import { Col } from '../shared/columns';
import { formatDay } from '../shared/dates';
import { EmptyState } from '../shared/EmptyState';
import { FormDialog, FormTextField } from '../shared/FormDialog';
import { joinParts, ResponsiveList } from '../shared/ResponsiveList';
import { ScrollX } from '../shared/ShowLayout';
import { useNotifyApiError } from '../shared/useNotifyApiError';
import { proposeRecovery, receiveRecovery } from './documentCalls';
import {
  editableStatuses,
  isRecoveryOverdue,
  RECOVERABLE_TYPES,
  RECOVERY_AUTHORITIES,
  recoveryProblems,
  recoveryValues,
  toRecoveryBody,
  type DocumentRecord,
  type RecoveryItem,
  type RecoveryValues,
} from './documentModel';
import { UploadDialog } from './UploadDialog';

// DataTable's render gets the row as a plain record
const cell = (fn: (row: RecoveryItem) => ReactNode) => fn as (record: Record<string, unknown>) => ReactNode;
const f = (field: string) => `app.recovery.fields.${field}`;
const STATUS_COLOR: Record<RecoveryItem['status'], ChipProps['color']> = { to_request: 'default', requested: 'info', received: 'success', refused: 'error' };
const today = () => new Date(Date.now() + 6 * 3_600_000).toISOString().slice(0, 10);

type Returnee = { id: string; vulnerabilities?: string[] };
type Open = { kind: 'create' } | { kind: 'edit' | 'receive' | 'upload'; item: RecoveryItem } | null;

const StatusChip = ({ item }: { item: RecoveryItem }) => {
  const translate = useTranslate();
  return (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
      <Chip
        size="small"
        color={STATUS_COLOR[item.status]}
        variant={item.status === 'received' ? 'filled' : 'outlined'}
        label={translate(`enums.recovery_status.${item.status}`, { _: item.status })}
        data-testid="recovery-status"
        data-status={item.status}
      />
      {isRecoveryOverdue(item, today()) && <Chip size="small" color="error" label={translate('app.recovery.overdue')} />}
    </Stack>
  );
};

const TypeName = ({ item }: { item: RecoveryItem }) => {
  const translate = useTranslate();
  return (
    <>
      {joinParts(
        translate(`enums.document_type.${item.documentType}`, { _: item.documentType }),
        item.country ? translate(`enums.country.${item.country}`, { _: item.country }) : null,
      )}
    </>
  );
};

const Authority = ({ item }: { item: RecoveryItem }) => {
  const translate = useTranslate();
  return <>{joinParts(translate(`enums.recovery_authority.${item.authority}`, { _: item.authority }), item.authorityName)}</>;
};

const Dates = ({ item }: { item: RecoveryItem }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  return (
    <Stack spacing={0.25}>
      <Typography variant="body2" component="span" sx={{ whiteSpace: 'nowrap' }}>
        {translate(f('requestedOn'))}: {item.requestedOn ? formatDay(item.requestedOn, locale) : translate('app.not_set')}
      </Typography>
      <Typography variant="body2" component="span" sx={{ whiteSpace: 'nowrap' }}>
        {translate(f('expectedOn'))}: {item.expectedOn ? formatDay(item.expectedOn, locale) : translate('app.not_set')}
      </Typography>
    </Stack>
  );
};

// What came of it: the received document, the follow-up scheduled before the expected day.
const Links = ({ item, returneeId }: { item: RecoveryItem; returneeId: string }) => {
  const translate = useTranslate();
  return (
    <Stack spacing={0.25}>
      {item.documentId && (
        <Typography variant="body2" data-testid="recovery-document">
          {translate('app.recovery.document_attached')}
        </Typography>
      )}
      {item.followUpId && (
        <MuiLink component={Link} to={`/returnees/${returneeId}/show/follow-ups`} variant="body2">
          {translate('app.recovery.follow_up')}
        </MuiLink>
      )}
      {!item.documentId && !item.followUpId && <span>{translate('app.not_set')}</span>}
    </Stack>
  );
};

const Actions = ({ item, onOpen }: { item: RecoveryItem; onOpen: (o: Open) => void }) => {
  const translate = useTranslate();
  if (item.status === 'received') return null;
  return (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
      <Button size="small" startIcon={<EditIcon />} onClick={() => onOpen({ kind: 'edit', item })} data-testid={`edit-recovery-${item.id}`}>
        {translate('ra.action.edit')}
      </Button>
      {item.status !== 'refused' && (
        <Button size="small" startIcon={<DoneIcon />} onClick={() => onOpen({ kind: 'receive', item })} data-testid={`receive-recovery-${item.id}`}>
          {translate('app.recovery.mark_received')}
        </Button>
      )}
    </Stack>
  );
};

const PhoneRows = ({ returneeId, canChange, onOpen }: { returneeId: string; canChange: boolean; onOpen: (o: Open) => void }) => {
  const { data } = useListContext<RecoveryItem>();
  return (
    <Stack divider={<Box sx={{ borderBottom: 1, borderColor: 'divider' }} />} data-testid="recovery-table">
      {(data ?? []).map((item) => (
        <Stack key={item.id} spacing={0.5} sx={{ py: 1 }} data-testid="recovery-row" data-id={item.id}>
          <Typography variant="body2" sx={{ fontWeight: 500 }}>
            <TypeName item={item} />
          </Typography>
          <Typography variant="body2" color="text.secondary">
            <Authority item={item} />
          </Typography>
          <Dates item={item} />
          <StatusChip item={item} />
          <Links item={item} returneeId={returneeId} />
          {canChange && <Actions item={item} onOpen={onOpen} />}
        </Stack>
      ))}
    </Stack>
  );
};

const Rows = ({ returneeId, canChange, onOpen }: { returneeId: string; canChange: boolean; onOpen: (o: Open) => void }) => {
  const translate = useTranslate();
  const { total, isPending, error, perPage } = useListContext<RecoveryItem>();
  if (error) return <Typography color="text.secondary">{translate('app.recovery.load_error')}</Typography>;
  if (!isPending && total === 0) return <EmptyState title="app.recovery.empty.title" hint="app.recovery.empty.hint" testId="recovery-empty" />;
  return (
    <>
      <ResponsiveList phone={<PhoneRows returneeId={returneeId} canChange={canChange} onOpen={onOpen} />}>
        <ScrollX>
          <DataTable<RecoveryItem> bulkActionButtons={false} rowClick={false} resource="recovery-items">
            <Col
              source="documentType"
              label={f('documentType')}
              render={cell((i) => (
                <TypeName item={i} />
              ))}
            />
            <Col
              source="authority"
              label={f('authority')}
              render={cell((i) => (
                <Authority item={i} />
              ))}
            />
            <Col
              source="expectedOn"
              label={f('dates')}
              render={cell((i) => (
                <Dates item={i} />
              ))}
            />
            <Col
              source="status"
              label={f('status')}
              render={cell((i) => (
                <StatusChip item={i} />
              ))}
            />
            <Col
              source="documentId"
              label={f('outcome')}
              disableSort
              hideBelow="md"
              render={cell((i) => (
                <Links item={i} returneeId={returneeId} />
              ))}
            />
            {canChange && (
              <Col
                label="app.recovery.actions"
                disableSort
                render={cell((i) => (
                  <Actions item={i} onOpen={onOpen} />
                ))}
              />
            )}
          </DataTable>
        </ScrollX>
      </ResponsiveList>
      {(total ?? 0) > perPage && <Pagination rowsPerPageOptions={[perPage]} />}
    </>
  );
};

type SelectProps = { name: string; label: string; values: readonly string[]; group: string; required?: boolean; optional?: boolean };
const Select = ({ name, label, values, group, required, optional }: SelectProps) => {
  const translate = useTranslate();
  return (
    <FormTextField name={name} select required={required} fullWidth label={translate(label)} slotProps={{ htmlInput: { 'data-testid': `recovery-${name}` } }}>
      {optional && (
        <MenuItem value="">
          <em>{translate('app.not_set')}</em>
        </MenuItem>
      )}
      {values.map((v) => (
        <MenuItem key={v} value={v}>
          {translate(`enums.${group}.${v}`)}
        </MenuItem>
      ))}
    </FormTextField>
  );
};

// Create or edit a recovery item: which paper, from whom, when asked and expected, where it stands.
const RecoveryDialog = ({ returneeId, item, onClose }: { returneeId: string; item?: RecoveryItem; onClose: () => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [create] = useCreate();
  const [update] = useUpdate();
  const submit = async (v: RecoveryValues) => {
    const data = toRecoveryBody(v, returneeId, item);
    if (item) await update('recovery-items', { id: item.id, data, previousData: item }, { mutationMode: 'pessimistic', returnPromise: true });
    else await create('recovery-items', { data }, { returnPromise: true });
    notify(item ? 'app.recovery.saved' : 'app.recovery.created', { type: 'info' });
    refresh();
    onClose();
  };
  return (
    <FormDialog<RecoveryValues>
      testId="recovery-dialog"
      title={translate(item ? 'app.recovery.edit_title' : 'app.recovery.create_title')}
      intro={translate('app.recovery.intro')}
      defaultValues={recoveryValues(item)}
      validate={(v) => recoveryProblems(v, today())}
      onSubmit={submit}
      onClose={onClose}
      refreshOnConflict
      submitLabel="ra.action.save"
      submitTestId="recovery-save"
    >
      <Stack spacing={2}>
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
          {item ? (
            <FormTextField name="documentType" select disabled fullWidth label={translate(f('documentType'))}>
              <MenuItem value={item.documentType}>{translate(`enums.document_type.${item.documentType}`)}</MenuItem>
            </FormTextField>
          ) : (
            <Select name="documentType" label={f('documentType')} values={RECOVERABLE_TYPES} group="document_type" required />
          )}
          <Select name="country" label={f('country')} values={COUNTRIES} group="country" optional />
        </Stack>
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
          <Select name="authority" label={f('authority')} values={RECOVERY_AUTHORITIES} group="recovery_authority" required />
          <FormTextField name="authorityName" fullWidth label={translate(f('authorityName'))} slotProps={{ htmlInput: { maxLength: 200 } }} />
        </Stack>
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
          <FormTextField name="requestedOn" type="date" fullWidth label={translate(f('requestedOn'))} slotProps={{ inputLabel: { shrink: true } }} />
          <FormTextField
            name="expectedOn"
            type="date"
            fullWidth
            label={translate(f('expectedOn'))}
            helperText={translate('app.recovery.expected_hint')}
            slotProps={{ inputLabel: { shrink: true } }}
          />
        </Stack>
        <Select name="status" label={f('status')} values={editableStatuses(item)} group="recovery_status" required />
        <FormTextField name="note" fullWidth multiline minRows={2} label={translate(f('note'))} slotProps={{ htmlInput: { maxLength: 2000 } }} />
      </Stack>
    </FormDialog>
  );
};

// Mark received: the new paper is one of the person's documents already uploaded, or a scan uploaded now.
const ReceiveDialog = ({ returneeId, item, onClose, onUpload }: { returneeId: string; item: RecoveryItem; onClose: () => void; onUpload: () => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [locale] = useLocaleState();
  const form = useForm<{ documentId: string }>({ defaultValues: { documentId: '' } });
  const { data: docs = [] } = useGetList<DocumentRecord>('documents', {
    filter: { returneeId, type: item.documentType },
    pagination: { page: 1, perPage: 50 },
    sort: { field: 'createdAt', order: 'DESC' },
  });
  const submit = async ({ documentId }: { documentId: string }) => {
    await receiveRecovery(item.id, documentId);
    notify('app.recovery.received', { type: 'info' });
    refresh();
    onClose();
  };
  const type = translate(`enums.document_type.${item.documentType}`, { _: item.documentType });
  return (
    <FormDialog<{ documentId: string }>
      testId="recovery-receive-dialog"
      title={translate('app.recovery.receive_title', { type })}
      intro={translate('app.recovery.receive_intro')}
      form={form}
      validate={(v) => ({ documentId: v.documentId ? undefined : 'app.recovery.validation.document_required' })}
      onSubmit={submit}
      onClose={onClose}
      refreshOnConflict
      submitLabel="app.recovery.mark_received"
      submitTestId="recovery-receive-submit"
    >
      <Stack spacing={2}>
        <Button variant="outlined" startIcon={<UploadIcon />} onClick={onUpload} data-testid="recovery-upload-scan" sx={{ alignSelf: 'flex-start' }}>
          {translate('app.recovery.upload_scan')}
        </Button>
        <FormTextField
          name="documentId"
          select
          fullWidth
          label={translate('app.recovery.choose_document')}
          helperText={docs.length === 0 ? translate('app.recovery.no_documents_of_type', { type }) : ' '}
          slotProps={{ htmlInput: { 'data-testid': 'recovery-document-id' } }}
        >
          {docs.map((d) => (
            <MenuItem key={d.id} value={d.id}>
              {joinParts(d.title, d.issuedOn ? formatDay(d.issuedOn, locale) : null, d.fileName)}
            </MenuItem>
          ))}
        </FormTextField>
      </Stack>
    </FormDialog>
  );
};

const ProposeButton = ({ returneeId }: { returneeId: string }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const notifyApiError = useNotifyApiError();
  const [busy, setBusy] = useState(false);
  const propose = () => {
    setBusy(true);
    proposeRecovery(returneeId)
      .then((items) => {
        notify('app.recovery.proposed', { type: 'info', messageArgs: { smart_count: items.length } });
        refresh();
      })
      .catch((e: unknown) => notifyApiError(e))
      .finally(() => setBusy(false));
  };
  return (
    <Button size="small" variant="outlined" startIcon={<PlaylistIcon />} onClick={propose} disabled={busy} data-testid="propose-recovery">
      {translate('app.recovery.propose')}
    </Button>
  );
};

// The recovery of lost identity and work papers: one item per paper asked for, with the authority, the dates, the
// status and the follow-up; "mark received" links the new scan.
export const RecoveryItems = ({ returnee, canChange }: { returnee: Returnee; canChange: boolean }) => {
  const translate = useTranslate();
  const [open, setOpen] = useState<Open>(null);
  const returneeId = String(returnee.id);
  const noDocuments = (returnee.vulnerabilities ?? []).includes('no_documents');
  return (
    <Box data-testid="recovery-items">
      {canChange && (
        <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', justifyContent: 'flex-end', mb: 1 }}>
          {noDocuments && <ProposeButton returneeId={returneeId} />}
          <Button size="small" variant="outlined" startIcon={<AddIcon />} onClick={() => setOpen({ kind: 'create' })} data-testid="add-recovery">
            {translate('app.recovery.add')}
          </Button>
        </Stack>
      )}
      <ListBase
        resource="recovery-items"
        filter={{ returneeId }}
        sort={{ field: 'expectedOn', order: 'ASC' }}
        perPage={25}
        disableSyncWithLocation
        storeKey={false}
      >
        <Rows returneeId={returneeId} canChange={canChange} onOpen={setOpen} />
      </ListBase>
      {open?.kind === 'create' && <RecoveryDialog returneeId={returneeId} onClose={() => setOpen(null)} />}
      {open?.kind === 'edit' && <RecoveryDialog returneeId={returneeId} item={open.item} onClose={() => setOpen(null)} />}
      {open?.kind === 'receive' && (
        <ReceiveDialog returneeId={returneeId} item={open.item} onClose={() => setOpen(null)} onUpload={() => setOpen({ kind: 'upload', item: open.item })} />
      )}
      {open?.kind === 'upload' && (
        <UploadDialog
          attach={{ returneeId }}
          presetType={open.item.documentType}
          title={translate('app.recovery.upload_scan_title', { type: translate(`enums.document_type.${open.item.documentType}`) })}
          onUploaded={(doc) => receiveRecovery(open.item.id, doc.id).then(() => undefined)}
          onClose={() => setOpen(null)}
        />
      )}
    </Box>
  );
};
