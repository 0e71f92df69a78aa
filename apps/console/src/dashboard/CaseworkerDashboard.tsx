import { Button, Card, CardContent, Grid, Typography } from '@mui/material';
import { BarChart } from '@mui/x-charts/BarChart';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useMemo } from 'react';
import { ListBase, useGetIdentity, useTranslate } from 'react-admin';
import { nextSevenDaysFilter } from '../follow-ups/followUpModel';
import { FollowUpTable } from '../follow-ups/FollowUpTable';
import { casesLink } from '../supervision/caseloadModel';
import { ChartCard } from './ChartCard';
import { CountCard } from './CountCard';
import { DashboardFrame } from './DashboardFrame';
import { fetchMyDashboard } from './dashboardCalls';
import type { MyDashboardData } from './dashboardModel';

// My follow-ups due, overdue and today: both lead to My tasks, which lists them.
const MY_COUNTS: { key: 'myOverdue' | 'myToday'; label: string; color?: 'error'; testId: string }[] = [
  { key: 'myOverdue', label: 'app.supervision.mine.my_overdue', color: 'error', testId: 'my-overdue' },
  { key: 'myToday', label: 'app.supervision.mine.my_today', testId: 'my-today' },
];

// My scheduled follow-ups over the next seven days, soonest first, so nothing planned for next week is out of sight.
const NextSevenDays = () => {
  const translate = useTranslate();
  // "now" is fixed when the dashboard opens: a new filter object would mean a new request on every render
  const filter = useMemo(() => nextSevenDaysFilter(new Date()), []);
  return (
    <Card variant="outlined" component="section" aria-labelledby="next-seven-days-title" data-testid="next-seven-days">
      <CardContent>
        <Typography variant="h6" component="h2" id="next-seven-days-title" sx={{ mb: 1 }}>
          {translate('app.supervision.mine.next_seven_days')}
        </Typography>
        <ListBase resource="follow-ups" filter={filter} sort={{ field: 'dueAt', order: 'ASC' }} perPage={10} disableSyncWithLocation>
          <FollowUpTable showCase showReturnee empty="app.supervision.mine.next_seven_days_empty" />
        </ListBase>
        <Button component={Link} to="/my-tasks" size="small">
          {translate('app.supervision.mine.open_my_tasks')}
        </Button>
      </CardContent>
    </Card>
  );
};

// A caseworker's first page: their follow-ups due (overdue, today, the next seven days) and their own cases by status.
export const CaseworkerDashboard = () => {
  const translate = useTranslate();
  const { identity } = useGetIdentity();
  const query = useQuery({ queryKey: ['my-dashboard'], queryFn: fetchMyDashboard });
  const byStatus = (data: MyDashboardData) => data.myCasesByStatus.map((s) => ({ status: translate(`enums.case_status.${s.status}`), n: s.n }));
  return (
    <DashboardFrame
      testId="caseworker-dashboard"
      heading={translate('app.dashboard.welcome', { name: identity?.fullName ?? '' })}
      actions={
        <Button component={Link} to="/returnees/create" variant="contained">
          {translate('app.dashboard.register_returnee')}
        </Button>
      }
      query={query}
    >
      {(data) => (
        <Grid container spacing={2}>
          {MY_COUNTS.map((c) => (
            <Grid key={c.testId} size={{ xs: 12, sm: 6, md: 3 }}>
              <CountCard label={c.label} value={data[c.key]} to="/my-tasks" action="app.supervision.mine.open_my_tasks" color={c.color} testId={c.testId} />
            </Grid>
          ))}
          <Grid size={{ xs: 12, md: 6 }}>
            <ChartCard title="app.supervision.mine.my_cases_by_status" testId="chart-my-cases" empty={data.myCasesByStatus.every((s) => s.n === 0)}>
              <BarChart
                height={240}
                layout="horizontal"
                dataset={byStatus(data)}
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
          <Grid size={{ xs: 12 }}>
            <NextSevenDays />
          </Grid>
        </Grid>
      )}
    </DashboardFrame>
  );
};
