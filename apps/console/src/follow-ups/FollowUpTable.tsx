import CancelIcon from '@mui/icons-material/EventBusy';
import DoneIcon from '@mui/icons-material/TaskAlt';
import RescheduleIcon from '@mui/icons-material/Update';
import {
  Box,
  Button,
  Chip,
  Link as MuiLink,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
  useMediaQuery,
  type Theme,
} from '@mui/material';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Pagination, RecordContextProvider, ReferenceField, TextField, useListContext, usePermissions, useTranslate } from 'react-admin';
import { CancelFollowUpDialog, DoneFollowUpDialog, RescheduleFollowUpDialog } from './FollowUpDialogs';
import { DueDate } from '../shared/DueDate';
import { isFollowUpOverdue, type FollowUp, type FollowUpStatus } from './followUpModel';

const STATUS_COLOR: Record<FollowUpStatus, 'primary' | 'success' | 'error' | 'default'> = {
  scheduled: 'primary',
  done: 'success',
  missed: 'error',
  cancelled: 'default',
};

type Open = { kind: 'done' | 'reschedule' | 'cancel'; followUp: FollowUp } | null;
type Columns = { showCase?: boolean; showReturnee?: boolean };

const f = (field: string) => `resources.follow-ups.fields.${field}`;

// Admins read follow-ups but do no case work; the API re-checks who may change which follow-up.
const canAct = (role: unknown) => role === 'supervisor' || role === 'caseworker';

const RowActions = ({ followUp, onOpen }: { followUp: FollowUp; onOpen: (o: Open) => void }) => {
  const translate = useTranslate();
  if (followUp.status !== 'scheduled') return null;
  return (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
      <Button size="small" startIcon={<DoneIcon />} data-testid={`follow-up-done-${followUp.id}`} onClick={() => onOpen({ kind: 'done', followUp })}>
        {translate('app.follow_ups.done')}
      </Button>
      <Button
        size="small"
        startIcon={<RescheduleIcon />}
        data-testid={`follow-up-reschedule-${followUp.id}`}
        onClick={() => onOpen({ kind: 'reschedule', followUp })}
      >
        {translate('app.follow_ups.reschedule')}
      </Button>
      <Button
        size="small"
        color="error"
        startIcon={<CancelIcon />}
        data-testid={`follow-up-cancel-${followUp.id}`}
        onClick={() => onOpen({ kind: 'cancel', followUp })}
      >
        {translate('app.follow_ups.cancel')}
      </Button>
    </Stack>
  );
};

const StatusChip = ({ row }: { row: FollowUp }) => {
  const translate = useTranslate();
  return (
    <Chip
      size="small"
      variant="outlined"
      color={STATUS_COLOR[row.status] ?? 'default'}
      label={translate(`enums.follow_up_status.${row.status}`, { _: row.status })}
    />
  );
};

const Due = ({ row }: { row: FollowUp }) => (
  <DueDate value={row.dueAt} overdue={row.overdue || isFollowUpOverdue(row)} overdueLabel="app.follow_ups.overdue" testId="follow-up-overdue" />
);

const CaseLink = ({ row }: { row: FollowUp }) => (
  <MuiLink component={Link} to={`/cases/${row.caseId}/show/follow-ups`}>
    {row.caseCode}
  </MuiLink>
);

const Assignee = () => (
  <ReferenceField source="assigneeId" reference="users" link={false} emptyText="app.not_set">
    <TextField source="fullName" />
  </ReferenceField>
);

// Where the follow-up came from, its notes and, once done, its outcome.
const Notes = ({ row }: { row: FollowUp }) => {
  const translate = useTranslate();
  return (
    <>
      {row.source && (
        <Typography variant="caption" color="text.secondary" component="div" data-testid="follow-up-source">
          {translate(`enums.follow_up_source.${row.source}`, { _: row.source })}
        </Typography>
      )}
      {row.notes}
      {row.outcome && (
        <Typography variant="body2" color="text.secondary">
          {translate(f('outcome'))}: {row.outcome}
        </Typography>
      )}
    </>
  );
};

