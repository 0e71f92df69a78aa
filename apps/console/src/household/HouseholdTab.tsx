import AddIcon from '@mui/icons-material/PersonAdd';
import DeleteIcon from '@mui/icons-material/DeleteOutlined';
import EditIcon from '@mui/icons-material/EditOutlined';
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
import {
  ListBase,
  Pagination,
  useDelete,
  useListContext,
  useLocaleState,
  useNotify,
  usePermissions,
  useRecordContext,
  useRefresh,
  useTranslate,
} from 'react-admin';
import { formatDay } from '../shared/dates';
import { EmptyState } from '../shared/EmptyState';
import { ConfirmDialog } from '../shared/FormDialog';
import { ChildWithoutCaregiverChip } from './ChildFlag';
import { MemberDialog } from './MemberDialog';
import type { HouseholdMember } from './householdModel';

type Returnee = { id: string; householdSize: number | null; dependents: number; childWithoutCaregiver?: boolean };
type Open = { kind: 'add' } | { kind: 'edit'; member: HouseholdMember } | { kind: 'delete'; member: HouseholdMember } | null;

const f = (field: string) => `app.household.fields.${field}`;
// Office staff change the household; admins read it (the API re-checks scope either way).
const canAct = (role: unknown) => role === 'supervisor' || role === 'caseworker';

const AddButton = ({ onClick, variant = 'outlined' }: { onClick: () => void; variant?: 'outlined' | 'contained' }) => {
  const translate = useTranslate();
  return (
    <Button variant={variant} size="small" startIcon={<AddIcon />} onClick={onClick} data-testid="add-household-member">
      {translate('app.household.add')}
    </Button>
  );
};

const AddWhenListed = ({ onClick }: { onClick: () => void }) => {
  const { total } = useListContext<HouseholdMember>();
  return (total ?? 0) > 0 ? <AddButton onClick={onClick} /> : null;
};

const name = (m: HouseholdMember) => `${m.lastName} ${m.firstName}`;

// What a child's line says beyond the name: where and with whom they live, school, concerns.
const ChildDetails = ({ m }: { m: HouseholdMember }) => {
  const translate = useTranslate();
  if (m.age >= 18) return null;
  return (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
      {m.withoutCaregiver && <Chip size="small" color="error" label={translate('app.household.without_caregiver')} data-testid="member-without-caregiver" />}
      {m.caregiverName && (
        <Typography variant="body2" component="span">
          {translate(f('caregiverName'))}: {m.caregiverName}
        </Typography>
      )}
      {m.inSchool && (
        <Typography variant="body2" component="span">
          {translate(f('inSchool'))}: {translate(`enums.in_school.${m.inSchool}`)}
        </Typography>
      )}
      {m.concerns.map((c) => (
        <Chip key={c} size="small" variant="outlined" label={translate(`enums.child_concern.${c}`)} />
      ))}
    </Stack>
  );
};

const LinkedReturnee = ({ m }: { m: HouseholdMember }) => {
  const translate = useTranslate();
  if (!m.linkedReturneeId) return null;
  return (
    <MuiLink component={Link} to={`/returnees/${m.linkedReturneeId}/show`} data-testid="member-linked-returnee">
      {translate('app.household.linked_record')}
    </MuiLink>
  );
};

const RowActions = ({ m, onOpen }: { m: HouseholdMember; onOpen: (o: Open) => void }) => {
  const translate = useTranslate();
  return (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
      <Button size="small" startIcon={<EditIcon />} onClick={() => onOpen({ kind: 'edit', member: m })} data-testid={`edit-member-${m.id}`}>
        {translate('ra.action.edit')}
      </Button>
      <Button size="small" color="error" startIcon={<DeleteIcon />} onClick={() => onOpen({ kind: 'delete', member: m })} data-testid={`delete-member-${m.id}`}>
        {translate('ra.action.delete')}
      </Button>
    </Stack>
  );
};

