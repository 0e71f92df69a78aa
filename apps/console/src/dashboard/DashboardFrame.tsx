import { Alert, Box, Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { Title, useTranslate } from 'react-admin';

type Loaded<T> = { data: T | undefined; isPending: boolean; isError: boolean };

// The frame of an office dashboard (supervisor, caseworker): the page title, a heading with the page's buttons beside
// it, and the blocks drawn from its numbers once they are loaded (a loading line meanwhile, an error line when the
// numbers cannot be read).
export const DashboardFrame = <T,>({
  testId,
  heading,
  actions,
  query,
  children,
}: {
  testId: string;
  heading: string;
  actions: ReactNode;
  query: Loaded<T>;
  children: (data: T) => ReactNode;
}) => {
  const translate = useTranslate();
  return (
    <Box sx={{ mt: 2 }} data-testid={testId}>
      <Title title="ra.page.dashboard" />
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ mb: 2, alignItems: { sm: 'center' } }}>
        <Typography variant="h4" component="h1" sx={{ flexGrow: 1 }}>
          {heading}
        </Typography>
        {actions}
      </Stack>
      {query.isError && <Alert severity="error">{translate('app.supervision.dashboard.load_error')}</Alert>}
      {query.isPending && <Typography color="text.secondary">{translate('ra.page.loading')}</Typography>}
      {query.data && children(query.data)}
    </Box>
  );
};
