import { Card, CardContent, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { useTranslate } from 'react-admin';

// One dashboard block: a title, and either its chart or a short note that there is nothing to show yet.
export const ChartCard = ({ title, empty, children, testId }: { title: string; empty: boolean; children: ReactNode; testId: string }) => {
  const translate = useTranslate();
  return (
    <Card variant="outlined" sx={{ height: '100%' }} data-testid={testId}>
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          {translate(title)}
        </Typography>
        {empty ? (
          <Typography color="text.secondary" sx={{ py: 4, textAlign: 'center' }} data-testid={`${testId}-empty`}>
            {translate('app.supervision.dashboard.no_data')}
          </Typography>
        ) : (
          children
        )}
      </CardContent>
    </Card>
  );
};
