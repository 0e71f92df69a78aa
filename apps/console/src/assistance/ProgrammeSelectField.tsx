import { MenuItem } from '@mui/material';
import { useGetList, useTranslate } from 'react-admin';
import { FormTextField } from '../shared/FormDialog';
import type { Programme } from './assistanceModel';

// The programmes that take new assistance now (GET /api/programmes with filter {active: true}), by name.
export const useActiveProgrammes = () =>
  useGetList<Programme>('programmes', {
    filter: { active: true },
    pagination: { page: 1, perPage: 100 },
    sort: { field: 'name', order: 'ASC' },
  });

// The programme of an assistance form (a proposal, a 1+1 application, a donor statement): required, each programme
// shown with its currency, since the amounts typed next to it are in that currency.
export const ProgrammeSelectField = ({
  programmes,
  label,
  testId,
  name = 'programmeId',
  autoFocus = false,
}: {
  programmes: Pick<Programme, 'id' | 'name' | 'currency'>[];
  label: string;
  testId: string;
  name?: string;
  autoFocus?: boolean;
}) => {
  const translate = useTranslate();
  return (
    <FormTextField name={name} select label={translate(label)} required fullWidth autoFocus={autoFocus} slotProps={{ htmlInput: { 'data-testid': testId } }}>
      {programmes.map((p) => (
        <MenuItem key={p.id} value={p.id}>
          {`${p.name} (${p.currency})`}
        </MenuItem>
      ))}
    </FormTextField>
  );
};
