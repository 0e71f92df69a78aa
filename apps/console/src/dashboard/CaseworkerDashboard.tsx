import { Alert, Box, Button, Card, CardContent, Grid, Stack, Typography } from '@mui/material';
import { BarChart } from '@mui/x-charts/BarChart';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { Title, useGetIdentity, useTranslate } from 'react-admin';
import { ChartCard } from './ChartCard';
import { fetchMyDashboard } from './dashboardCalls';
import { casesLink } from '../supervision/caseloadModel';

const CountCard = ({ label, value, to, action, color, testId }: { label: string; value: number; to: string; action: string; color?: 'error'; testId: string }) => {
  const translate = useTranslate();
  return (
    <Card variant="outlined" sx={{ height: '100%' }}>
      <CardContent>
        <Typography color="text.secondary">{translate(label)}</Typography>
        <Typography variant="h3" component="p" color={color && value > 0 ? color : undefined} data-testid={testId}>
          {value}
        </Typography>
        <Button component={Link} to={to} size="small">
          {translate(action)}
        </Button>
      </CardContent>
    </Card>
  );
};

// A caseworker's first page: their follow-ups due (overdue, today) and their own cases by status.
export const CaseworkerDashboard = () => {
  const translate = useTranslate();
  const { identity } = useGetIdentity();
  const { data, isPending, isError } = useQuery({ queryKey: ['my-dashboard'], queryFn: fetchMyDashboard });
  const byStatus = (data?.myCasesByStatus ?? []).map((s) => ({ status: translate(`enums.case_status.${s.status}`), n: s.n }));
  return (
    <Box sx={{ mt: 2 }} data-testid="caseworker-dashboard">
      <Title title="ra.page.dashboard" />
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ mb: 2, alignItems: { sm: 'center' } }}>
        <Typography variant="h4" component="h1" sx={{ flexGrow: 1 }}>
          {translate('app.dashboard.welcome', { name: identity?.fullName ?? '' })}
        </Typography>
        <Button component={Link} to="/returnees/create" variant="contained">
          {translate('app.dashboard.register_returnee')}
        </Button>
      </Stack>
      {isError && <Alert severity="error">{translate('app.supervision.dashboard.load_error')}</Alert>}
      {isPending && <Typography color="text.secondary">{translate('ra.page.loading')}</Typography>}
      {data && (
        <Grid container spacing={2}>
          <Grid size={{ xs: 12, sm: 6, md: 3 }}>
            <CountCard label="app.supervision.mine.my_overdue" value={data.myOverdue} to="/my-tasks" action="app.supervision.mine.open_my_tasks" color="error" testId="my-overdue" />
          </Grid>
          <Grid size={{ xs: 12, sm: 6, md: 3 }}>
            <CountCard label="app.supervision.mine.my_today" value={data.myToday} to="/my-tasks" action="app.supervision.mine.open_my_tasks" testId="my-today" />
          </Grid>
          <Grid size={{ xs: 12, md: 6 }}>
            <ChartCard title="app.supervision.mine.my_cases_by_status" testId="chart-my-cases" empty={byStatus.every((s) => s.n === 0)}>
              <BarChart
                height={240}
                layout="horizontal"
                dataset={byStatus}
                yAxis={[{ scaleType: 'band', dataKey: 'status', width: 140 }]}
                xAxis={[{ tickMinStep: 1 }]}
                series={[{ dataKey: 'n', label: translate('app.supervision.mine.cases') }]}
                hideLegend
              />
              <Button component={Link} to={casesLink({ mine: true })} size="small">
                {translate('app.dashboard.show_my_cases')}
              </Button>
            </ChartCard>
          </Grid>
        </Grid>
      )}
    </Box>
  );
};
