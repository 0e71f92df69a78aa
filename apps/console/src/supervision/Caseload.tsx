import { Box, Link as MuiLink, Typography } from '@mui/material';
import { Link } from 'react-router-dom';
import { DataTable, List, ReferenceField, ReferenceInput, SelectInput, TextField, usePermissions, useTranslate } from 'react-admin';
import { EmptyState } from '../shared/EmptyState';
import { CASELOAD_COLUMNS, caseloadLink, type CaseloadRow, oldestCaseLink } from './caseloadModel';

// A count that opens the case list filtered to what it counts; zero and counts without a list stay plain text.
const Count = ({ value, to, testId }: { value: number; to: string | null; testId: string }) => {
  if (!to || value === 0) return <span data-testid={testId}>{value}</span>;
  return (
    <MuiLink component={Link} to={to} data-testid={testId}>
      {value}
    </MuiLink>
  );
};

const OldestCase = ({ row }: { row: CaseloadRow }) => {
  const translate = useTranslate();
  if (row.oldestOpenDays === null) return <span>{translate('app.not_set')}</span>;
  return (
    <MuiLink component={Link} to={oldestCaseLink(row.id)}>
      {translate('app.supervision.caseload.days', { smart_count: row.oldestOpenDays })}
    </MuiLink>
  );
};

const Hint = () => {
  const translate = useTranslate();
  return (
    <Typography color="text.secondary" sx={{ px: 2, pt: 2 }}>
      {translate('app.supervision.caseload.hint')}
    </Typography>
  );
};

// admins choose an office (none = every office); a supervisor's list is always their own office
const adminFilters = [
  <ReferenceInput key="officeId" source="officeId" reference="offices" alwaysOn sort={{ field: 'name', order: 'ASC' }}>
    <SelectInput optionText="name" label="app.supervision.office" emptyText="app.supervision.all_offices" />
  </ReferenceInput>,
];

export const Caseload = () => {
  const { permissions } = usePermissions();
  return (
    <Box data-testid="caseload">
      <List
        resource="caseload"
        title="app.supervision.caseload.title"
        filters={permissions === 'admin' ? adminFilters : undefined}
        sort={{ field: 'openCases', order: 'DESC' }}
        perPage={50}
        storeKey="caseload"
        exporter={false}
        actions={false}
        empty={<EmptyState testId="caseload-empty" title="app.supervision.caseload.empty_title" hint="app.supervision.caseload.empty_hint" />}
      >
        <Hint />
        <DataTable<CaseloadRow> rowClick={false} bulkActionButtons={false}>
          <DataTable.Col source="fullName" label="app.supervision.caseload.full_name" />
          {permissions === 'admin' && (
            <DataTable.Col source="officeId" label="app.supervision.office" disableSort>
              <ReferenceField source="officeId" reference="offices" link={false}>
                <TextField source="name" />
              </ReferenceField>
            </DataTable.Col>
          )}
          {CASELOAD_COLUMNS.map((c) => (
            <DataTable.Col<CaseloadRow>
              key={c.source}
              source={c.source}
              label={c.label}
              align="right"
              sortByOrder="DESC"
              render={(row) => <Count value={row[c.source]} to={c.filter ? caseloadLink(row.id, c.filter) : null} testId={`caseload-${c.source}-${row.id}`} />}
            />
          ))}
          <DataTable.Col<CaseloadRow>
            source="oldestOpenDays"
            label="app.supervision.caseload.oldest_open"
            align="right"
            sortByOrder="DESC"
            render={(row) => <OldestCase row={row} />}
          />
        </DataTable>
      </List>
    </Box>
  );
};
