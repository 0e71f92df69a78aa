import { Box, Button, Card, Link as MuiLink, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import {
  DataTable,
  FunctionField,
  List,
  RecordContextProvider,
  ReferenceField,
  TextField,
  Title,
  useListContext,
  useNotify,
  useRecordContext,
  useRefresh,
  useTranslate,
  usePermissions,
  useUpdate,
} from 'react-admin';
import { AssistanceAwaitingApproval } from '../assistance/AssistanceAwaitingApproval';
import { caseColumns } from '../cases/caseColumns';
import { CloseDialog } from '../cases/CaseStatusActions';
import { ReasonDialog } from '../cases/ReasonDialog';
import { daysSince, toTransition, type CaseRecord, type ClosingData } from '../cases/caseModel';
import { EmptyState } from '../shared/EmptyState';
import { PlansAwaitingApproval } from '../plans/PlansAwaitingApproval';
import { ResponsiveList } from '../shared/ResponsiveList';

const Hint = () => {
  const translate = useTranslate();
  return (
    <>
      <Typography variant="h6" component="h2" sx={{ px: 2, pt: 2 }}>
        {translate('app.approvals.title')}
      </Typography>
      <Typography color="text.secondary" sx={{ px: 2, pt: 0.5 }}>
        {translate('app.approvals.hint')}
      </Typography>
    </>
  );
};

// Approve (→ closed with the caseworker's reason and summary, monitoring follow-ups unless unticked) or send back with a
// comment (→ in_progress).
const Decide = () => {
  const record = useRecordContext<CaseRecord>();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [update, { isPending }] = useUpdate<CaseRecord>();
  const [dialog, setDialog] = useState<'approve' | 'send_back' | null>(null);
  if (!record) return null;
  // rejects on failure: the dialog notifies it and puts field problems under its inputs
  const decide = async (data: ReturnType<typeof toTransition>, done: string) => {
    await update('cases', { id: record.id, data, previousData: record }, { mutationMode: 'pessimistic', returnPromise: true });
    setDialog(null);
    notify(done, { type: 'info', messageArgs: { code: record.code } });
    // the decided case leaves the queue (and the menu count): refetch rather than keep the updated row
    refresh();
  };
  return (
    // clicks here must not open the case (row click)
    <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }} onClick={(e) => e.stopPropagation()}>
      <Button size="small" variant="contained" onClick={() => setDialog('approve')} disabled={isPending} data-testid={`approve-${record.code}`}>
        {translate('app.approvals.approve')}
      </Button>
      <Button size="small" variant="outlined" onClick={() => setDialog('send_back')} disabled={isPending} data-testid={`send-back-${record.code}`}>
        {translate('app.approvals.send_back')}
      </Button>
      {dialog === 'approve' && (
        <CloseDialog
          code={record.code}
          mode="approve"
          initialReason={record.closureReason}
          initialOutcome={record.outcome}
          caseRef={record}
          onCancel={() => setDialog(null)}
          onConfirm={(closing: ClosingData) => decide(toTransition(record, 'closed', closing), 'app.approvals.approved')}
        />
      )}
      {dialog === 'send_back' && (
        <ReasonDialog
          kind="send_back"
          titleArgs={{ code: record.code }}
          onCancel={() => setDialog(null)}
          onConfirm={(comment) => decide(toTransition(record, 'in_progress', undefined, { comment }), 'app.approvals.sent_back')}
        />
      )}
    </Stack>
  );
};

// What the caseworker wrote when asking to close, and the outcome.
const Summary = ({ r }: { r: CaseRecord }) => {
  const translate = useTranslate();
  return (
    <>
      {r.closureReason || translate('app.not_set')}
      {r.outcome && (
        <Typography variant="body2" color="text.secondary">
          {translate('resources.cases.fields.outcome')}: {r.outcome}
        </Typography>
      )}
    </>
  );
};

