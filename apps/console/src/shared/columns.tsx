import { DataTable, ReferenceField, SelectField, TextField, type DataTableColumnProps } from 'react-admin';
import type { Choice } from './choices';
import { DateTimeField } from './fields';

// Column components for <DataTable>: a column renders as header or cell from DataTable's render context, so these
// wrappers can stand where a DataTable.Col would. They hold the few column shapes every list repeats.
type ColProps = Omit<DataTableColumnProps, 'children' | 'field' | 'render' | 'source'> & { source: string };

// An enumeration value by its translated name.
export const ChoiceCol = ({ choices, ...col }: ColProps & { choices: Choice[] }) => (
  <DataTable.Col {...col}>
    <SelectField source={col.source} choices={choices} />
  </DataTable.Col>
);

// A timestamp in Bishkek time; `emptyText` (an i18n key) where it may be missing.
export const DateTimeCol = ({ emptyText, ...col }: ColProps & { emptyText?: string }) => (
  <DataTable.Col {...col}>
    <DateTimeField source={col.source} emptyText={emptyText} />
  </DataTable.Col>
);

// The record a reference points at, by its `text` field (or the resource's recordRepresentation), not linked: a click
// on the row opens the row's own record. The API cannot sort by another resource's field.
export const ReferenceCol = ({ reference, text, emptyText, ...col }: ColProps & { reference: string; text?: string; emptyText?: string }) => (
  <DataTable.Col disableSort {...col}>
    <ReferenceField source={col.source} reference={reference} link={false} emptyText={emptyText}>
      {text ? <TextField source={text} /> : undefined}
    </ReferenceField>
  </DataTable.Col>
);
