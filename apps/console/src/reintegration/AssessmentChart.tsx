import { Box, Typography } from '@mui/material';
import { LineChart } from '@mui/x-charts/LineChart';
import { useLocaleState, useTranslate } from 'react-admin';
import { intlLocale, TIME_ZONE } from '../shared/dates';
import { ASSESSMENT_KEYS, assessmentSeries, type Assessment } from './assessmentModel';
import { formatScore } from './reintegrationModel';

// Each dimension (and the composite) over the returnee's assessments, oldest left. Loaded on demand (React.lazy).
export const AssessmentChart = ({ rows }: { rows: Assessment[] }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const s = assessmentSeries(rows);
  // one evenly spaced point per assessment (two on the same day stay apart), labelled with its date
  const day = (i: number) => s.dates[i]?.toLocaleDateString(intlLocale(locale), { timeZone: TIME_ZONE }) ?? '';
  return (
    <Box data-testid="assessment-chart" aria-label={translate('app.assessment.chart_title')} role="img">
      <Typography variant="subtitle1" component="h3">
        {translate('app.assessment.chart_title')}
      </Typography>
      <LineChart
        height={300}
        margin={{ left: 8, right: 48 }}
        xAxis={[{ data: s.dates.map((_, i) => i), scaleType: 'point', valueFormatter: (i: number) => day(i) }]}
        yAxis={[{ min: 0, max: 1 }]}
        series={ASSESSMENT_KEYS.map((k) => ({
          data: s[k],
          label: translate(`app.assessment.scores.${k}`),
          showMark: true,
          valueFormatter: (v: number | null) => formatScore(v),
        }))}
      />
    </Box>
  );
};
