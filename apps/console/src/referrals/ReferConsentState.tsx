import { Alert, Button, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';
import type { ConsentProblem } from './referralModel';

type Props = { returneeId: string; loading: boolean; failed: boolean; problem: ConsentProblem; serverError: string | null };

// Without consent to share with partners nothing can be sent; the link leads to where consent is recorded.
export const ReferConsentState = ({ returneeId, loading, failed, problem, serverError }: Props) => {
  const translate = useTranslate();
  const link = (
    <Button component={Link} to={`/returnees/${returneeId}/show/consents`} size="small" color="inherit" data-testid="refer-consent-link">
      {translate('app.referrals.consent.open_consents')}
    </Button>
  );
  if (loading) {
    return (
      <Typography variant="body2" color="text.secondary">
        {translate('app.referrals.consent.checking')}
      </Typography>
    );
  }
  if (problem) {
    return (
      <Alert severity="warning" action={link} data-testid="refer-consent-warning" data-problem={problem}>
        {translate(`app.referrals.consent.${problem}`)}
      </Alert>
    );
  }
  if (serverError) {
    return (
      <Alert severity="error" action={link} data-testid="refer-consent-warning" data-problem="server">
        {serverError}
      </Alert>
    );
  }
  // the API checks consent on submit anyway; a failed read must not block the user
  if (failed) return <Alert severity="info">{translate('app.referrals.consent.unknown')}</Alert>;
  return (
    <Alert severity="success" data-testid="refer-consent-ok">
      {translate('app.referrals.consent.ok')}
    </Alert>
  );
};
