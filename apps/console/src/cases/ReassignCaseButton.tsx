import PersonSearchIcon from '@mui/icons-material/PersonSearch';
import { Box } from '@mui/material';
import { useState } from 'react';
import { Button, useNotify, usePermissions, useRecordContext, useRefresh, useUpdate } from 'react-admin';
import { AssigneePicker, type Staff } from './BulkReassignButton';
import type { CaseRecord } from './caseModel';
import { ReasonDialog } from './ReasonDialog';

// "Reassign to…" on the case page (supervisors, a case not closed): the same assignee picker and reason dialog as the
// list's bulk action, sent as PUT /api/cases/:id with the version seen, the new assignee and the reason (the API's
// reassignReason; a stale version comes back 409 and the dialog says so).
export const ReassignCaseButton = () => {
  const record = useRecordContext<CaseRecord>();
  const { permissions } = usePermissions();
  const notify = useNotify();
  const refresh = useRefresh();
  const [update] = useUpdate<CaseRecord>();
  const [open, setOpen] = useState(false);
  const [assignee, setAssignee] = useState<Staff | null>(null);
  if (!record || permissions !== 'supervisor' || record.status === 'closed') return null;

  // rejects on failure: the dialog notifies it and keeps what was typed
  const submit = async (reason: string) => {
    if (!assignee) return;
    const data = { version: record.version, assigneeId: assignee.id, reassignReason: reason };
    await update('cases', { id: record.id, data, previousData: record }, { mutationMode: 'pessimistic', returnPromise: true });
    notify('app.approvals.reassigned', { type: 'info', messageArgs: { smart_count: 1, name: assignee.fullName } });
    setOpen(false);
    setAssignee(null);
    refresh();
  };

  return (
    <>
      <Button label="app.approvals.reassign" onClick={() => setOpen(true)} data-testid="reassign-case">
        <PersonSearchIcon />
      </Button>
      {open && (
        <ReasonDialog
          kind="reassign"
          titleArgs={{ smart_count: 1 }}
          ready={assignee !== null && assignee.id !== record.assigneeId}
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
