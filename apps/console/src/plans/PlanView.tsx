import AddIcon from '@mui/icons-material/Add';
import DeleteIcon from '@mui/icons-material/DeleteOutlined';
import EditIcon from '@mui/icons-material/EditOutlined';
import { Alert, Box, Button, Chip, IconButton, Link as MuiLink, Paper, Stack, Typography, type ChipProps } from '@mui/material';
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useGetList, useGetManyAggregate, useLocaleState, useTranslate } from 'react-admin';
import { formatMoney } from '../assistance/money';
import { formatDateTime, formatDay } from '../shared/dates';
import { ActionDialog, GoalDialog, RemoveDialog } from './PlanGoalDialogs';
import { goalsByDimension, type ActionStatus, type Dimension, type GoalStatus, type Plan, type PlanAction, type PlanGoal, type PlanStatus } from './planModel';

const PLAN_COLOR: Record<PlanStatus, ChipProps['color']> = {
  draft: 'default',
  submitted: 'info',
  approved: 'success',
  returned: 'warning',
  under_review: 'primary',
  completed: 'success',
  closed: 'default',
};
const GOAL_COLOR: Record<GoalStatus, ChipProps['color']> = { not_started: 'default', in_progress: 'primary', achieved: 'success', dropped: 'default' };
const ACTION_COLOR: Record<ActionStatus, ChipProps['color']> = { pending: 'default', in_progress: 'primary', done: 'success', cancelled: 'default' };

export const PlanStatusChip = ({ status }: { status: PlanStatus }) => {
  const translate = useTranslate();
  return (
    <Chip
      size="small"
      color={PLAN_COLOR[status] ?? 'default'}
      variant={status === 'approved' || status === 'under_review' ? 'filled' : 'outlined'}
      label={translate(`app.plans.statuses.${status}`, { _: status })}
      data-testid="plan-status"
      data-status={status}
    />
  );
};

// Where an action's linked record is shown: its own page (a follow-up or an assistance item is listed on the returnee's
// tab).
const refPath = (plan: Plan, a: PlanAction): string | null => {
  if (!a.refId) return null;
  if (a.kind === 'case') return `/cases/${a.refId}/show`;
  if (a.kind === 'referral') return `/referrals/${a.refId}/show`;
  if (a.kind === 'follow_up') return `/returnees/${plan.returneeId}/show/follow-ups`;
  if (a.kind === 'assistance') return `/returnees/${plan.returneeId}/show/assistance`;
  return null;
};

type Linked = {
  code?: string;
  title?: string;
  organizationName?: string | null;
  caseCode?: string | null;
  kind?: string;
  dueAt?: string;
  status?: string;
  type?: string;
  amountMinor?: number;
  currency?: string;
};
const RESOURCE: Partial<Record<PlanAction['kind'], string>> = { case: 'cases', referral: 'referrals', follow_up: 'follow-ups', assistance: 'assistance' };
const STATUS_ENUM: Partial<Record<PlanAction['kind'], string>> = {
  case: 'case_status',
  referral: 'referral_status',
  follow_up: 'follow_up_status',
  assistance: 'assistance_status',
};

// The linked record's label and status in the UI language, read through react-admin (one batched call per resource
// for all the rows); the API's refLabel stands in while it loads or when the record is out of sight.
const useLinkedRecord = (a: PlanAction): { label: string; status: string | null } | null => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const resource = RESOURCE[a.kind];
  const { data } = useGetManyAggregate<Linked & { id: string }>(resource ?? 'cases', { ids: a.refId ? [a.refId] : [] }, { enabled: !!resource && !!a.refId });
  const r = data?.[0];
  if (!resource || !r) return null;
  const status = r.status ? translate(`enums.${STATUS_ENUM[a.kind]}.${r.status}`, { _: r.status }) : null;
  if (a.kind === 'case') return { label: [r.code, r.title].filter(Boolean).join(' · '), status };
  if (a.kind === 'referral') return { label: [r.organizationName, r.caseCode].filter(Boolean).join(' · '), status };
  if (a.kind === 'assistance') {
    const type = r.type ? translate(`enums.assistance_type.${r.type}`, { _: r.type }) : null;
    const amount = r.amountMinor !== undefined && r.currency ? formatMoney(r.amountMinor, r.currency, locale) : null;
    return { label: [type, amount].filter(Boolean).join(' · '), status };
  }
  return {
    label: [r.kind && translate(`enums.follow_up_kind.${r.kind}`, { _: r.kind }), r.dueAt && formatDateTime(r.dueAt, locale), r.caseCode]
      .filter(Boolean)
      .join(' · '),
    status,
  };
};

