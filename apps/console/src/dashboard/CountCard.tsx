import { Button, Card, CardContent, Typography } from '@mui/material';
import { Link } from 'react-router-dom';
import { useTranslate } from 'react-admin';

type CountCardProps = { label: string; value: number | undefined; to: string; action: string; color?: 'error'; testId: string };

// A number on a dashboard (overdue follow-ups, new referrals…) with a link to the list behind it; `value` undefined
// while it loads. A `color` marks it only when there is something (red means there is something to do).
export const CountCard = ({ label, value, to, action, color, testId }: CountCardProps) => {
  const translate = useTranslate();
  return (
    <Card variant="outlined" sx={{ height: '100%', minWidth: 200 }}>
      <CardContent>
        <Typography color="text.secondary">{translate(label)}</Typography>
        <Typography variant="h3" component="p" color={color && value ? color : undefined} data-testid={testId}>
          {value ?? '…'}
        </Typography>
        <Button component={Link} to={to} size="small">
          {translate(action)}
        </Button>
      </CardContent>
    </Card>
  );
};
