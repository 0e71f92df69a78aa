import { Box, Typography } from '@mui/material';
import { LineChart } from '@mui/x-charts/LineChart';
import { useLocaleState, useTranslate } from 'react-admin';
import { intlLocale, TIME_ZONE } from '../shared/dates';
import { adherenceSeries, formatShare, type Checkin } from './messageModel';

// The share of check-ins answered "yes" so far, after each check-in asked (oldest left). Loaded on demand (React.lazy).
export const AdherenceChart = ({ checkins }: { checkins: Checkin[] }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const points = adherenceSeries(checkins);
  const day = (i: number) =>
    points[i] ? new Date(points[i].at).toLocaleDateString(intlLocale(locale), { timeZone: TIME_ZONE, day: 'numeric', month: 'short' }) : '';
  return (
    <Box data-testid="adherence-chart" role="img" aria-label={translate('app.messaging.checkins.chart_title')}>
      <Typography variant="subtitle1" component="h3">
        {translate('app.messaging.checkins.chart_title')}
      </Typography>
      <LineChart
        height={260}
        margin={{ left: 8, right: 24 }}
        xAxis={[{ data: points.map((_, i) => i), scaleType: 'point', valueFormatter: (i: number) => day(i) }]}
        yAxis={[{ min: 0, max: 1, valueFormatter: (v: number) => formatShare(v) }]}
        series={[
          {
            data: points.map((p) => p.share),
            label: translate('app.messaging.checkins.adherence'),
            showMark: true,
            curve: 'linear',
            valueFormatter: (v: number | null) => formatShare(v),
          },
        ]}
      />
    </Box>
  );
};
