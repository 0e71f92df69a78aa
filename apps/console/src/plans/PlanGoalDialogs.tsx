import { Alert, FormControlLabel, MenuItem, Radio, RadioGroup, Stack } from '@mui/material';
import { useGetList, useLocaleState, useTranslate } from 'react-admin';
import { useController, useForm, useWatch } from 'react-hook-form';
import { formatMoney } from '../assistance/money';
import { formatDateTime, formatDay } from '../shared/dates';
import { ConfirmDialog, FormDialog, FormTextField } from '../shared/FormDialog';
import {
  ACTION_STATUSES,
  actionProblems,
  bishkekToday,
  DIMENSIONS,
  fromAction,
  GOAL_STATUSES,
  goalProblems,
  LINKABLE_KINDS,
  toAction,
  type ActionValues,
  type Dimension,
  type GoalValues,
  type LinkableKind,
  type Plan,
  type PlanGoal,
} from './planModel';
import { actionServerFields, goalServerFields, usePlanSave } from './usePlanSave';

const dateInput = (testId: string, min?: string) => ({
  inputLabel: { shrink: true },
  htmlInput: { 'data-testid': testId, ...(min ? { min } : {}) },
});

// Add (index null) or edit one goal of a draft or returned plan.
export const GoalDialog = ({
  plan,
  index,
  defaultDimension,
  onClose,
}: {
  plan: Plan;
  index: number | null;
  defaultDimension?: Dimension;
  onClose: () => void;
}) => {
  const translate = useTranslate();
  const save = usePlanSave(plan);
  const original = index === null ? null : plan.goals[index];
  const today = bishkekToday();
  const form = useForm<GoalValues>({
    defaultValues: {
      dimension: original?.dimension ?? defaultDimension ?? '',
      text: original?.text ?? '',
      targetDate: original?.targetDate ?? '',
      status: original?.status ?? 'not_started',
      droppedReason: original?.droppedReason ?? '',
    },
  });
  const status = useWatch({ control: form.control, name: 'status' });
  const at = index ?? plan.goals.length;
  const submit = async (v: GoalValues) => {
    const goal: PlanGoal = {
      ...(original ?? { actions: [] }),
      dimension: v.dimension as Dimension,
      text: v.text,
      targetDate: v.targetDate,
      status: v.status,
      droppedReason: v.status === 'dropped' ? v.droppedReason : null,
    };
    const goals = index === null ? [...plan.goals, goal] : plan.goals.map((g, i) => (i === index ? goal : g));
    await save(goals, index === null ? 'app.plans.goal_added' : 'app.plans.saved');
    onClose();
  };
  return (
    <FormDialog<GoalValues>
      testId="plan-goal-dialog"
      title={translate(index === null ? 'app.plans.add_goal' : 'app.plans.edit_goal')}
      form={form}
      onClose={onClose}
      onSubmit={submit}
      validate={(v) => goalProblems(v, original, today)}
      serverFields={goalServerFields(at, ['dimension', 'text', 'targetDate', 'status', 'droppedReason'])}
      submitLabel="ra.action.save"
      submitTestId="plan-goal-save"
    >
      <Stack spacing={2} sx={{ pt: 1 }}>
        <FormTextField
          name="dimension"
          select
          required
          label={translate('app.plans.dimension')}
          slotProps={{ htmlInput: { 'data-testid': 'plan-goal-dimension' } }}
        >
          {DIMENSIONS.map((d) => (
            <MenuItem key={d} value={d}>
              {translate(`app.plans.dimensions.${d}`)}
            </MenuItem>
          ))}
        </FormTextField>
        <FormTextField
          name="text"
          required
          multiline
          minRows={2}
          label={translate('app.plans.goal_text')}
          slotProps={{ htmlInput: { 'data-testid': 'plan-goal-text', maxLength: 1000 } }}
        />
        <FormTextField
          name="targetDate"
          type="date"
          required
          label={translate('app.plans.target_date')}
          helperText={translate('app.plans.target_hint')}
          slotProps={dateInput('plan-goal-target', original?.targetDate && original.targetDate < today ? original.targetDate : today)}
        />
        <FormTextField name="status" select label={translate('app.plans.goal_status')} slotProps={{ htmlInput: { 'data-testid': 'plan-goal-status' } }}>
          {GOAL_STATUSES.map((s) => (
            <MenuItem key={s} value={s}>
              {translate(`app.plans.goal_statuses.${s}`)}
            </MenuItem>
          ))}
        </FormTextField>
        {status === 'dropped' && (
          <FormTextField
            name="droppedReason"
            required
            multiline
            label={translate('app.plans.dropped_reason')}
            slotProps={{ htmlInput: { 'data-testid': 'plan-goal-dropped-reason', maxLength: 1000 } }}
          />
        )}
      </Stack>
    </FormDialog>
  );
};