// On a phone each follow-up is a card (same test id and data as a table row): what and when, the case and the
// person, who, the notes and the actions, one under the other.
const FollowUpCards = ({ rows, showCase, showReturnee, actions, onOpen }: Columns & { rows: FollowUp[]; actions: boolean; onOpen: (o: Open) => void }) => {
  const translate = useTranslate();
  return (
    <Stack divider={<Box sx={{ borderBottom: 1, borderColor: 'divider' }} />} data-testid="follow-ups-table">
      {rows.map((row) => (
        <RecordContextProvider key={row.id} value={row}>
          <Stack spacing={0.5} sx={{ py: 1 }} data-testid="follow-up-row" data-id={row.id} data-status={row.status}>
            <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
              <Typography variant="body2" sx={{ fontWeight: 500 }}>
                {translate(`enums.follow_up_kind.${row.kind}`, { _: row.kind })}
              </Typography>
              <StatusChip row={row} />
              <Due row={row} />
            </Stack>
            {(showCase || showReturnee) && (
              <Typography variant="body2" component="div">
                {showCase && <CaseLink row={row} />}
                {showCase && showReturnee && row.returneeName && ' · '}
                {showReturnee && row.returneeName}
              </Typography>
            )}
            <Typography variant="body2" component="div" color="text.secondary">
              {translate(f('assigneeId'))}: <Assignee />
            </Typography>
            <Box sx={{ typography: 'body2', overflowWrap: 'anywhere' }}>
              <Notes row={row} />
            </Box>
            {actions && <RowActions followUp={row} onOpen={onOpen} />}
          </Stack>
        </RecordContextProvider>
      ))}
    </Stack>
  );
};

// Follow-ups of the surrounding ListBase/List, as a plain table (cards on a phone): each row carries data-testid="follow-up-row"
// and its actions are ordinary buttons, reachable with Tab.
export const FollowUpTable = ({ showCase = false, showReturnee = false, empty, pagination = true }: Columns & { empty: string; pagination?: boolean }) => {
  const translate = useTranslate();
  const { permissions } = usePermissions();
  const { data, isPending, total, perPage } = useListContext<FollowUp>();
  const [open, setOpen] = useState<Open>(null);
  const phone = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'), { noSsr: true });
  if (isPending) {
    return (
      <Typography sx={{ py: 2 }} color="text.secondary">
        {translate('ra.page.loading')}
      </Typography>
    );
  }
  if (!data || data.length === 0) {
    return (
      <Typography sx={{ py: 2 }} data-testid="follow-ups-empty">
        {translate(empty)}
      </Typography>
    );
  }
  const actions = canAct(permissions);
  return (
    <Box sx={{ overflowX: 'auto' }}>
      {phone ? (
        <FollowUpCards rows={data} showCase={showCase} showReturnee={showReturnee} actions={actions} onOpen={setOpen} />
      ) : (
        <Table size="small" data-testid="follow-ups-table">
          <TableHead>
            <TableRow>
              {showCase && <TableCell>{translate(f('caseCode'))}</TableCell>}
              {showReturnee && <TableCell>{translate(f('returneeName'))}</TableCell>}
              <TableCell>{translate(f('kind'))}</TableCell>
              <TableCell>{translate(f('dueAt'))}</TableCell>
              <TableCell>{translate(f('status'))}</TableCell>
              <TableCell>{translate(f('assigneeId'))}</TableCell>
              <TableCell>{translate(f('notes'))}</TableCell>
              {actions && <TableCell>{translate('app.follow_ups.actions')}</TableCell>}
            </TableRow>
          </TableHead>
          <TableBody>
            {data.map((row) => (
              <RecordContextProvider key={row.id} value={row}>
                <TableRow data-testid="follow-up-row" data-id={row.id} data-status={row.status} hover>
                  {showCase && (
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>
                      <CaseLink row={row} />
                    </TableCell>
                  )}
                  {showReturnee && <TableCell>{row.returneeName ?? ''}</TableCell>}
                  <TableCell>{translate(`enums.follow_up_kind.${row.kind}`, { _: row.kind })}</TableCell>
                  <TableCell>
                    <Due row={row} />
                  </TableCell>
                  <TableCell>
                    <StatusChip row={row} />
                  </TableCell>
                  <TableCell>
                    <Assignee />
                  </TableCell>
                  <TableCell sx={{ maxWidth: 320 }}>
                    <Notes row={row} />
                  </TableCell>
                  {actions && (
                    <TableCell>
                      <RowActions followUp={row} onOpen={setOpen} />
                    </TableCell>
                  )}
                </TableRow>
              </RecordContextProvider>
            ))}
          </TableBody>
        </Table>
      )}
      {pagination && (total ?? 0) > perPage && <Pagination rowsPerPageOptions={[perPage]} />}
      {open?.kind === 'done' && <DoneFollowUpDialog followUp={open.followUp} onClose={() => setOpen(null)} />}
      {open?.kind === 'reschedule' && <RescheduleFollowUpDialog followUp={open.followUp} onClose={() => setOpen(null)} />}
      {open?.kind === 'cancel' && <CancelFollowUpDialog followUp={open.followUp} onClose={() => setOpen(null)} />}
    </Box>
  );
};
