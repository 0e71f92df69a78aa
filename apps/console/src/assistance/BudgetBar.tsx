import { Box, Stack, Typography } from '@mui/material';
import { useLocaleState, useTranslate } from 'react-admin';
import { budgetShares, type BudgetLine } from './assistanceModel';
import { formatMoney } from './money';

// The colours of a budget bar's parts; the figures beside it say the same in words (the bar itself is decoration).
export const BAR_COLORS = { disbursed: '#1565c0', committed: '#ef6c00', available: '#c8e6c9' } as const;

// One budget line: a bar (disbursed, committed, available) and the amounts, in the programme's currency.
export const BudgetBar = ({ line, currency, title }: { line: BudgetLine; currency: string; title?: string }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const shares = budgetShares(line);
  const money = (n: number) => formatMoney(n, currency, locale);
  return (
    <Box
      data-testid="budget-line"
      data-type={line.assistanceType}
      data-available-minor={line.availableMinor}
      data-committed-minor={line.committedMinor}
      data-disbursed-minor={line.disbursedMinor}
      sx={{ py: 1 }}
    >
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', justifyContent: 'space-between', alignItems: 'baseline' }}>
        <Typography variant="subtitle2" component="h3">
          {title ?? translate(`enums.assistance_type.${line.assistanceType}`, { _: line.assistanceType })}
        </Typography>
        <Typography variant="body2">{translate('app.programmes.budget_of', { amount: money(line.amountMinor) })}</Typography>
      </Stack>
      <Box aria-hidden sx={{ display: 'flex', height: 14, borderRadius: 1, overflow: 'hidden', bgcolor: BAR_COLORS.available, my: 0.5 }}>
        <Box
          sx={{ width: `${shares.disbursed}%`, bgcolor: BAR_COLORS.disbursed }}
          data-testid="budget-bar-disbursed"
          data-width={shares.disbursed.toFixed(2)}
        />
        <Box
          sx={{ width: `${shares.committed}%`, bgcolor: BAR_COLORS.committed }}
          data-testid="budget-bar-committed"
          data-width={shares.committed.toFixed(2)}
        />
      </Box>
      <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap' }}>
        <Legend color={BAR_COLORS.disbursed} label={translate('app.programmes.disbursed')} value={money(line.disbursedMinor)} testId="budget-disbursed" />
        <Legend color={BAR_COLORS.committed} label={translate('app.programmes.committed')} value={money(line.committedMinor)} testId="budget-committed" />
        <Legend color={BAR_COLORS.available} label={translate('app.programmes.available')} value={money(line.availableMinor)} testId="budget-available" />
      </Stack>
    </Box>
  );
};

const Legend = ({ color, label, value, testId }: { color: string; label: string; value: string; testId: string }) => (
  <Stack direction="row" spacing={0.75} sx={{ alignItems: 'center' }}>
    <Box aria-hidden sx={{ width: 12, height: 12, borderRadius: 0.5, bgcolor: color, border: 1, borderColor: 'divider' }} />
    <Typography variant="body2">
      {label}: <b data-testid={testId}>{value}</b>
    </Typography>
  </Stack>
);