// Removing a goal (with its actions) or an action asks first: the plan is what the returnee signs.
export const RemoveDialog = ({ plan, goalIndex, actionIndex, onClose }: { plan: Plan; goalIndex: number; actionIndex?: number; onClose: () => void }) => {
  const translate = useTranslate();
  const save = usePlanSave(plan);
  const goal = plan.goals[goalIndex];
  const goals =
    actionIndex === undefined
      ? plan.goals.filter((_, i) => i !== goalIndex)
      : plan.goals.map((g, i) => (i === goalIndex ? { ...g, actions: g.actions.filter((_, k) => k !== actionIndex) } : g));
  return (
    <ConfirmDialog
      testId="plan-remove-dialog"
      title={translate(actionIndex === undefined ? 'app.plans.remove_goal_title' : 'app.plans.remove_action_title')}
      content={
        actionIndex === undefined ? translate('app.plans.remove_goal_content', { text: goal?.text ?? '' }) : translate('app.plans.remove_action_content')
      }
      onClose={onClose}
      onConfirm={async () => {
        await save(goals, 'app.plans.removed');
        onClose();
      }}
      confirmLabel="ra.action.delete"
      confirmColor="error"
      confirmTestId="plan-remove-confirm"
    />
  );
};

type CaseRow = { id: string; code: string; title: string; status: string };
type ReferralRow = { id: string; caseCode: string | null; organizationName: string | null; status: string; sentAt: string };
type FollowUpRow = { id: string; caseCode: string; kind: string; dueAt: string; status: string };
type AssistanceRow = { id: string; type: string; amountMinor: number; currency: string; status: string };
type Named = { id: string; fullName?: string; name?: string };

// This returnee's cases, referrals, follow-ups and assistance items, as the choices an action links to.
const useLinkChoices = (returneeId: string, kind: LinkableKind) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const page = { page: 1, perPage: 100 };
  const cases = useGetList<CaseRow>(
    'cases',
    { filter: { returneeId }, sort: { field: 'openedAt', order: 'DESC' }, pagination: page },
    { enabled: kind === 'case' },
  );
  const referrals = useGetList<ReferralRow>(
    'referrals',
    { filter: { returneeId }, sort: { field: 'sentAt', order: 'DESC' }, pagination: page },
    { enabled: kind === 'referral' },
  );
  const followUps = useGetList<FollowUpRow>(
    'follow-ups',
    { filter: { returneeId }, sort: { field: 'dueAt', order: 'ASC' }, pagination: page },
    { enabled: kind === 'follow_up' },
  );
  const assistance = useGetList<AssistanceRow>(
    'assistance',
    { filter: { returneeId }, sort: { field: 'createdAt', order: 'DESC' }, pagination: page },
    { enabled: kind === 'assistance' },
  );
  if (kind === 'case') {
    return {
      loading: cases.isPending,
      choices: (cases.data ?? []).map((c) => ({ id: c.id, label: `${c.code} · ${c.title} (${translate(`enums.case_status.${c.status}`, { _: c.status })})` })),
    };
  }
  if (kind === 'referral') {
    return {
      loading: referrals.isPending,
      choices: (referrals.data ?? []).map((r) => ({
        id: r.id,
        label: `${r.organizationName ?? '—'} · ${r.caseCode ?? ''} (${translate(`enums.referral_status.${r.status}`, { _: r.status })})`,
      })),
    };
  }
  if (kind === 'follow_up') {
    return {
      loading: followUps.isPending,
      choices: (followUps.data ?? []).map((f) => ({
        id: f.id,
        label: `${translate(`enums.follow_up_kind.${f.kind}`, { _: f.kind })} · ${formatDateTime(f.dueAt, locale)} · ${f.caseCode}`,
      })),
    };
  }
  if (kind === 'assistance') {
    return {
      loading: assistance.isPending,
      choices: (assistance.data ?? []).map((i) => ({
        id: i.id,
        label: `${translate(`enums.assistance_type.${i.type}`, { _: i.type })} · ${formatMoney(i.amountMinor, i.currency, locale)} (${translate(`enums.assistance_status.${i.status}`, { _: i.status })})`,
      })),
    };
  }
  return { loading: false, choices: [] };
};

const OwnerKindField = () => {
  const translate = useTranslate();
  const { field } = useController<ActionValues>({ name: 'ownerKind' });
  return (
    <RadioGroup row aria-label={translate('app.plans.owner')} value={field.value} onChange={(e) => field.onChange(e.target.value)}>
      <FormControlLabel value="user" control={<Radio size="small" />} label={translate('app.plans.owner_user')} />
      <FormControlLabel value="organization" control={<Radio size="small" />} label={translate('app.plans.owner_organization')} />
    </RadioGroup>
  );
};

