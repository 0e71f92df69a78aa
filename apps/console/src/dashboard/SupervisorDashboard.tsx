import { Button, Grid, MenuItem, TextField, Typography } from '@mui/material';
import { BarChart } from '@mui/x-charts/BarChart';
import { LineChart } from '@mui/x-charts/LineChart';
import { PieChart } from '@mui/x-charts/PieChart';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useGetList, useLocale, usePermissions, useTranslate } from 'react-admin';
import { BudgetLeftCard } from '../assistance/BudgetLeftCard';
import { CASE_TYPES } from '../shared/choices';
import { ChartCard } from './ChartCard';
import { DashboardFrame } from './DashboardFrame';
import { fetchDashboard } from './dashboardCalls';
import { formatMonth } from '../shared/dates';
import { hasAny, monthlyDataset, percent, type SupervisorDashboardData, weekLabel } from './dashboardModel';

const HEIGHT = 300;
// counts are whole numbers: no 0.5 ticks
const COUNT_AXIS = [{ tickMinStep: 1 }];
// one hue per case type: solid for opened, light for closed, so each bar pair reads by type
const TYPE_COLORS: Record<string, { opened: string; closed: string }> = {
  health_referral: { opened: '#1565c0', closed: '#90caf9' },
  legal_aid: { opened: '#e65100', closed: '#ffcc80' },
  job_placement: { opened: '#2e7d32', closed: '#a5d6a7' },
  pension_claim: { opened: '#6a1b9a', closed: '#ce93d8' },
};

const OpenedVsClosed = ({ data }: { data: SupervisorDashboardData }) => {
  const translate = useTranslate();
  const locale = useLocale();
  const dataset = monthlyDataset(data.openedVsClosed, CASE_TYPES);
  const series = (['opened', 'closed'] as const).flatMap((what) =>
    CASE_TYPES.map((type) => ({
      dataKey: `${type}_${what}`,
      stack: what,
      color: TYPE_COLORS[type]?.[what],
      label: `${translate(`enums.case_type.${type}`)} — ${translate(`app.supervision.dashboard.${what}`)}`,
    })),
  );
  return (
    <ChartCard
      title="app.supervision.dashboard.opened_vs_closed"
      testId="chart-opened-vs-closed"
      empty={!hasAny(data.openedVsClosed.flatMap((r) => [r.opened, r.closed]))}
    >
      <BarChart
        height={HEIGHT + 80}
        dataset={dataset}
        xAxis={[{ scaleType: 'band', dataKey: 'month', valueFormatter: (m: string) => formatMonth(m, locale, translate) }]}
        yAxis={COUNT_AXIS}
        series={series}
      />
    </ChartCard>
  );
};

const OpenByStatus = ({ data }: { data: SupervisorDashboardData }) => {
  const translate = useTranslate();
  const slices = data.openByStatus.filter((s) => s.n > 0).map((s) => ({ id: s.status, value: s.n, label: translate(`enums.case_status.${s.status}`) }));
  return (
    <ChartCard title="app.supervision.dashboard.open_by_status" testId="chart-open-by-status" empty={slices.length === 0}>
      <PieChart height={HEIGHT} series={[{ data: slices, innerRadius: '40%', arcLabel: 'value' }]} />
    </ChartCard>
  );
};

// every plan of the office by workflow status, so a supervisor sees what waits for approval or review
const PlansByStatus = ({ data }: { data: SupervisorDashboardData }) => {
  const translate = useTranslate();
  const rows = data.plansByStatus.map((s) => ({ status: translate(`enums.plan_status.${s.status}`), n: s.n }));
  return (
    <ChartCard title="app.supervision.dashboard.plans_by_status" testId="chart-plans-by-status" empty={!hasAny(data.plansByStatus.map((s) => s.n))}>
      <BarChart
        height={HEIGHT}
        layout="horizontal"
        dataset={rows}
        yAxis={[{ scaleType: 'band', dataKey: 'status', width: 140 }]}
        xAxis={COUNT_AXIS}
        series={[{ dataKey: 'n', label: translate('app.supervision.dashboard.plans'), color: '#00695c' }]}
      />
    </ChartCard>
  );
};

const OverdueTrend = ({ data }: { data: SupervisorDashboardData }) => {
  const translate = useTranslate();
  return (
    <ChartCard title="app.supervision.dashboard.overdue_trend" testId="chart-overdue-trend" empty={!hasAny(data.overdueTrend.map((w) => w.overdue))}>
      <LineChart
        height={HEIGHT}
        xAxis={[{ scaleType: 'point', data: data.overdueTrend.map((w) => weekLabel(w.week)) }]}
        yAxis={COUNT_AXIS}
        series={[
          {
            data: data.overdueTrend.map((w) => w.overdue),
            label: translate('app.supervision.dashboard.overdue_cases'),
            color: '#d32f2f',
            curve: 'linear',
            area: true,
          },
        ]}
      />
    </ChartCard>
  );
};

const ReferralFunnel = ({ data }: { data: SupervisorDashboardData }) => {
  const translate = useTranslate();
  const rows = data.referralFunnel.slice(0, 10);
  return (
    <ChartCard title="app.supervision.dashboard.referral_funnel" testId="chart-referral-funnel" empty={rows.length === 0}>
      <BarChart
        height={Math.max(HEIGHT, rows.length * 60)}
        layout="horizontal"
        dataset={rows}
        yAxis={[{ scaleType: 'band', dataKey: 'organizationName', width: 140 }]}
        xAxis={COUNT_AXIS}
        series={(['sent', 'accepted', 'completed'] as const).map((k) => ({ dataKey: k, label: translate(`app.supervision.dashboard.${k}`) }))}
      />
    </ChartCard>
  );
};

