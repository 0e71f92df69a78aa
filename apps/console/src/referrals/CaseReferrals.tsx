import SendIcon from '@mui/icons-material/Send';
import { Box, Button, Stack } from '@mui/material';
import { useState } from 'react';
import { DataTable, ListBase, Pagination, useGetIdentity, useListContext, usePermissions, useRecordContext, useTranslate } from 'react-admin';
import { EmptyState } from '../shared/EmptyState';
import { ScrollX } from '../shared/ShowLayout';
import { ReferDialog } from './ReferDialog';
import { ReferralTransitionButtons } from './ReferralActions';
import { referralColumns } from './referralColumns';
import { CASE_REFERRAL_COLUMNS, CASE_REFERRAL_HIDE_BELOW } from './referralColumnSets';
import { REFERABLE_CASE_STATUSES, type Referral } from './referralModel';

type CaseLike = { id: string; code: string; type: string; status: string; returneeId: string; assigneeId: string | null };

// Office staff refer cases that are still being worked on; a caseworker only their own or unassigned ones
// (the API answers 403 otherwise).
export const useCanRefer = (record: CaseLike | undefined): boolean => {
  const { permissions } = usePermissions();
  const { identity } = useGetIdentity();
  if (!record || !REFERABLE_CASE_STATUSES.includes(record.status)) return false;
  if (permissions === 'supervisor') return true;
  return permissions === 'caseworker' && (!record.assigneeId || record.assigneeId === identity?.id);
};

export const ReferButton = () => {
  const record = useRecordContext<CaseLike>();
  const translate = useTranslate();
  const [open, setOpen] = useState(false);
  const canRefer = useCanRefer(record);
  if (!canRefer || !record) return null;
  return (
    <>
      <Button variant="contained" size="small" startIcon={<SendIcon />} data-testid="refer-case" onClick={() => setOpen(true)}>
        {translate('app.referrals.refer')}
      </Button>
      {/* mounted only while open, so each opening starts from the defaults */}
      {open && <ReferDialog caseRecord={record} onClose={() => setOpen(false)} />}
    </>
  );
};

const ReferralsTable = () => {
  const { total, isPending } = useListContext<Referral>();
  if (!isPending && total === 0) {
    return <EmptyState testId="case-referrals-empty" title="app.referrals.case_empty_title" hint="app.referrals.case_empty_hint" />;
  }
  return (
    <>
      <ScrollX>
        <DataTable<Referral> bulkActionButtons={false} rowClick="show">
          {referralColumns(CASE_REFERRAL_COLUMNS, { sortable: false, hideBelow: CASE_REFERRAL_HIDE_BELOW })}
          <DataTable.Col source="allowedTransitions" label="app.referrals.actions" disableSort>
            <ReferralTransitionButtons only={['cancelled']} />
          </DataTable.Col>
        </DataTable>
      </ScrollX>
      <Pagination />
    </>
  );
};

// The "Referrals" tab of a case: every referral of this case, newest first, and the "Refer" button.
export const CaseReferrals = () => {
  const record = useRecordContext<CaseLike>();
  if (!record) return null;
  return (
    <Box data-testid="case-referrals">
      <Stack direction="row" sx={{ justifyContent: 'flex-end', mb: 1 }}>
        <ReferButton />
      </Stack>
      <ListBase resource="referrals" filter={{ caseId: record.id }} sort={{ field: 'sentAt', order: 'DESC' }} perPage={25} disableSyncWithLocation>
        <ReferralsTable />
      </ListBase>
    </Box>
  );
};
