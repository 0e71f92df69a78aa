import { Link as MuiLink, Stack, ToggleButton, ToggleButtonGroup, Typography } from '@mui/material';
import { DataTable, ListBase, Pagination, useListContext, useRecordContext, useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';
import { duplicateText, rowErrorText, type ImportRow } from './importModel';

const FILTERS = ['any', 'error', 'duplicate'] as const;

const ProblemFilter = () => {
  const translate = useTranslate();
  const { filterValues, setFilters } = useListContext();
  const value = (filterValues as { problem?: string }).problem ?? 'any';
  return (
    <ToggleButtonGroup
      size="small"
      exclusive
      value={value}
      onChange={(_e, v: string | null) => v && setFilters({ problem: v }, {})}
      aria-label={translate('app.imports.rows.filter')}
      data-testid="import-rows-filter"
    >
      {FILTERS.map((f) => (
        <ToggleButton key={f} value={f} data-testid={`import-rows-filter-${f}`}>
          {translate(`app.imports.rows.filter_${f}`)}
        </ToggleButton>
      ))}
    </ToggleButtonGroup>
  );
};

// Field errors under the file's own column names (the user knows them from the header line), then the duplicate.
const ProblemsCell = () => {
  const row = useRecordContext<ImportRow>();
  const translate = useTranslate();
  if (!row) return null;
  const dup = row.duplicateOf ? duplicateText(row.duplicateOf) : null;
  return (
    <Stack spacing={0.25} data-testid="import-row-problems">
      {Object.keys(row.errors ?? {}).map((field) => (
        <Typography key={field} variant="body2" data-testid="import-row-error" data-field={field}>
          <strong>{field}</strong>: {rowErrorText(row, field, translate)}
        </Typography>
      ))}
      {row.duplicateOf && dup && (
        <Typography variant="body2" color="warning.main" data-testid="import-row-duplicate" data-kind={row.duplicateOf.kind}>
          {translate(dup.key, dup.options)}
          {row.duplicateOf.id && (
            <>
              {' '}
              <MuiLink component={Link} to={`/returnees/${row.duplicateOf.id}/show`} data-testid="import-row-duplicate-link">
                {translate('app.imports.duplicate.open')}
              </MuiLink>
            </>
          )}
        </Typography>
      )}
    </Stack>
  );
};

// The rows with errors or duplicates, a page at a time (GET /api/imports/:id/rows, the list dialect).
export const ImportProblemRows = ({ importId }: { importId: string }) => {
  const translate = useTranslate();
  return (
    <ListBase
      resource={`imports/${importId}/rows`}
      disableSyncWithLocation
      storeKey={false}
      perPage={10}
      sort={{ field: 'line', order: 'ASC' }}
      filterDefaultValues={{ problem: 'any' }}
    >
      <Stack spacing={1} data-testid="import-problem-rows">
        <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between', flexWrap: 'wrap', gap: 1 }}>
          <Typography variant="h6" component="h2">
            {translate('app.imports.rows.title')}
          </Typography>
          <ProblemFilter />
        </Stack>
        <DataTable
          rowClick={false}
          bulkActionButtons={false}
          empty={
            <Typography variant="body2" sx={{ p: 2 }}>
              {translate('app.imports.rows.none')}
            </Typography>
          }
        >
          <DataTable.Col source="line" label="app.imports.rows.line" />
          <DataTable.Col source="name" label="app.imports.rows.name" disableSort />
          <DataTable.Col source="errors" label="app.imports.rows.problems" disableSort>
            <ProblemsCell />
          </DataTable.Col>
        </DataTable>
        <Pagination rowsPerPageOptions={[10, 25, 50]} />
      </Stack>
    </ListBase>
  );
};
