import { Box, Button, Card, CardContent, Stack, Typography } from '@mui/material';
import { Link } from 'react-router-dom';
import { Title, useGetIdentity, useGetList, usePermissions, useTranslate } from 'react-admin';
import { NgoReferrals } from './NgoReferrals';

const OPEN_STATUSES = ['open', 'in_progress', 'on_hold', 'pending_closure'];
const myCasesLink = `/cases?filter=${encodeURIComponent(JSON.stringify({ mine: true }))}`;

const MyOpenCases = () => {
  const translate = useTranslate();
  // only the total is needed: one row, read from Content-Range
  const { total, isPending } = useGetList('cases', {
    filter: { mine: true, status: OPEN_STATUSES },
    pagination: { page: 1, perPage: 1 },
    sort: { field: 'openedAt', order: 'DESC' },
  });
  return (
    <Card variant="outlined" sx={{ minWidth: 240 }}>
      <CardContent>
        <Typography color="text.secondary">{translate('app.dashboard.my_open_cases')}</Typography>
        <Typography variant="h3" component="p" data-testid="my-open-cases">
          {isPending ? '…' : (total ?? 0)}
        </Typography>
        <Button component={Link} to={myCasesLink} size="small">
          {translate('app.dashboard.show_my_cases')}
        </Button>
      </CardContent>
    </Card>
  );
};

export const Dashboard = () => {
  const translate = useTranslate();
  const { identity } = useGetIdentity();
  const { permissions } = usePermissions();
  if (permissions === 'ngo_staff') return <NgoReferrals />;
  const staff = permissions === 'supervisor' || permissions === 'caseworker';
  return (
    <Box sx={{ mt: 2 }}>
      <Title title="ra.page.dashboard" />
      <Typography variant="h4" component="h1" gutterBottom>
        {translate('app.dashboard.welcome', { name: identity?.fullName ?? '' })}
      </Typography>
      <Typography color="text.secondary" gutterBottom>
        {translate('app.dashboard.subtitle')}
      </Typography>
      {staff && (
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ mt: 2, alignItems: 'flex-start' }}>
          <MyOpenCases />
          <Button component={Link} to="/returnees/create" variant="contained">
            {translate('app.dashboard.register_returnee')}
          </Button>
        </Stack>
      )}
      {permissions === 'admin' && <Typography sx={{ mt: 2 }}>{translate('app.dashboard.admin_hint')}</Typography>}
    </Box>
  );
};
