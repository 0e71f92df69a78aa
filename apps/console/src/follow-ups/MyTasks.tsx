import RefreshIcon from '@mui/icons-material/Refresh';
import { Box, Button, Card, CardContent, Chip, Stack, Typography } from '@mui/material';
import { useEffect, useMemo, useState } from 'react';
import { ListBase, Title, useListContext, useTranslate } from 'react-admin';
import { CHANGED_EVENTS } from '../shared/usePolling';
import { myTasksRanges } from './followUpModel';
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

type SectionProps = { id: string; title: string; empty: string; tone: 'error' | 'primary' | 'default'; filter: Record<string, unknown> };

const Section = ({ id, title, empty, tone, filter }: SectionProps) => {
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

// My scheduled follow-ups in three sections that never overlap: overdue, the rest of today, later this week.
export const MyTasks = () => {
  const translate = useTranslate();
  const [now, refreshNow] = useNow(60_000);
  const ranges = useMemo(() => myTasksRanges(now), [now]);
  const base = { mine: true, status: 'scheduled' };
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
        <Section id="overdue" title="app.my_tasks.overdue" empty="app.my_tasks.empty_overdue" tone="error" filter={{ ...base, overdue: true }} />
        <Section
          id="today"
          title="app.my_tasks.today"
          empty="app.my_tasks.empty_today"
          tone="primary"
          filter={{ ...base, dueFrom: ranges.today.from, dueTo: ranges.today.to }}
        />
        {ranges.thisWeek && (
          <Section
            id="this-week"
            title="app.my_tasks.this_week"
            empty="app.my_tasks.empty_this_week"
            tone="default"
            filter={{ ...base, dueFrom: ranges.thisWeek.from, dueTo: ranges.thisWeek.to }}
          />
        )}
      </Stack>
    </Box>
  );
};
