import { Stack } from '@mui/material';
import type { ReactElement, ReactNode } from 'react';
import { Labeled, TabbedShowLayout } from 'react-admin';

// The summary of a show page (case, returnee): fields in columns side by side (stacked on narrow screens), each
// under its label, which Labeled takes from the field's `source` (or `label`) like a show layout does.
export const FieldColumns = ({ columns }: { columns: ReactElement<{ source?: string }>[][] }) => (
  <Stack direction={{ xs: 'column', md: 'row' }} spacing={4}>
    {columns.map((fields, i) => (
      <Stack key={i} spacing={1.5}>
        {fields.map((field) => (
          <Labeled key={field.props.source}>{field}</Labeled>
        ))}
      </Stack>
    ))}
  </Stack>
);

// A tab of a show page; `content` is its children (an array when several: each is then shown under its own label).
// The first tab opens at the record's own URL, the others at …/show/<path>, which links from elsewhere
// (notifications, follow-up rows, tests) point at.
export type ShowTab = { label: string; path?: string; content: ReactNode };

export const ShowTabs = ({ tabs }: { tabs: ShowTab[] }) => (
  <TabbedShowLayout>
    {tabs.map(({ label, path, content }) => (
      <TabbedShowLayout.Tab key={label} label={label} path={path}>
        {content}
      </TabbedShowLayout.Tab>
    ))}
  </TabbedShowLayout>
);
