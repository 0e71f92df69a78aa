import { Box, Button, Link as MuiLink, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import {
  DataTable,
  FunctionField,
  ListBase,
  Pagination,
  RecordContextProvider,
  useListContext,
  useLocaleState,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { formatDateTime } from '../shared/dates';
import { ResponsiveList } from '../shared/ResponsiveList';
import { ScrollX } from '../shared/ShowLayout';
import type { Plan } from './planModel';
import { WorkflowDialog } from './PlanWorkflowDialogs';

const planPath = (p: Plan) => `/returnees/${p.returneeId}/show/plan`;

// Approve or return with a comment, each through its dialog (the API refuses a supervisor's own plan: the dialog says so).
const Decide = () => {
  const plan = useRecordContext<Plan>();
  const translate = useTranslate();
  const [step, setStep] = useState<'approve' | 'return' | null>(null);
  if (!plan) return null;
  const code = plan.returneeCode ?? plan.id;
  return (
    <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }} onClick={(e) => e.stopPropagation()}>
      <Button size="small" variant="contained" onClick={() => setStep('approve')} data-testid={`approve-plan-${code}`}>
        {translate('app.plans.approve')}
      </Button>
      <Button size="small" variant="outlined" onClick={() => setStep('return')} data-testid={`return-plan-${code}`}>
        {translate('app.plans.return')}
      </Button>
      {step && <WorkflowDialog plan={{ ...plan, goals: plan.goals ?? [] }} step={step} lang="ru" onClose={() => setStep(null)} />}
    </Stack>
  );
};

const Person = ({ p }: { p: Plan }) => (
  <MuiLink component={Link} to={planPath(p)} onClick={(e) => e.stopPropagation()}>
    {[p.returneeCode, p.returneeName].filter(Boolean).join(' · ')}
  </MuiLink>
);

const PhoneCards = () => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { data } = useListContext<Plan>();
  return (
    <Stack divider={<Box sx={{ borderBottom: 1, borderColor: 'divider' }} />} sx={{ px: 2 }}>
      {(data ?? []).map((p) => (
        <RecordContextProvider key={p.id} value={p}>
          <Stack spacing={0.5} sx={{ py: 1.5 }} data-testid={`plan-approval-card-${p.returneeCode ?? p.id}`}>
            <Typography variant="subtitle1" component="h3">
              <Person p={p} />
            </Typography>
            <Typography variant="body2" color="text.secondary">
              {translate('app.plans.version_title', { version: p.version })} · {translate('app.plans.goals_count', { smart_count: (p.goals ?? []).length })}
            </Typography>
            <Typography variant="body2" color="text.secondary">
              {p.createdByName ?? ''}
              {p.submittedAt ? ` · ${formatDateTime(p.submittedAt, locale)}` : ''}
            </Typography>
            <Decide />
          </Stack>
        </RecordContextProvider>
      ))}
    </Stack>
  );
};

const Queue = () => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { total, isPending, error } = useListContext<Plan>();
  if (error) {
    return (
      <Typography color="text.secondary" sx={{ px: 2, py: 1 }}>
        {translate('app.plans.load_error')}
      </Typography>
    );
  }
  if (!isPending && total === 0) {
    return (
      <Typography color="text.secondary" sx={{ px: 2, py: 2 }} data-testid="plans-awaiting-empty">
        {translate('app.plans.awaiting_empty')}
      </Typography>
    );
  }
  return (
    <ResponsiveList phone={<PhoneCards />}>
      <ScrollX>
        <DataTable bulkActionButtons={false} resource="plans" rowClick={false}>
          <DataTable.Col source="returneeCode" label="app.plans.returnee" disableSort>
            <FunctionField<Plan> render={(p) => <Person p={p} />} />
          </DataTable.Col>
          <DataTable.Col source="version" label="app.plans.version" disableSort />
          <DataTable.Col source="goals" label="app.plans.goals" disableSort>
            <FunctionField<Plan> render={(p) => String((p.goals ?? []).length)} />
          </DataTable.Col>
          <DataTable.Col source="createdByName" label="app.plans.created_by" disableSort />
          <DataTable.Col source="submittedAt" label="app.plans.submitted_at" disableSort>
            <FunctionField<Plan> render={(p) => (p.submittedAt ? formatDateTime(p.submittedAt, locale) : '—')} />
          </DataTable.Col>
          <DataTable.Col label="app.approvals.decision" disableSort>
            <Decide />
          </DataTable.Col>
        </DataTable>
      </ScrollX>
      {(total ?? 0) > 25 && <Pagination rowsPerPageOptions={[25]} />}
    </ResponsiveList>
  );
};

// The supervisor's "plans awaiting approval": submitted plan versions of the office, oldest first.
export const PlansAwaitingApproval = () => {
  const translate = useTranslate();
  return (
    <Box component="section" sx={{ pt: 1, pb: 1, borderBottom: 1, borderColor: 'divider' }} data-testid="plans-awaiting">
      <Typography variant="h6" component="h2" sx={{ px: 2, pt: 1 }}>
        {translate('app.plans.awaiting_title')}
      </Typography>
      <Typography color="text.secondary" sx={{ px: 2, pb: 1 }}>
        {translate('app.plans.awaiting_hint')}
      </Typography>
      <ListBase
        resource="plans"
        filter={{ awaitingApproval: true }}
        sort={{ field: 'submittedAt', order: 'ASC' }}
        perPage={25}
        disableSyncWithLocation
        storeKey="plans-awaiting"
      >
        <Queue />
      </ListBase>
    </Box>
  );
};
