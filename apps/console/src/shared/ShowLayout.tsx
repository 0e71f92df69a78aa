import { Box, Stack } from '@mui/material';
import type { ReactElement, ReactNode } from 'react';
import { Labeled, TabbedShowLayout, TabbedShowLayoutTabs } from 'react-admin';

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

// The tabs scroll sideways (with arrows when they do not fit) instead of widening the page on a phone; a tab's content
// never makes the page wider than the window: wide tables scroll inside their own box (ScrollX).
export const ShowTabs = ({ tabs }: { tabs: ShowTab[] }) => (
  <TabbedShowLayout
    tabs={<TabbedShowLayoutTabs variant="scrollable" scrollButtons="auto" allowScrollButtonsMobile />}
    // contain: the tabs' and tables' natural width does not count toward the page's, which stays the window's width
    sx={{ minWidth: 0, contain: 'inline-size', '& .RaTabbedShowLayout-content': { minWidth: 0 } }}
  >
    {tabs.map(({ label, path, content }) => (
      <TabbedShowLayout.Tab key={label} label={label} path={path}>
        {content}
      </TabbedShowLayout.Tab>
    ))}
  </TabbedShowLayout>
);

// A wide table (or other content) that scrolls sideways inside its own box instead of widening the page; its width
// does not count toward the page's (contain), so the page stays as wide as the window.
// It takes the focus (tabIndex) so the keyboard can scroll it too.
export const ScrollX = ({ children, testId }: { children: ReactNode; testId?: string }) => (
  <Box sx={{ overflowX: 'auto', maxWidth: '100%', contain: 'inline-size' }} tabIndex={0} data-testid={testId}>
    {children}
  </Box>
);