// On a phone each request is a card: the case (a link to it) and the person, the caseworker and how old the case is,
// the summary, then the decision buttons.
const PhoneCards = () => {
  const translate = useTranslate();
  const { data } = useListContext<CaseRecord>();
  return (
    <Stack divider={<Box sx={{ borderBottom: 1, borderColor: 'divider' }} />} sx={{ px: 2 }}>
      {(data ?? []).map((r) => (
        <RecordContextProvider key={r.id} value={r}>
          <Stack spacing={0.5} sx={{ py: 1.5 }} data-testid={`approval-card-${r.code}`}>
            <Typography variant="subtitle1" component="h2">
              <MuiLink component={Link} to={`/cases/${r.id}/show`}>
                {r.code}
              </MuiLink>
              {r.returneeName && ` · ${r.returneeName}`}
            </Typography>
            {r.title && <Typography variant="body2">{r.title}</Typography>}
            <Typography variant="body2" color="text.secondary" component="div">
              {translate('app.approvals.caseworker')}:{' '}
              <ReferenceField source="assigneeId" reference="users" link={false} emptyText="app.not_set">
                <TextField source="fullName" />
              </ReferenceField>
              {' · '}
              {translate('app.approvals.age_days', { smart_count: daysSince(r.openedAt) })}
            </Typography>
            <Box sx={{ typography: 'body2', whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              <Summary r={r} />
            </Box>
            <Decide />
          </Stack>
        </RecordContextProvider>
      ))}
    </Stack>
  );
};

const Queue = () => {
  const { total, isPending } = useListContext();
  const translate = useTranslate();
  if (!isPending && total === 0) return <EmptyState testId="approvals-empty" title="app.approvals.empty_title" hint="app.approvals.empty_hint" />;
  return (
    <ResponsiveList phone={<PhoneCards />}>
      <DataTable rowClick="show" bulkActionButtons={false} resource="cases">
        {caseColumns(['code', 'returneeName', 'title', 'assigneeId'], { assigneeId: { label: 'app.approvals.caseworker' } })}
        {/* what the caseworker wrote when asking to close */}
        <DataTable.Col source="closureReason" label="app.approvals.summary" disableSort>
          <FunctionField<CaseRecord>
            render={(r) => (
              <Box sx={{ maxWidth: 420, whiteSpace: 'pre-wrap' }}>
                <Summary r={r} />
              </Box>
            )}
          />
        </DataTable.Col>
        <DataTable.Col source="openedAt" label="app.approvals.age">
          <FunctionField<CaseRecord> render={(r) => translate('app.approvals.age_days', { smart_count: daysSince(r.openedAt) })} />
        </DataTable.Col>
        <DataTable.Col label="app.approvals.decision" disableSort>
          <Decide />
        </DataTable.Col>
      </DataTable>
    </ResponsiveList>
  );
};

// Supervisor's approvals: the plans awaiting approval, the assistance items awaiting approval, then the closure queue
// (the office's cases waiting in pending_closure, oldest first). An admin's: the assistance items awaiting the second
// approval.
export const ApprovalsPage = () => {
  const { permissions } = usePermissions();
  if (permissions === 'admin') {
    return (
      <Box data-testid="approvals">
        <Title title="app.approvals.menu" />
        <Card sx={{ mt: 2 }}>
          <AssistanceAwaitingApproval />
        </Card>
      </Box>
    );
  }
  return (
    <Box data-testid="approvals">
      <List
        resource="cases"
        title="app.approvals.menu"
        filter={{ status: ['pending_closure'] }}
        sort={{ field: 'openedAt', order: 'ASC' }}
        perPage={25}
        storeKey="approvals"
        disableSyncWithLocation
        exporter={false}
        actions={false}
        empty={false}
      >
        {/* individual reintegration plans submitted for the supervisor's approval, first: there are few of them */}
        <PlansAwaitingApproval />
        <AssistanceAwaitingApproval />
        <Hint />
        <Queue />
      </List>
    </Box>
  );
};
