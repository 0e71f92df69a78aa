import AddAlarmIcon from '@mui/icons-material/AddAlarm';
import { Box, Button } from '@mui/material';
import { useState } from 'react';
import { ListBase, usePermissions, useRecordContext, useTranslate } from 'react-admin';
import { ScheduleFollowUpDialog } from './FollowUpDialogs';
import { ScrollX } from '../shared/ShowLayout';
import { FollowUpTable } from './FollowUpTable';

type CaseLike = { id: string; code: string; status: string };

// Staff schedule follow-ups on cases that are still open; closed cases get monitoring automatically.
export const ScheduleFollowUpButton = ({ variant = 'outlined' }: { variant?: 'outlined' | 'contained' }) => {
  const record = useRecordContext<CaseLike>();
  const translate = useTranslate();
  const { permissions } = usePermissions();
  const [open, setOpen] = useState(false);
  if (!record || record.status === 'closed' || (permissions !== 'supervisor' && permissions !== 'caseworker')) return null;
  return (
    <>
      <Button variant={variant} size="small" startIcon={<AddAlarmIcon />} data-testid="schedule-follow-up" onClick={() => setOpen(true)}>
        {translate('app.follow_ups.schedule')}
      </Button>
      {/* mounted only while open, so each opening starts from the defaults */}
      {open && <ScheduleFollowUpDialog open caseId={record.id} caseCode={record.code} onClose={() => setOpen(false)} />}
    </>
  );
};

// The "follow-ups" tab of a case: everything planned for it, soonest first.
export const CaseFollowUps = () => {
  const record = useRecordContext<CaseLike>();
  if (!record) return null;
  return (
    // the schedule button sits in the case's top toolbar, visible from every tab
    <Box data-testid="case-follow-ups">
      <ListBase resource="follow-ups" filter={{ caseId: record.id }} sort={{ field: 'dueAt', order: 'ASC' }} perPage={50} disableSyncWithLocation>
        <ScrollX>
          <FollowUpTable empty="app.follow_ups.empty" />
        </ScrollX>
      </ListBase>
    </Box>
  );
};

// The "follow-ups" tab of a returnee: across all of the person's cases.
export const ReturneeFollowUps = () => {
  const record = useRecordContext<{ id: string }>();
  if (!record) return null;
  return (
    <Box data-testid="returnee-follow-ups">
      <ListBase resource="follow-ups" filter={{ returneeId: record.id }} sort={{ field: 'dueAt', order: 'ASC' }} perPage={50} disableSyncWithLocation>
        <ScrollX>
          <FollowUpTable showCase empty="app.follow_ups.empty_returnee" />
        </ScrollX>
      </ListBase>
    </Box>
  );
};