// The API's refLabel ("CODE · case_type", "Organisation · YYYY-MM-DD", "follow_up_kind · YYYY-MM-DD", "assistance_type ·
// 15000.00 KGS") with its enum, date and money in the UI language, while the record itself loads (or when it is out of sight).
const apiLabel = (a: PlanAction, translate: (k: string, o?: Record<string, unknown>) => string, locale: string): string | null => {
  const m = a.refLabel ? /^(.*) · (.*)$/.exec(a.refLabel) : null;
  if (!m) return a.refLabel ?? null;
  const [, head, tail] = m;
  const day = (v: string) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? formatDay(v, locale) : v);
  if (a.kind === 'case') return `${head} · ${translate(`enums.case_type.${tail}`, { _: tail })}`;
  if (a.kind === 'referral') return `${head} · ${day(tail)}`;
  if (a.kind === 'follow_up') return `${translate(`enums.follow_up_kind.${head}`, { _: head })} · ${day(tail)}`;
  if (a.kind === 'assistance') {
    const money = /^(\d+)\.(\d{2}) ([A-Z]{3})$/.exec(tail);
    const amount = money ? formatMoney(Number(money[1]) * 100 + Number(money[2]), money[3], locale) : tail;
    return `${translate(`enums.assistance_type.${head}`, { _: head })} · ${amount}`;
  }
  return a.refLabel ?? null;
};

const Meta = ({ children }: { children: ReactNode }) => (
  <Typography variant="body2" color="text.secondary" component="span">
    {children}
  </Typography>
);

type Editing = { goal: number; action: number | null; remove?: boolean } | { goal: number | null; remove?: false; edit: true } | null;

const ActionRow = ({
  plan,
  action,
  editable,
  onEdit,
  onRemove,
}: {
  plan: Plan;
  action: PlanAction;
  editable: boolean;
  onEdit: () => void;
  onRemove: () => void;
}) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const path = refPath(plan, action);
  const linked = useLinkedRecord(action);
  const label = linked?.label ?? apiLabel(action, translate, locale) ?? (action.kind === 'task' ? action.text : null) ?? translate('app.not_set');
  return (
    <Stack
      direction={{ xs: 'column', sm: 'row' }}
      spacing={{ xs: 0.5, sm: 1.5 }}
      sx={{ py: 1, alignItems: { sm: 'center' }, borderTop: 1, borderColor: 'divider' }}
      data-testid="plan-action"
      data-kind={action.kind}
      data-ref-id={action.refId ?? ''}
    >
      <Chip size="small" variant="outlined" label={translate(`app.plans.action_kinds.${action.kind}`, { _: action.kind })} sx={{ alignSelf: 'flex-start' }} />
      <Box sx={{ flex: 1, minWidth: 0, overflowWrap: 'anywhere' }}>
        {path ? (
          <MuiLink component={Link} to={path} data-testid="plan-action-link">
            {label}
          </MuiLink>
        ) : (
          <Typography variant="body2">{label}</Typography>
        )}
        {action.kind !== 'task' && action.text && (
          <Typography variant="body2" color="text.secondary">
            {action.text}
          </Typography>
        )}
        {linked?.status && (
          <Typography variant="body2" color="text.secondary" data-testid="plan-action-ref-status">
            {translate('app.plans.ref_status')}: {linked.status}
          </Typography>
        )}
        <Box>
          {action.ownerName && <Meta>{`${translate('app.plans.owner')}: ${action.ownerName}`}</Meta>}
          {action.ownerName && action.dueAt && <Meta>{' · '}</Meta>}
          {action.dueAt && <Meta>{`${translate('app.plans.due')}: ${formatDay(action.dueAt, locale)}`}</Meta>}
        </Box>
      </Box>
      <Chip
        size="small"
        color={ACTION_COLOR[action.status] ?? 'default'}
        variant={action.status === 'done' ? 'filled' : 'outlined'}
        label={translate(`app.plans.action_statuses.${action.status}`, { _: action.status })}
        sx={{ alignSelf: 'flex-start' }}
        data-testid="plan-action-status"
        data-status={action.status}
      />
      {editable && (
        <Stack direction="row" sx={{ alignSelf: 'flex-start' }}>
          <IconButton size="small" aria-label={translate('app.plans.edit_action')} onClick={onEdit}>
            <EditIcon fontSize="small" />
          </IconButton>
          <IconButton size="small" aria-label={translate('app.plans.remove_action')} onClick={onRemove}>
            <DeleteIcon fontSize="small" />
          </IconButton>
        </Stack>
      )}
    </Stack>
  );
};

