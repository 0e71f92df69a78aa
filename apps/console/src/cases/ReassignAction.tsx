import PersonSearchIcon from '@mui/icons-material/PersonSearch';
import { Autocomplete, Box, TextField as MuiTextField } from '@mui/material';
import { useState } from 'react';
import { Button, useGetList, useNotify, useRefresh, useTranslate } from 'react-admin';
import { ReasonDialog } from './ReasonDialog';

export type Staff = { id: string; fullName: string; role: string };

// The office's active caseworkers and supervisors (the API scopes /users to the supervisor's office).
const AssigneePicker = ({ value, onChange }: { value: Staff | null; onChange: (s: Staff | null) => void }) => {
  const translate = useTranslate();
  const { data = [], isPending } = useGetList<Staff>('users', {
    filter: { active: true, role: ['caseworker', 'supervisor'] },
    sort: { field: 'fullName', order: 'ASC' },
    pagination: { page: 1, perPage: 500 },
  });
  return (
    <Autocomplete
      options={data}
      loading={isPending}
      value={value}
      onChange={(_, v) => onChange(v)}
      getOptionLabel={(o) => o.fullName}
      isOptionEqualToValue={(a, b) => a.id === b.id}
      renderInput={(params) => <MuiTextField {...params} autoFocus required label={translate('app.approvals.assignee')} />}
      sx={{ mb: 2 }}
      data-testid="bulk-reassign-assignee"
    />
  );
};

type ReassignActionProps = {
  // how many cases move (the dialog's title and the notice count them)
  count: number;
  testId: string;
  // the present assignee, who cannot be chosen again (a single case)
  currentAssigneeId?: string | null;
  // sends the move; resolves to the number of cases moved, rejects on failure (the dialog notifies it and keeps
  // what was typed)
  send: (assignee: Staff, reason: string) => Promise<number>;
  onDone?: () => void;
};

// "Reassign to…": pick a person of the office, give the reason, send. The list's bulk action and the case page's
// button are this one action with their own send.
export const ReassignAction = ({ count, testId, currentAssigneeId, send, onDone }: ReassignActionProps) => {
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const [assignee, setAssignee] = useState<Staff | null>(null);

  const submit = async (reason: string) => {
    if (!assignee) return;
    const moved = await send(assignee, reason);
    notify('app.approvals.reassigned', { type: 'info', messageArgs: { smart_count: moved, name: assignee.fullName } });
    setOpen(false);
    setAssignee(null);
    onDone?.();
    refresh();
  };

  return (
    <>
      <Button label="app.approvals.reassign" onClick={() => setOpen(true)} data-testid={testId}>
        <PersonSearchIcon />
      </Button>
      {open && (
        <ReasonDialog
          kind="reassign"
          titleArgs={{ smart_count: count }}
          ready={assignee !== null && assignee.id !== currentAssigneeId}
          onCancel={() => setOpen(false)}
          onConfirm={submit}
        >
          <Box>
            <AssigneePicker value={assignee} onChange={setAssignee} />
          </Box>
        </ReasonDialog>
      )}
    </>
  );
};
