import { Box, Typography } from '@mui/material';
import { BooleanInput, List, useTranslate } from 'react-admin';
import { FollowUpTable } from './FollowUpTable';

// The supervisor's view: follow-ups of the office (the API scopes staff to their office) that escalated to
// missed, most recent first, so they can be taken up with the caseworker.
const Hint = () => {
  const translate = useTranslate();
  return (
    <Typography color="text.secondary" sx={{ px: 2, pt: 2 }}>
      {translate('app.missed.hint')}
    </Typography>
  );
};

// switched off means "everyone in the office", not "others only" (the API reads mine=false as the latter)
const filters = [<BooleanInput key="mine" source="mine" alwaysOn parse={(v: boolean) => (v ? true : undefined)} />];

export const MissedFollowUps = () => (
  <Box data-testid="missed-follow-ups">
    <List
      resource="follow-ups"
      title="app.missed.title"
      filter={{ status: 'missed' }}
      filters={filters}
      sort={{ field: 'dueAt', order: 'DESC' }}
      perPage={25}
      storeKey="missed-follow-ups"
      disableSyncWithLocation
      exporter={false}
      empty={false}
    >
      <Hint />
      <FollowUpTable showCase showReturnee empty="app.missed.empty" pagination={false} />
    </List>
  </Box>
);