const GoalCard = ({
  plan,
  goal,
  index,
  editable,
  onEdit,
}: {
  plan: Plan;
  goal: PlanGoal;
  index: number;
  editable: boolean;
  onEdit: (e: Exclude<Editing, null>) => void;
}) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  return (
    <Paper variant="outlined" sx={{ p: 1.5 }} data-testid="plan-goal" data-goal-id={goal.id ?? ''} data-status={goal.status}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
        <Box sx={{ flex: 1, minWidth: 0 }}>
          <Typography variant="subtitle1" component="h4" sx={{ overflowWrap: 'anywhere' }} data-testid="plan-goal-text">
            {goal.text}
          </Typography>
          <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center', mt: 0.5 }}>
            <Chip
              size="small"
              color={GOAL_COLOR[goal.status] ?? 'default'}
              variant={goal.status === 'achieved' ? 'filled' : 'outlined'}
              label={translate(`app.plans.goal_statuses.${goal.status}`, { _: goal.status })}
              data-testid="plan-goal-status"
            />
            <Meta>{`${translate('app.plans.target_date')}: ${formatDay(goal.targetDate, locale)}`}</Meta>
          </Stack>
          {goal.status === 'dropped' && goal.droppedReason && (
            <Typography variant="body2" sx={{ mt: 0.5 }}>
              {translate('app.plans.dropped_reason')}: {goal.droppedReason}
            </Typography>
          )}
          {goal.lastProgress && (
            <Typography variant="body2" sx={{ mt: 0.5, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="plan-goal-progress">
              <strong>{translate('app.plans.last_progress')}:</strong> {goal.lastProgress}
            </Typography>
          )}
        </Box>
        {editable && (
          <Stack direction="row">
            <IconButton
              size="small"
              aria-label={translate('app.plans.edit_goal')}
              onClick={() => onEdit({ goal: index, edit: true })}
              data-testid="plan-goal-edit"
            >
              <EditIcon fontSize="small" />
            </IconButton>
            <IconButton size="small" aria-label={translate('app.plans.remove_goal')} onClick={() => onEdit({ goal: index, action: null, remove: true })}>
              <DeleteIcon fontSize="small" />
            </IconButton>
          </Stack>
        )}
      </Stack>
      <Box sx={{ mt: 1 }}>
        {goal.actions.length === 0 && (
          <Typography variant="body2" color="text.secondary" sx={{ py: 0.5 }}>
            {translate('app.plans.no_actions')}
          </Typography>
        )}
        {goal.actions.map((a, k) => (
          <ActionRow
            key={a.id ?? k}
            plan={plan}
            action={a}
            editable={editable}
            onEdit={() => onEdit({ goal: index, action: k })}
            onRemove={() => onEdit({ goal: index, action: k, remove: true })}
          />
        ))}
        {editable && goal.id !== undefined && (
          <Button size="small" startIcon={<AddIcon />} onClick={() => onEdit({ goal: index, action: null })} data-testid="plan-add-action" sx={{ mt: 0.5 }}>
            {translate('app.plans.add_action')}
          </Button>
        )}
      </Box>
    </Paper>
  );
};

// The plan version's header: status, version, who made and decided it, the signature, the supervisor's comment.
export const PlanHeader = ({ plan }: { plan: Plan }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const parts = [
    plan.createdByName && `${translate('app.plans.created_by')}: ${plan.createdByName}, ${formatDateTime(plan.createdAt, locale)}`,
    plan.submittedAt && `${translate('app.plans.submitted_at')}: ${formatDateTime(plan.submittedAt, locale)}`,
    plan.approvedAt && `${translate('app.plans.approved_by')}: ${plan.approvedByName ?? ''}, ${formatDateTime(plan.approvedAt, locale)}`,
    `${translate('app.plans.signed_at')}: ${plan.signedAt ? formatDay(plan.signedAt, locale) : translate('app.plans.not_signed')}`,
    plan.lastReviewedAt && `${translate('app.plans.last_reviewed')}: ${formatDateTime(plan.lastReviewedAt, locale)}`,
  ].filter(Boolean);
  return (
    <Box data-testid="plan-header" data-plan-id={plan.id} data-version={plan.version}>
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
        <Typography variant="h6" component="h3">
          {translate('app.plans.version_title', { version: plan.version })}
        </Typography>
        <PlanStatusChip status={plan.status} />
        {plan.inForce && <Chip size="small" variant="outlined" color="success" label={translate('app.plans.in_force')} data-testid="plan-in-force" />}
      </Stack>
      <Stack sx={{ mt: 0.5 }}>
        {parts.map((p) => (
          <Typography key={p as string} variant="body2" color="text.secondary">
            {p}
          </Typography>
        ))}
      </Stack>
      {plan.status === 'returned' && plan.returnedComment && (
        <Alert severity="warning" sx={{ mt: 1 }} data-testid="plan-returned-comment">
          <strong>{translate('app.plans.returned_comment')}:</strong> {plan.returnedComment}
        </Alert>
      )}
    </Box>
  );
};

type AssessmentRow = { id: string; takenAt: string; priorities?: Dimension[] };

// The priorities of the returnee's latest needs assessment (its lowest dimensions): where the plan's goals start.
const useAssessmentPriorities = (returneeId: string, enabled: boolean): { dimensions: Dimension[]; takenAt: string } | null => {
  const { data } = useGetList<AssessmentRow>(
    'assessments',
    { filter: { returneeId }, sort: { field: 'takenAt', order: 'DESC' }, pagination: { page: 1, perPage: 1 } },
    { enabled },
  );
  const latest = data?.[0];
  return latest ? { dimensions: latest.priorities ?? [], takenAt: latest.takenAt } : null;
};

const Priorities = ({ dimensions, takenAt }: { dimensions: Dimension[]; takenAt: string }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  return (
    <Alert severity="info" sx={{ mt: 2 }} data-testid="plan-priorities">
      {dimensions.length > 0
        ? translate('app.plans.priorities', {
            date: formatDateTime(takenAt, locale),
            dimensions: dimensions.map((d) => translate(`app.plans.dimensions.${d}`)).join(', '),
          })
        : translate('app.plans.no_priorities', { date: formatDateTime(takenAt, locale) })}
    </Alert>
  );
};

// Goals grouped by dimension with their actions; while the plan is a draft (or returned) they are added, changed and
// removed here, each change saved at once.
export const PlanGoals = ({ plan, editable }: { plan: Plan; editable: boolean }) => {
  const translate = useTranslate();
  const [editing, setEditing] = useState<Editing>(null);
  const groups = goalsByDimension(plan.goals);
  const close = () => setEditing(null);
  const priorities = useAssessmentPriorities(plan.returneeId, editable);
  // a new goal starts in the first priority of the assessment that has no goal yet
  const nextDimension = priorities?.dimensions.find((d) => !plan.goals.some((g) => g.dimension === d));
  return (
    <Box data-testid="plan-goals">
      {editable && priorities && <Priorities {...priorities} />}
      {groups.length === 0 && (
        <Typography color="text.secondary" sx={{ py: 2 }} data-testid="plan-no-goals">
          {translate(editable ? 'app.plans.no_goals_editable' : 'app.plans.no_goals')}
        </Typography>
      )}
      {groups.map(({ dimension, goals }) => (
        <Box key={dimension} component="section" sx={{ mt: 2 }} data-testid={`plan-dimension-${dimension}`}>
          <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600, mb: 1 }}>
            {translate(`app.plans.dimensions.${dimension}`)}
          </Typography>
          <Stack spacing={1.5}>
            {goals.map(({ goal, index }) => (
              <GoalCard key={goal.id ?? index} plan={plan} goal={goal} index={index} editable={editable} onEdit={setEditing} />
            ))}
          </Stack>
        </Box>
      ))}
      {editable && (
        <Button
          variant="outlined"
          size="small"
          startIcon={<AddIcon />}
          sx={{ mt: 2 }}
          onClick={() => setEditing({ goal: null, edit: true })}
          data-testid="plan-add-goal"
        >
          {translate('app.plans.add_goal')}
        </Button>
      )}
      {editing && 'edit' in editing && <GoalDialog plan={plan} index={editing.goal} defaultDimension={nextDimension} onClose={close} />}
      {editing && !('edit' in editing) && editing.remove && (
        <RemoveDialog plan={plan} goalIndex={editing.goal} actionIndex={editing.action ?? undefined} onClose={close} />
      )}
      {editing && !('edit' in editing) && !editing.remove && <ActionDialog plan={plan} goalIndex={editing.goal} actionIndex={editing.action} onClose={close} />}
    </Box>
  );
};