const FollowUpCompletionCard = ({ data }: { data: SupervisorDashboardData }) => {
  const translate = useTranslate();
  const c = data.followUpCompletion;
  const pending = Math.max(0, c.due - c.done - c.missed);
  const slices = [
    { id: 'done', value: c.done, label: translate('app.supervision.dashboard.done'), color: '#2e7d32' },
    { id: 'missed', value: c.missed, label: translate('app.supervision.dashboard.missed'), color: '#d32f2f' },
    { id: 'pending', value: pending, label: translate('app.supervision.dashboard.pending'), color: '#ed6c02' },
  ].filter((s) => s.value > 0);
  return (
    <ChartCard title="app.supervision.dashboard.follow_up_completion" testId="chart-follow-up-completion" empty={c.due === 0}>
      <Typography variant="h4" component="p" data-testid="follow-up-rate">
        {percent(c.rate)}
      </Typography>
      <Typography color="text.secondary">{translate('app.supervision.dashboard.rate_hint', { done: c.done, due: c.due })}</Typography>
      <PieChart height={HEIGHT - 60} series={[{ data: slices, innerRadius: '45%', arcLabel: 'value' }]} />
    </ChartCard>
  );
};

const ReturneesBy = ({ title, testId, rows, enumGroup }: { title: string; testId: string; rows: Array<{ key: string; n: number }>; enumGroup: string }) => {
  const translate = useTranslate();
  const dataset = rows.map((r) => ({ label: translate(`enums.${enumGroup}.${r.key}`, { _: r.key }), n: r.n }));
  return (
    <ChartCard title={title} testId={testId} empty={rows.length === 0}>
      <BarChart
        height={HEIGHT}
        layout="horizontal"
        dataset={dataset}
        yAxis={[{ scaleType: 'band', dataKey: 'label', width: 140 }]}
        xAxis={COUNT_AXIS}
        series={[{ dataKey: 'n', label: translate('app.supervision.dashboard.returnees') }]}
        hideLegend
      />
    </ChartCard>
  );
};

// Admins may look at one office or at all of them.
const OfficePicker = ({ value, onChange }: { value: string; onChange: (v: string) => void }) => {
  const translate = useTranslate();
  const { data = [] } = useGetList('offices', { pagination: { page: 1, perPage: 200 }, sort: { field: 'name', order: 'ASC' } });
  return (
    <TextField
      select
      size="small"
      label={translate('app.supervision.office')}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      sx={{ minWidth: 240 }}
      data-testid="dashboard-office"
    >
      <MenuItem value="">{translate('app.supervision.all_offices')}</MenuItem>
      {data.map((o) => (
        <MenuItem key={String(o.id)} value={String(o.id)}>
          {String(o.name)}
        </MenuItem>
      ))}
    </TextField>
  );
};

export const SupervisorDashboard = () => {
  const translate = useTranslate();
  const { permissions } = usePermissions();
  const [officeId, setOfficeId] = useState('');
  const query = useQuery({ queryKey: ['supervision-dashboard', officeId], queryFn: () => fetchDashboard(officeId || undefined) });
  return (
    <DashboardFrame
      testId="supervisor-dashboard"
      heading={translate('app.supervision.dashboard.title')}
      actions={
        <>
          {permissions === 'admin' && <OfficePicker value={officeId} onChange={setOfficeId} />}
          <Button component={Link} to="/caseload" variant="outlined">
            {translate('app.supervision.caseload.menu')}
          </Button>
        </>
      }
      query={query}
    >
      {(data) => (
        <Grid container spacing={2}>
          <Grid size={{ xs: 12 }}>
            <OpenedVsClosed data={data} />
          </Grid>
          <Grid size={{ xs: 12, md: 6 }}>
            <OpenByStatus data={data} />
          </Grid>
          <Grid size={{ xs: 12, md: 6 }}>
            <OverdueTrend data={data} />
          </Grid>
          <Grid size={{ xs: 12, md: 8 }}>
            <ReferralFunnel data={data} />
          </Grid>
          <Grid size={{ xs: 12, md: 4 }}>
            <FollowUpCompletionCard data={data} />
          </Grid>
          <Grid size={{ xs: 12, md: 6 }}>
            <ReturneesBy
              title="app.supervision.dashboard.returnees_by_oblast"
              testId="chart-returnees-by-oblast"
              enumGroup="oblast"
              rows={data.returneesByOblast.map((r) => ({ key: r.oblast, n: r.n }))}
            />
          </Grid>
          <Grid size={{ xs: 12, md: 6 }}>
            <ReturneesBy
              title="app.supervision.dashboard.returnees_by_return_reason"
              testId="chart-returnees-by-return-reason"
              enumGroup="return_reason"
              rows={data.returneesByReturnReason.map((r) => ({ key: r.returnReason, n: r.n }))}
            />
          </Grid>
          <Grid size={{ xs: 12, md: 6 }}>
            <PlansByStatus data={data} />
          </Grid>
          <Grid size={{ xs: 12, md: 6 }}>
            <BudgetLeftCard />
          </Grid>
        </Grid>
      )}
    </DashboardFrame>
  );
};
