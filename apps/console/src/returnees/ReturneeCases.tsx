import { Box, Typography } from '@mui/material';
import {
  CreateButton,
  DataTable,
  ListBase,
  Pagination,
  ResourceContextProvider,
  useListContext,
  usePermissions,
  useRecordContext,
  useTranslate,
  type Identifier,
} from 'react-admin';
import { caseColumns } from '../cases/caseColumns';
import { ScrollX } from '../shared/ShowLayout';
import type { Returnee } from './returneeModel';

const NoCases = () => {
  const translate = useTranslate();
  return <Typography sx={{ py: 2 }}>{translate('app.returnees.no_cases')}</Typography>;
};

const CasesTable = () => {
  const { total, isPending } = useListContext();
  if (!isPending && total === 0) return <NoCases />;
  return (
    <>
      {/* labels and links are those of the cases resource, not of the nested read */}
      <ResourceContextProvider value="cases">
        <ScrollX>
          <DataTable bulkActionButtons={false} rowClick={(id: Identifier) => `/cases/${id}/show`}>
            {caseColumns(['code', 'title', 'type', 'status', 'priority', 'openedAt', 'summary'])}
          </DataTable>
        </ScrollX>
      </ResourceContextProvider>
      <Pagination />
    </>
  );
};

// The person's cases come from the nested read GET /api/returnees/:id/cases.
export const ReturneeCases = () => {
  const record = useRecordContext<Returnee>();
  const { permissions } = usePermissions();
  if (!record) return null;
  const canOpen = permissions === 'supervisor' || permissions === 'caseworker';
  return (
    <Box data-testid="returnee-cases">
      {canOpen && (
        <Box sx={{ display: 'flex', justifyContent: 'flex-end', mb: 1 }}>
          <CreateButton resource="cases" label="app.returnees.open_case" state={{ record: { returneeId: record.id } }} />
        </Box>
      )}
      <ListBase resource={`returnees/${record.id}/cases`} sort={{ field: 'openedAt', order: 'DESC' }} perPage={10} disableSyncWithLocation>
        <CasesTable />
      </ListBase>
    </Box>
  );
};
