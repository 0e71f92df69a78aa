import { Card, CardContent, LinearProgress, Link as MuiLink, Stack, Typography } from '@mui/material';
import { Link } from 'react-router-dom';
import { useGetList, useLocaleState, usePermissions, useTranslate } from 'react-admin';
import { programmeTotals, type Programme } from './assistanceModel';
import { formatMoney, percentOf } from './money';

// Dashboard card "budget left per programme": each active programme's available amount over its whole budget (the
// sum of its lines, in its currency). Admins open the programme from here.
export const BudgetLeftCard = () => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { permissions } = usePermissions();
  const {
    data = [],
    isPending,
    error,
  } = useGetList<Programme>('programmes', {
    filter: { active: true },
    pagination: { page: 1, perPage: 50 },
    sort: { field: 'name', order: 'ASC' },
  });
  return (
    <Card variant="outlined" sx={{ height: '100%' }} data-testid="budget-left-card" component="section" aria-labelledby="budget-left-title">
      <CardContent>
        <Typography variant="h6" component="h2" id="budget-left-title" gutterBottom>
          {translate('app.programmes.budget_left')}
        </Typography>
        {isPending && <Typography color="text.secondary">{translate('ra.page.loading')}</Typography>}
        {error && <Typography color="error">{translate('app.assistance.load_error')}</Typography>}
        {!isPending && !error && data.length === 0 && (
          <Typography color="text.secondary" sx={{ py: 2, textAlign: 'center' }} data-testid="budget-left-empty">
            {translate('app.programmes.no_active')}
          </Typography>
        )}
        <Stack spacing={1.5}>
          {data.map((p) => {
            const t = programmeTotals(p);
            const left = percentOf(t.availableMinor, t.amountMinor);
            return (
              <Stack key={p.id} spacing={0.5} data-testid="budget-left-programme" data-available-minor={t.availableMinor}>
                <Stack direction="row" spacing={1} useFlexGap sx={{ justifyContent: 'space-between', flexWrap: 'wrap' }}>
                  <Typography variant="body2" sx={{ fontWeight: 500 }}>
                    {permissions === 'admin' ? (
                      <MuiLink component={Link} to={`/programmes/${p.id}/show`}>
                        {p.name}
                      </MuiLink>
                    ) : (
                      p.name
                    )}
                  </Typography>
                  <Typography variant="body2">
                    {translate('app.programmes.left_of', {
                      left: formatMoney(t.availableMinor, p.currency, locale),
                      total: formatMoney(t.amountMinor, p.currency, locale),
                    })}
                  </Typography>
                </Stack>
                <LinearProgress
                  variant="determinate"
                  value={left}
                  aria-label={translate('app.programmes.left_percent', { name: p.name, percent: Math.round(left) })}
                  color={left < 10 ? 'error' : 'primary'}
                />
              </Stack>
            );
          })}
        </Stack>
      </CardContent>
    </Card>
  );
};
