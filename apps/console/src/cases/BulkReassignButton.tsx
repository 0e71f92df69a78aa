import { useListContext, useUnselectAll } from 'react-admin';
import { reassignCases } from './caseCalls';
import { toBulkReassign } from './caseModel';
import { ReassignAction } from './ReassignAction';

// "Reassign to…" on the selected cases: all or nothing (POST /api/cases/reassign answers 404/409/422 without changes).
export const BulkReassignButton = () => {
  const { selectedIds, resource } = useListContext();
  const unselectAll = useUnselectAll(resource ?? 'cases');
  return (
    <ReassignAction
      count={selectedIds.length}
      testId="bulk-reassign"
      send={(assignee, reason) => reassignCases(toBulkReassign(selectedIds.map(String), assignee.id, reason))}
      onDone={unselectAll}
    />
  );
};
