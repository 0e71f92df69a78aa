import { Box, Button, Grid, Stack, Typography } from '@mui/material';
import { Link } from 'react-router-dom';
import { Title, useGetIdentity, useTranslate } from 'react-admin';
import { BudgetLeftCard } from './BudgetLeftCard';
import { StatementButton } from './StatementDialog';

// A donor's first page: what is left of the budgets of the programmes granted to it, the way to their reports and
// a programme's statement for a range of days (CSV or XLSX).
// Nothing about any person.
export const DonorDashboard = () => {
  const translate = useTranslate();
  const { identity } = useGetIdentity();
  return (
    <Box sx={{ mt: 2 }} data-testid="donor-dashboard">
      <Title title="ra.page.dashboard" />
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ mb: 2, alignItems: { sm: 'center' } }}>
        <Typography variant="h4" component="h1" sx={{ flexGrow: 1 }}>
          {translate('app.dashboard.welcome', { name: identity?.fullName ?? '' })}
        </Typography>
        <StatementButton variant="outlined" />
        <Button component={Link} to="/reports" variant="contained">
          {translate('app.programmes.open_reports')}
        </Button>
      </Stack>
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 8 }}>
          <BudgetLeftCard />
        </Grid>
      </Grid>
    </Box>
  );
};
