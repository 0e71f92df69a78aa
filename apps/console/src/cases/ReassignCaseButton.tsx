import { usePermissions, useRecordContext, useUpdate } from 'react-admin';
import type { CaseRecord } from './caseModel';
import { ReassignAction } from './ReassignAction';

// "Reassign to…" on the case page (supervisors, a case not closed): sent as PUT /api/cases/:id with the version seen,
// the new assignee and the reason (the API's reassignReason; a stale version comes back 409 and the dialog says so).
export const ReassignCaseButton = () => {
  const record = useRecordContext<CaseRecord>();
  const { permissions } = usePermissions();
  const [update] = useUpdate<CaseRecord>();
  if (!record || permissions !== 'supervisor' || record.status === 'closed') return null;
  return (
    <ReassignAction
      count={1}
      testId="reassign-case"
      currentAssigneeId={record.assigneeId}
      send={async (assignee, reason) => {
        const data = { version: record.version, assigneeId: assignee.id, reassignReason: reason };
        await update('cases', { id: record.id, data, previousData: record }, { mutationMode: 'pessimistic', returnPromise: true });
        return 1;
      }}
    />
  );
};
