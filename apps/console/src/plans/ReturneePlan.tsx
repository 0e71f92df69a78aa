import AddTaskIcon from '@mui/icons-material/AddTask';
import PrintIcon from '@mui/icons-material/PrintOutlined';
import { Alert, Box, Button, Divider, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import { useCreate, useGetList, useGetOne, useLocaleState, useNotify, usePermissions, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import { formatDateTime, formatDay } from '../shared/dates';
import { EmptyState } from '../shared/EmptyState';
import { ConfirmDialog } from '../shared/FormDialog';
import { ScrollX } from '../shared/ShowLayout';
import { fetchReviews, fetchVersions } from './planCalls';
import { canReview, canRevise, ENDED, isEditable, pdfLanguage, SUBMITTABLE, type Plan, type PlanReview } from './planModel';
import { ReviewDialog } from './PlanReviewDialog';
import { PlanGoals, PlanHeader, PlanStatusChip } from './PlanView';
import { WorkflowDialog, type WorkflowStep } from './PlanWorkflowDialogs';

type Returnee = { id: string; code?: string; languages?: string[] | null };

const staffRole = (role: unknown) => role === 'supervisor' || role === 'caseworker';

// The workflow buttons the plan's status allows this user; each opens a dialog that asks first.
const PlanActions = ({ plan, onStep, onReview }: { plan: Plan; onStep: (s: WorkflowStep) => void; onReview: () => void }) => {
  const translate = useTranslate();
  const { permissions } = usePermissions();
  const staff = staffRole(permissions);
  const button = (step: WorkflowStep, label: string, variant: 'contained' | 'outlined' = 'outlined', color?: 'error') => (
    <Button key={step} size="small" variant={variant} color={color} onClick={() => onStep(step)} data-testid={`plan-${step}`}>
      {translate(label)}
    </Button>
  );
  const current = plan.current;
  return (
    <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', my: 1.5 }} data-testid="plan-actions">
      {staff && current && SUBMITTABLE.includes(plan.status) && button('submit', 'app.plans.submit', 'contained')}
      {permissions === 'supervisor' &&
        current &&
        plan.status === 'submitted' && [button('approve', 'app.plans.approve', 'contained'), button('return', 'app.plans.return')]}
      {staff && canReview(plan) && (
        <Button size="small" variant="contained" onClick={onReview} data-testid="plan-review">
          {translate('app.plans.review')}
        </Button>
      )}
      {staff && current && !ENDED.includes(plan.status) && button('signature', 'app.plans.record_signature')}
      <Button size="small" variant="outlined" startIcon={<PrintIcon />} onClick={() => onStep('print')} data-testid="plan-print">
        {translate('app.plans.print')}
      </Button>
      {staff && canRevise(plan) && button('revise', 'app.plans.revise')}
      {staff && canRevise(plan) && button('complete', 'app.plans.complete')}
      {staff && current && !ENDED.includes(plan.status) && button('close', 'app.plans.close', 'outlined', 'error')}
    </Stack>
  );
};

const Reviews = ({ plan }: { plan: Plan }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const [reviews, setReviews] = useState<PlanReview[]>([]);
  useEffect(() => {
    let live = true;
    fetchReviews(plan.id).then(
      (r) => live && setReviews(r),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [plan.id, plan.updatedAt, plan.lastReviewedAt]);
  if (reviews.length === 0) return null;
  const goalText = (id: string) => plan.goals.find((g) => g.id === id)?.text ?? '—';
  return (
    <Box component="section" sx={{ mt: 3 }} data-testid="plan-reviews">
      <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
        {translate('app.plans.reviews')}
      </Typography>
      {reviews.map((r) => (
        <Box key={r.id} sx={{ mt: 1 }} data-testid="plan-review-entry">
          <Typography variant="body2" color="text.secondary">
            {formatDay(r.reviewedOn, locale)}
            {r.reviewedByName ? ` · ${r.reviewedByName}` : ''}
          </Typography>
          {r.goals.map((g) => (
            <Typography key={g.goalId} variant="body2" sx={{ overflowWrap: 'anywhere' }}>
              {goalText(g.goalId)} — {translate(`app.plans.goal_statuses.${g.status}`, { _: g.status })}: {g.progress}
            </Typography>
          ))}
        </Box>
      ))}
    </Box>
  );
};

// Every version of the series, newest first; an older one opens read-only.
const Versions = ({ plan, shownId, onShow }: { plan: Plan; shownId: string; onShow: (id: string | null) => void }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const [versions, setVersions] = useState<Plan[]>([]);
  useEffect(() => {
    let live = true;
    fetchVersions(plan.id).then(
      (v) => live && setVersions(v),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [plan.id, plan.status]);
  if (versions.length < 2) return null;
  return (
    <Box component="section" sx={{ mt: 3 }} data-testid="plan-versions">
      <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
        {translate('app.plans.versions')}
      </Typography>
      <ScrollX>
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>{translate('app.plans.version')}</TableCell>
              <TableCell>{translate('app.plans.status')}</TableCell>
              <TableCell>{translate('app.plans.approved_at')}</TableCell>
              <TableCell>{translate('app.plans.created_at')}</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {versions.map((v) => (
              <TableRow key={v.id} selected={v.id === shownId} data-testid="plan-version-row" data-version={v.version}>
                <TableCell>{v.version}</TableCell>
                <TableCell>
                  <PlanStatusChip status={v.status} />
                </TableCell>
                <TableCell>{v.approvedAt ? formatDateTime(v.approvedAt, locale) : '—'}</TableCell>
                <TableCell>{formatDateTime(v.createdAt, locale)}</TableCell>
                <TableCell>
                  {v.id !== shownId && (
                    <Button size="small" onClick={() => onShow(v.current ? null : v.id)} data-testid={`plan-show-version-${v.version}`}>
                      {translate('app.plans.show_version', { version: v.version })}
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </ScrollX>
    </Box>
  );
};

type FollowUpRow = { id: string; kind: string; dueAt: string; status: string };

// A monitoring contact due within the week (or overdue): the time to review the plan with the returnee.
const MonitoringDue = ({ returneeId }: { returneeId: string }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { data } = useGetList<FollowUpRow>('follow-ups', {
    filter: { returneeId, status: 'scheduled' },
    sort: { field: 'dueAt', order: 'ASC' },
    pagination: { page: 1, perPage: 20 },
  });
  const soon = Date.now() + 7 * 86_400_000;
  const due = (data ?? []).find((f) => f.kind.startsWith('monitoring') && Date.parse(f.dueAt) <= soon);
  if (!due) return null;
  return (
    <Alert severity="info" sx={{ mt: 1 }} data-testid="plan-monitoring-due">
      {translate('app.plans.monitoring_due', {
        kind: translate(`enums.follow_up_kind.${due.kind}`, { _: due.kind }),
        date: formatDateTime(due.dueAt, locale),
      })}
    </Alert>
  );
};

const NewPlanButton = ({ returneeId, variant = 'contained' }: { returneeId: string; variant?: 'contained' | 'outlined' }) => {
  const translate = useTranslate();
  const [create, { isPending }] = useCreate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [asking, setAsking] = useState(false);
  return (
    <>
      <Button variant={variant} startIcon={<AddTaskIcon />} disabled={isPending} onClick={() => setAsking(true)} data-testid="plan-create">
        {translate('app.plans.create')}
      </Button>
      {asking && (
        <ConfirmDialog
          testId="plan-create-dialog"
          title={translate('app.plans.create_title')}
          content={translate('app.plans.create_content')}
          onClose={() => setAsking(false)}
          onConfirm={async () => {
            try {
              await create('plans', { data: { returneeId, goals: [] } }, { returnPromise: true });
            } catch (e) {
              // FormDialog notifies the refusal (e.g. an active plan exists); refresh to show it
              refresh();
              throw e;
            }
            notify('app.plans.created', { type: 'info' });
            setAsking(false);
            refresh();
          }}
          confirmLabel="app.plans.create"
          confirmTestId="plan-create-confirm"
        />
      )}
    </>
  );
};

const PlanBody = ({ plan, latest, returnee, onShow }: { plan: Plan; latest: Plan; returnee: Returnee; onShow: (id: string | null) => void }) => {
  const translate = useTranslate();
  const { permissions } = usePermissions();
  const [step, setStep] = useState<WorkflowStep | null>(null);
  const [reviewing, setReviewing] = useState(false);
  const older = plan.id !== latest.id;
  const editable = staffRole(permissions) && isEditable(plan);
  return (
    <Box>
      {older && (
        <Alert
          severity="info"
          sx={{ mb: 2 }}
          data-testid="plan-older-version"
          action={
            <Button color="inherit" size="small" onClick={() => onShow(null)} data-testid="plan-show-current">
              {translate('app.plans.show_current')}
            </Button>
          }
        >
          {translate('app.plans.older_version', { version: plan.version, current: latest.version })}
        </Alert>
      )}
      <PlanHeader plan={plan} />
      {!older && staffRole(permissions) && canReview(plan) && <MonitoringDue returneeId={plan.returneeId} />}
      <PlanActions plan={plan} onStep={setStep} onReview={() => setReviewing(true)} />
      <Divider />
      <PlanGoals plan={plan} editable={editable} />
      <Reviews plan={plan} />
      <Versions plan={latest} shownId={plan.id} onShow={onShow} />
      {ENDED.includes(latest.status) && staffRole(permissions) && !older && (
        <Box sx={{ mt: 3 }}>
          <NewPlanButton returneeId={returnee.id} variant="outlined" />
        </Box>
      )}
      {step && (
        <WorkflowDialog
          plan={plan}
          step={step}
          lang={pdfLanguage(returnee.languages)}
          onClose={() => setStep(null)}
          onDone={(s) => {
            if (s === 'revise') onShow(null);
          }}
        />
      )}
      {reviewing && <ReviewDialog plan={plan} onClose={() => setReviewing(false)} />}
    </Box>
  );
};

// The "plan" tab of a returnee: the newest version of their individual reintegration plan, its goals and actions,
// its workflow, reviews and older versions; a button to start one when there is none.
export const ReturneePlan = () => {
  const record = useRecordContext<Returnee>();
  const translate = useTranslate();
  const { permissions } = usePermissions();
  const [shownId, setShownId] = useState<string | null>(null);
  const { data, isPending, error } = useGetList<Plan>(
    'plans',
    { filter: { returneeId: record?.id, current: true }, sort: { field: 'createdAt', order: 'DESC' }, pagination: { page: 1, perPage: 1 } },
    { enabled: !!record },
  );
  const latestId = data?.[0]?.id;
  const one = useGetOne<Plan>('plans', { id: shownId ?? latestId ?? '' }, { enabled: !!(shownId ?? latestId) });
  if (!record) return null;
  if (isPending) {
    return (
      <Typography sx={{ py: 2 }} color="text.secondary">
        {translate('ra.page.loading')}
      </Typography>
    );
  }
  if (error) {
    return (
      <Alert severity="error" data-testid="plan-error">
        {translate('app.plans.load_error')}
      </Alert>
    );
  }
  const latest = data?.[0];
  if (!latest) {
    return (
      <Box data-testid="returnee-plan">
        <EmptyState
          title="app.plans.empty.title"
          hint="app.plans.empty.hint"
          testId="plan-empty"
          action={staffRole(permissions) ? <NewPlanButton returneeId={record.id} /> : undefined}
        />
      </Box>
    );
  }
  // the full version (goals with actions) once loaded; the list row meanwhile
  const plan = one.data && one.data.id === (shownId ?? latestId) ? one.data : shownId ? null : latest;
  return (
    <Box data-testid="returnee-plan">
      {plan ? (
        <PlanBody plan={{ ...plan, goals: plan.goals ?? [] }} latest={latest} returnee={record} onShow={setShownId} />
      ) : (
        <Typography sx={{ py: 2 }} color="text.secondary">
          {translate('ra.page.loading')}
        </Typography>
      )}
    </Box>
  );
};
