import RefreshIcon from '@mui/icons-material/Refresh';
import { Box, Button, Card, CardContent, Chip, Stack, Typography } from '@mui/material';
import { useEffect, useMemo, useState } from 'react';
import { ListBase, Title, useListContext, useTranslate } from 'react-admin';
import { CHANGED_EVENTS } from '../shared/usePolling';
import { myTasksRanges, myTasksSections, type MyTasksSection } from './followUpModel';
import { FollowUpTable } from './FollowUpTable';

// "Now" moves on: the sections are recomputed every minute (and on demand), not on every render,
// because a new filter object means a new request.
const useNow = (everyMs: number) => {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const tick = window.setInterval(() => setNow(new Date()), everyMs);
    const bump = () => setNow(new Date());
    window.addEventListener(CHANGED_EVENTS.followUps, bump);
    return () => {
      window.clearInterval(tick);
      window.removeEventListener(CHANGED_EVENTS.followUps, bump);
    };
  }, [everyMs]);
  return [now, () => setNow(new Date())] as const;
};

const SectionCount = ({ tone }: { tone: 'error' | 'primary' | 'default' }) => {
  const { total, isPending } = useListContext();
  // an empty section stays grey: red means there is something to do
  return <Chip size="small" color={total ? tone : 'default'} label={isPending ? '…' : (total ?? 0)} data-testid="my-tasks-section-count" />;
};

const Section = ({ id, title, empty, tone, filter }: MyTasksSection) => {
  const translate = useTranslate();
  return (
    <Card variant="outlined" component="section" aria-labelledby={`my-tasks-${id}`} data-testid={`my-tasks-${id}`}>
      <CardContent>
        <ListBase resource="follow-ups" filter={filter} sort={{ field: 'dueAt', order: 'ASC' }} perPage={25} disableSyncWithLocation>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1 }}>
            <Typography variant="h6" component="h2" id={`my-tasks-${id}`}>
              {translate(title)}
            </Typography>
            <SectionCount tone={tone} />
          </Stack>
          <FollowUpTable showCase showReturnee empty={empty} />
        </ListBase>
      </CardContent>
    </Card>
  );
};

// My scheduled follow-ups in sections that never overlap: overdue, the rest of today, later this week, later on.
export const MyTasks = () => {
  const translate = useTranslate();
  const [now, refreshNow] = useNow(60_000);
  const sections = useMemo(() => myTasksSections(myTasksRanges(now)), [now]);
  return (
    <Box sx={{ mt: 2 }} data-testid="my-tasks">
      <Title title="app.my_tasks.title" />
      <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between', mb: 2 }}>
        <Typography variant="h5" component="h1">
          {translate('app.my_tasks.title')}
        </Typography>
        <Button startIcon={<RefreshIcon />} onClick={refreshNow}>
          {translate('ra.action.refresh')}
        </Button>
      </Stack>
      <Stack spacing={2}>
        {sections.map((section) => (
          <Section key={section.id} {...section} />
        ))}
      </Stack>
    </Box>
  );
};
