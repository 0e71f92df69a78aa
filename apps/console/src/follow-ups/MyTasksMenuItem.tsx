import ChecklistIcon from '@mui/icons-material/Checklist';
import { Box, Chip } from '@mui/material';
import { visuallyHidden } from '@mui/utils';
import { Menu, useTranslate } from 'react-admin';
import { fetchFollowUpSummary } from './followUpCalls';
import { CountBadge } from '../shared/CountBadge';
import { CHANGED_EVENTS, usePolling } from '../shared/usePolling';

// "My tasks" with the counts from GET /api/follow-ups/summary: the icon's badge shows what is overdue (it stays
// visible when the sidebar is collapsed), the chips show overdue and today. Refreshed every minute, on focus
// and whenever a follow-up changes in this tab.
export const MyTasksMenuItem = () => {
  const translate = useTranslate();
  const { data } = usePolling(fetchFollowUpSummary, { intervalMs: 60_000, events: [CHANGED_EVENTS.followUps, CHANGED_EVENTS.notifications] });
  const overdue = data?.overdue ?? 0;
  const today = data?.today ?? 0;
  const label = data ? translate('app.my_tasks.badge_label', { overdue, today, thisWeek: data.thisWeek }) : translate('app.my_tasks.title');
  return (
    <Menu.Item
      to="/my-tasks"
      data-testid="menu-my-tasks"
      leftIcon={
        <CountBadge count={overdue} color="error" testId="my-tasks-badge">
          <ChecklistIcon />
        </CountBadge>
      }
      primaryText={
        <Box component="span" sx={{ display: 'inline-flex', flexWrap: 'wrap', alignItems: 'center', gap: 0.5 }} title={label}>
          {translate('app.my_tasks.title')}
          {overdue > 0 && <Chip size="small" color="error" label={overdue} data-testid="my-tasks-overdue-count" />}
          {today > 0 && <Chip size="small" color="primary" variant="outlined" label={today} data-testid="my-tasks-today-count" />}
          {/* what the numbers are, for screen readers: the name read out starts with what is seen */}
          {data && <Box component="span" sx={visuallyHidden}>{`: ${label}`}</Box>}
        </Box>
      }
    />
  );
};
