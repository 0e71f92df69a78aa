import type { Breakpoint } from '@mui/material';
import type { ReactNode } from 'react';
import { DataTable, ReferenceField, SelectField, TextField, type DataTableColumnProps } from 'react-admin';
import type { Choice } from './choices';
import { DateTimeField } from './fields';

// Column components for <DataTable>: a column renders as header or cell from DataTable's render context, so these
// wrappers can stand where a DataTable.Col would. They hold the few column shapes every list repeats.

// `hideBelow`: the column (header and cells) shows from that MUI breakpoint up, so a wide table keeps what matters on a
// laptop (lg: 1200–1535 px, about 1 000–1 100 px of content beside the menu) and all its columns on a wide screen
// (xl). Below 'sm' lists show a SimpleList instead (ResponsiveList).
export type HideBelow = Exclude<Breakpoint, 'xs'>;

type ColSx = Record<string, unknown>;

// DataTable spreads a column's sx into the header and each cell, so it must stay one plain object.
export const hideBelowSx = (hideBelow: HideBelow | undefined, sx?: ColSx): ColSx | undefined =>
  hideBelow ? { ...sx, display: { xs: 'none', [hideBelow]: 'table-cell' } } : sx;

type BaseColProps = Omit<DataTableColumnProps, 'children' | 'field' | 'render' | 'source' | 'sx'> & {
  source: string;
  sx?: ColSx;
  hideBelow?: HideBelow;
};
type ColProps = BaseColProps;

// A DataTable.Col that may hide on narrower screens.
export const Col = ({
  hideBelow,
  sx,
  ...col
}: Omit<DataTableColumnProps, 'sx' | 'source'> & { source?: string; sx?: ColSx; hideBelow?: HideBelow; children?: ReactNode }) => (
  <DataTable.Col {...col} sx={hideBelowSx(hideBelow, sx)} />
);

// An enumeration value by its translated name.
export const ChoiceCol = ({ choices, hideBelow, sx, ...col }: ColProps & { choices: Choice[] }) => (
  <DataTable.Col {...col} sx={hideBelowSx(hideBelow, sx)}>
    <SelectField source={col.source} choices={choices} />
  </DataTable.Col>
);

// A timestamp in Bishkek time; `emptyText` (an i18n key) where it may be missing.
export const DateTimeCol = ({ emptyText, hideBelow, sx, ...col }: ColProps & { emptyText?: string }) => (
  <DataTable.Col {...col} sx={hideBelowSx(hideBelow, sx)}>
    <DateTimeField source={col.source} emptyText={emptyText} />
  </DataTable.Col>
);

// The record a reference points at, by its `text` field (or the resource's recordRepresentation), not linked: a click
// on the row opens the row's own record. The API cannot sort by another resource's field.
export const ReferenceCol = ({ reference, text, emptyText, hideBelow, sx, ...col }: ColProps & { reference: string; text?: string; emptyText?: string }) => (
  <DataTable.Col disableSort {...col} sx={hideBelowSx(hideBelow, sx)}>
    <ReferenceField source={col.source} reference={reference} link={false} emptyText={emptyText}>
      {text ? <TextField source={text} /> : undefined}
    </ReferenceField>
  </DataTable.Col>
);