const TaskFields = () => {
  const translate = useTranslate();
  const ownerKind = useWatch<ActionValues>({ name: 'ownerKind' });
  const page = { page: 1, perPage: 200 };
  const users = useGetList<Named>('users', { filter: { active: true }, sort: { field: 'fullName', order: 'ASC' }, pagination: page });
  const orgs = useGetList<Named>(
    'organizations',
    { filter: { active: true }, sort: { field: 'name', order: 'ASC' }, pagination: page },
    { enabled: ownerKind === 'organization' },
  );
  return (
    <>
      <OwnerKindField />
      {ownerKind === 'organization' ? (
        <FormTextField
          name="ownerOrganizationId"
          select
          required
          label={translate('app.plans.owner_organization')}
          slotProps={{ htmlInput: { 'data-testid': 'plan-action-owner-org' } }}
        >
          {(orgs.data ?? []).map((o) => (
            <MenuItem key={o.id} value={o.id}>
              {o.name}
            </MenuItem>
          ))}
        </FormTextField>
      ) : (
        <FormTextField
          name="ownerUserId"
          select
          required
          label={translate('app.plans.owner_user')}
          slotProps={{ htmlInput: { 'data-testid': 'plan-action-owner-user' } }}
        >
          {(users.data ?? []).map((u) => (
            <MenuItem key={u.id} value={u.id}>
              {u.fullName}
            </MenuItem>
          ))}
        </FormTextField>
      )}
      <FormTextField name="dueAt" type="date" required label={translate('app.plans.due')} slotProps={dateInput('plan-action-due', bishkekToday())} />
      <FormTextField name="status" select label={translate('app.plans.action_status')} slotProps={{ htmlInput: { 'data-testid': 'plan-action-status' } }}>
        {ACTION_STATUSES.map((s) => (
          <MenuItem key={s} value={s}>
            {translate(`app.plans.action_statuses.${s}`)}
          </MenuItem>
        ))}
      </FormTextField>
    </>
  );
};

const LinkField = ({ returneeId, kind }: { returneeId: string; kind: LinkableKind }) => {
  const translate = useTranslate();
  const { loading, choices } = useLinkChoices(returneeId, kind);
  if (!loading && choices.length === 0) {
    return (
      <Alert severity="info" data-testid="plan-action-no-records">
        {translate(`app.plans.no_records.${kind}`)}
      </Alert>
    );
  }
  return (
    <FormTextField name="refId" select required label={translate(`app.plans.link.${kind}`)} slotProps={{ htmlInput: { 'data-testid': 'plan-action-ref' } }}>
      {choices.map((c) => (
        <MenuItem key={c.id} value={c.id} data-testid="plan-action-ref-option">
          {c.label}
        </MenuItem>
      ))}
    </FormTextField>
  );
};

// Add (actionIndex null) or edit an action serving a goal: a link to one of THIS returnee's cases, referrals,
// follow-ups or assistance items (the API refuses another's), or a free task with an owner and a due date.
export const ActionDialog = ({ plan, goalIndex, actionIndex, onClose }: { plan: Plan; goalIndex: number; actionIndex: number | null; onClose: () => void }) => {
  const translate = useTranslate();
  const save = usePlanSave(plan);
  const goal = plan.goals[goalIndex];
  const original = actionIndex === null ? null : (goal?.actions[actionIndex] ?? null);
  const form = useForm<ActionValues>({ defaultValues: fromAction(original) });
  const kind = useWatch({ control: form.control, name: 'kind' });
  if (!goal) return null;
  const at = actionIndex ?? goal.actions.length;
  const submit = async (v: ActionValues) => {
    const action = toAction(v, original ?? undefined);
    const actions = actionIndex === null ? [...goal.actions, action] : goal.actions.map((a, k) => (k === actionIndex ? action : a));
    await save(
      plan.goals.map((g, i) => (i === goalIndex ? { ...g, actions } : g)),
      actionIndex === null ? 'app.plans.action_added' : 'app.plans.saved',
    );
    onClose();
  };
  return (
    <FormDialog<ActionValues>
      testId="plan-action-dialog"
      title={translate(actionIndex === null ? 'app.plans.add_action' : 'app.plans.edit_action')}
      intro={goal.text}
      form={form}
      onClose={onClose}
      onSubmit={submit}
      validate={actionProblems}
      serverFields={actionServerFields(goalIndex, at, ['kind', 'refId', 'text', 'ownerUserId', 'ownerOrganizationId', 'dueAt', 'status'])}
      submitLabel="ra.action.save"
      submitTestId="plan-action-save"
    >
      <Stack spacing={2} sx={{ pt: 1 }}>
        <FormTextField name="kind" select label={translate('app.plans.action_kind')} slotProps={{ htmlInput: { 'data-testid': 'plan-action-kind' } }}>
          {LINKABLE_KINDS.map((k) => (
            <MenuItem key={k} value={k}>
              {translate(`app.plans.action_kinds.${k}`)}
            </MenuItem>
          ))}
        </FormTextField>
        {kind !== 'task' && <LinkField returneeId={plan.returneeId} kind={kind} />}
        <FormTextField
          name="text"
          multiline
          required={kind === 'task'}
          label={translate(kind === 'task' ? 'app.plans.task_text' : 'app.plans.action_note')}
          slotProps={{ htmlInput: { 'data-testid': 'plan-action-text', maxLength: 1000 } }}
        />
        {kind === 'task' && <TaskFields />}
      </Stack>
    </FormDialog>
  );
};

// "YYYY-MM-DD" in the UI's numeric date format
export const useDay = () => {
  const [locale] = useLocaleState();
  return (d: string | null | undefined) => formatDay(d, locale);
};
