import { Box, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { useTranslate } from 'react-admin';

type Props = { title: string; hint: string; action?: ReactNode; testId?: string };

// A friendly empty list: what this page is for, and the one action that starts it.
export const EmptyState = ({ title, hint, action, testId }: Props) => {
  const translate = useTranslate();
  return (
    <Box sx={{ textAlign: 'center', m: 'auto', py: 6, maxWidth: 480 }} data-testid={testId}>
      <Typography variant="h5" component="p" gutterBottom>
        {translate(title)}
      </Typography>
      <Typography variant="body1" color="text.secondary" gutterBottom>
        {translate(hint)}
      </Typography>
      {action && <Box sx={{ mt: 2 }}>{action}</Box>}
    </Box>
  );
};
