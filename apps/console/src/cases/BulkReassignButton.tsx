import PersonSearchIcon from '@mui/icons-material/PersonSearch';
import { Autocomplete, Box, TextField as MuiTextField } from '@mui/material';
import { useState } from 'react';
import { Button, useGetList, useListContext, useNotify, useRefresh, useTranslate, useUnselectAll } from 'react-admin';
import { reassignCases } from './caseCalls';
import { toBulkReassign } from './caseModel';
import { ReasonDialog } from './ReasonDialog';

export type Staff = { id: string; fullName: string; role: string };

// The office's active caseworkers and supervisors (the API scopes /users to the supervisor's office).
export const AssigneePicker = ({ value, onChange }: { value: Staff | null; onChange: (s: Staff | null) => void }) => {
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

// "Reassign to…" on the selected cases: all or nothing (POST /api/cases/reassign answers 404/409/422 without changes).
export const BulkReassignButton = () => {
  const { selectedIds, resource } = useListContext();
  const notify = useNotify();
  const refresh = useRefresh();
  const unselectAll = useUnselectAll(resource ?? 'cases');
  const [open, setOpen] = useState(false);
  const [assignee, setAssignee] = useState<Staff | null>(null);

  // rejects on failure: the dialog notifies it and keeps what was typed
  const submit = async (reason: string) => {
    if (!assignee) return;
    const updated = await reassignCases(toBulkReassign(selectedIds.map(String), assignee.id, reason));
    notify('app.approvals.reassigned', { type: 'info', messageArgs: { smart_count: updated, name: assignee.fullName } });
    setOpen(false);
    setAssignee(null);
    unselectAll();
    refresh();
  };

  return (
    <>
      <Button label="app.approvals.reassign" onClick={() => setOpen(true)} data-testid="bulk-reassign">
        <PersonSearchIcon />
      </Button>
      {open && (
        <ReasonDialog
          kind="reassign"
          titleArgs={{ smart_count: selectedIds.length }}
          ready={assignee !== null}
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