const Members = ({ actions, onOpen }: { actions: boolean; onOpen: (o: Open) => void }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { data, isPending, total, perPage } = useListContext<HouseholdMember>();
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
      <EmptyState
        title="app.household.empty.title"
        hint="app.household.empty.hint"
        testId="household-empty"
        action={actions ? <AddButton variant="contained" onClick={() => onOpen({ kind: 'add' })} /> : undefined}
      />
    );
  }
  const relation = (m: HouseholdMember) => translate(`enums.relation.${m.relation}`, { _: m.relation });
  const lives = (m: HouseholdMember) => translate(`enums.lives_where.${m.livesWhere}`, { _: m.livesWhere });
  return (
    <>
      {phone ? (
        <Stack divider={<Box sx={{ borderBottom: 1, borderColor: 'divider' }} />} data-testid="household-table">
          {data.map((m) => (
            <Stack key={m.id} spacing={0.5} sx={{ py: 1 }} data-testid="household-row" data-id={m.id}>
              <Typography variant="body2" sx={{ fontWeight: 500, overflowWrap: 'anywhere' }}>
                {name(m)}
              </Typography>
              <Typography variant="body2" color="text.secondary">
                {[relation(m), translate(`enums.sex.${m.sex}`), `${formatDay(m.birthDate, locale)} (${m.age})`, lives(m)].join(' · ')}
              </Typography>
              <ChildDetails m={m} />
              <LinkedReturnee m={m} />
              {actions && <RowActions m={m} onOpen={onOpen} />}
            </Stack>
          ))}
        </Stack>
      ) : (
        <Box sx={{ overflowX: 'auto', contain: 'inline-size' }} tabIndex={0}>
          <Table size="small" data-testid="household-table">
            <TableHead>
              <TableRow>
                <TableCell>{translate(f('name'))}</TableCell>
                <TableCell>{translate(f('relation'))}</TableCell>
                <TableCell>{translate(f('birthDate'))}</TableCell>
                <TableCell>{translate(f('livesWhere'))}</TableCell>
                <TableCell>{translate('app.household.child_details')}</TableCell>
                {actions && <TableCell>{translate('app.household.actions')}</TableCell>}
              </TableRow>
            </TableHead>
            <TableBody>
              {data.map((m) => (
                <TableRow key={m.id} data-testid="household-row" data-id={m.id} hover>
                  <TableCell>
                    <div>{name(m)}</div>
                    <LinkedReturnee m={m} />
                  </TableCell>
                  <TableCell>
                    {relation(m)}, {translate(`enums.sex.${m.sex}`)}
                  </TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>
                    {formatDay(m.birthDate, locale)} ({m.age})
                  </TableCell>
                  <TableCell>{lives(m)}</TableCell>
                  <TableCell sx={{ maxWidth: 360 }}>
                    <ChildDetails m={m} />
                  </TableCell>
                  {actions && (
                    <TableCell>
                      <RowActions m={m} onOpen={onOpen} />
                    </TableCell>
                  )}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
      {(total ?? 0) > perPage && <Pagination rowsPerPageOptions={[perPage]} />}
    </>
  );
};

const Summary = ({ record }: { record: Returnee }) => {
  const translate = useTranslate();
  return (
    <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center', mb: 1 }} data-testid="household-summary">
      <Typography variant="body2">
        {translate('resources.returnees.fields.householdSize')}: <b data-testid="household-size">{record.householdSize ?? translate('app.not_set')}</b>
      </Typography>
      <Typography variant="body2">
        {translate('resources.returnees.fields.dependents')}: <b data-testid="household-dependents">{record.dependents}</b>
      </Typography>
      {record.childWithoutCaregiver && <ChildWithoutCaregiverChip />}
    </Stack>
  );
};

const DeleteMemberDialog = ({ returneeId, member, onClose }: { returneeId: string; member: HouseholdMember; onClose: () => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [remove] = useDelete();
  const confirm = async () => {
    await remove(`returnees/${returneeId}/household-members`, { id: member.id, previousData: member }, { mutationMode: 'pessimistic', returnPromise: true });
    notify('app.household.deleted', { type: 'info' });
    refresh();
    onClose();
  };
  return (
    <ConfirmDialog
      testId="delete-member-dialog"
      title={translate('app.household.delete_title')}
      content={translate('app.household.delete_content', { name: name(member) })}
      onConfirm={confirm}
      onClose={onClose}
      refreshOnConflict
      cancelLabel="app.household.keep"
      confirmLabel="ra.action.delete"
      confirmColor="error"
      confirmTestId="confirm-delete-member"
    />
  );
};

// The "household" tab of a returnee: the members, the household size and children derived from them, and the flag
// of a child without a caregiver.
export const ReturneeHousehold = () => {
  const record = useRecordContext<Returnee>();
  const { permissions } = usePermissions();
  const [open, setOpen] = useState<Open>(null);
  if (!record) return null;
  const actions = canAct(permissions);
  return (
    <Box data-testid="returnee-household">
      <ListBase resource={`returnees/${record.id}/household-members`} sort={{ field: 'createdAt', order: 'ASC' }} perPage={30} disableSyncWithLocation>
        <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center', justifyContent: 'space-between' }}>
          <Summary record={record} />
          {/* with no member yet, the empty state carries the one add button */}
          {actions && <AddWhenListed onClick={() => setOpen({ kind: 'add' })} />}
        </Stack>
        <Members actions={actions} onOpen={setOpen} />
      </ListBase>
      {/* mounted only while open, so each opening starts from the member's values */}
      {open?.kind === 'add' && <MemberDialog returneeId={record.id} onClose={() => setOpen(null)} />}
      {open?.kind === 'edit' && <MemberDialog returneeId={record.id} member={open.member} onClose={() => setOpen(null)} />}
      {open?.kind === 'delete' && <DeleteMemberDialog returneeId={record.id} member={open.member} onClose={() => setOpen(null)} />}
    </Box>
  );
};
