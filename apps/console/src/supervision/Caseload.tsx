import { Box, Link as MuiLink, Stack, Typography } from '@mui/material';
import { Link } from 'react-router-dom';
import {
  DataTable,
  List,
  RecordContextProvider,
  ReferenceField,
  ReferenceInput,
  SelectInput,
  TextField,
  useListContext,
  usePermissions,
  useTranslate,
} from 'react-admin';
import { hideBelowSx } from '../shared/columns';
import { EmptyState } from '../shared/EmptyState';
import { ResponsiveList } from '../shared/ResponsiveList';
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

const Office = () => (
  <ReferenceField source="officeId" reference="offices" link={false}>
    <TextField source="name" />
  </ReferenceField>
);

// On a phone each person is a card: the name (and office for admins), then open, overdue, missed and unanswered as
// label and count (the same links as the table), and the oldest open case.
const PhoneCards = ({ admin }: { admin: boolean }) => {
  const translate = useTranslate();
  const { data } = useListContext<CaseloadRow>();
  return (
    <Stack divider={<Box sx={{ borderBottom: 1, borderColor: 'divider' }} />} sx={{ px: 2 }}>
      {(data ?? []).map((row) => (
        <RecordContextProvider key={row.id} value={row}>
          <Box sx={{ py: 1.5 }} data-testid={`caseload-card-${row.id}`}>
            <Typography variant="subtitle1" component="h2">
              {row.fullName}
            </Typography>
            {admin && (
              <Typography variant="body2" color="text.secondary" component="div">
                <Office />
              </Typography>
            )}
            <Box component="dl" sx={{ display: 'grid', gridTemplateColumns: '1fr auto', columnGap: 2, rowGap: 0.5, m: 0, mt: 0.5 }}>
              {CASELOAD_COLUMNS.filter((c) => c.phone).map((c) => (
                <Box key={c.source} sx={{ display: 'contents' }}>
                  <Typography component="dt" variant="body2">
                    {translate(c.label)}
                  </Typography>
                  <Typography component="dd" variant="body2" sx={{ m: 0, textAlign: 'right' }}>
                    <Count value={row[c.source]} to={c.filter ? caseloadLink(row.id, c.filter) : null} testId={`caseload-${c.source}-${row.id}`} />
                  </Typography>
                </Box>
              ))}
              <Typography component="dt" variant="body2">
                {translate('app.supervision.caseload.oldest_open')}
              </Typography>
              <Typography component="dd" variant="body2" sx={{ m: 0, textAlign: 'right' }}>
                <OldestCase row={row} />
              </Typography>
            </Box>
          </Box>
        </RecordContextProvider>
      ))}
    </Stack>
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
  // the admin's office column takes the room of the per-priority counts on a laptop
  const admin = permissions === 'admin';
  return (
    <Box data-testid="caseload">
      <List
        resource="caseload"
        title="app.supervision.caseload.title"
        filters={admin ? adminFilters : undefined}
        sort={{ field: 'openCases', order: 'DESC' }}
        perPage={50}
        storeKey="caseload"
        exporter={false}
        actions={false}
        empty={<EmptyState testId="caseload-empty" title="app.supervision.caseload.empty_title" hint="app.supervision.caseload.empty_hint" />}
      >
        <Hint />
        <ResponsiveList phone={<PhoneCards admin={admin} />}>
          <DataTable<CaseloadRow> rowClick={false} bulkActionButtons={false}>
            <DataTable.Col source="fullName" label="app.supervision.caseload.full_name" />
            {admin && (
              <DataTable.Col source="officeId" label="app.supervision.office" disableSort>
                <Office />
              </DataTable.Col>
            )}
            {CASELOAD_COLUMNS.map((c) => (
              <DataTable.Col<CaseloadRow>
                key={c.source}
                source={c.source}
                label={c.label}
                align="right"
                sortByOrder="DESC"
                sx={hideBelowSx(admin && c.hideBelow === 'lg' ? 'xl' : c.hideBelow)}
                render={(row) => (
                  <Count value={row[c.source]} to={c.filter ? caseloadLink(row.id, c.filter) : null} testId={`caseload-${c.source}-${row.id}`} />
                )}
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
        </ResponsiveList>
      </List>
    </Box>
  );
};
