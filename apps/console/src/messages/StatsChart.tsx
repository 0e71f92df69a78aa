import { BarChart } from '@mui/x-charts/BarChart';
import { useLocaleState, useTranslate } from 'react-admin';
import { intlLocale } from '../shared/dates';
import type { StatsTotals } from './messageModel';

// Messages per day of the period: delivered, sent without a receipt yet, failed, expired — stacked. Loaded on demand.
export const StatsChart = ({ rows }: { rows: Array<StatsTotals & { day: string }> }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const label = (day: string) => new Date(`${day}T12:00:00Z`).toLocaleDateString(intlLocale(locale), { timeZone: 'UTC', day: 'numeric', month: 'short' });
  return (
    <div role="img" aria-label={translate('app.messaging.stats.per_day')} data-testid="stats-chart">
      <BarChart
        height={300}
        margin={{ left: 8, right: 8 }}
        xAxis={[{ data: rows.map((r) => label(r.day)), scaleType: 'band' }]}
        series={[
          { data: rows.map((r) => r.delivered), label: translate('app.messaging.stats.delivered'), stack: 'all', color: '#2e7d32' },
          { data: rows.map((r) => Math.max(0, r.sent - r.delivered)), label: translate('app.messaging.stats.undelivered'), stack: 'all', color: '#1976d2' },
          { data: rows.map((r) => r.failed), label: translate('app.messaging.stats.failed'), stack: 'all', color: '#d32f2f' },
          { data: rows.map((r) => r.expired), label: translate('app.messaging.stats.expired'), stack: 'all', color: '#9e9e9e' },
        ]}
      />
    </div>
  );
};
