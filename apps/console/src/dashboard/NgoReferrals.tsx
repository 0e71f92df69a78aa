import { Card, CardContent } from '@mui/material';
import { Title } from 'react-admin';
import { EmptyState } from '../shared/EmptyState';

// NGO staff will work on referrals addressed to their organisation; until that part exists, say so.
export const NgoReferrals = () => (
  <Card sx={{ mt: 2 }}>
    <Title title="app.dashboard.ngo_title" />
    <CardContent>
      <EmptyState testId="ngo-empty" title="app.dashboard.ngo_title" hint="app.dashboard.ngo_empty" />
    </CardContent>
  </Card>
);
