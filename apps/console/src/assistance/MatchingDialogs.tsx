import { Alert, Box, Button, Card, CardContent, Chip, InputAdornment, MenuItem, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import { useCreate, useGetIdentity, useGetList, useLocaleState, useNotify, usePermissions, useRefresh, useTranslate } from 'react-admin';
import { useForm, useWatch } from 'react-hook-form';
import { ReasonDialog } from '../cases/ReasonDialog';
import { OBLASTS, SECTORS } from '../shared/choices';
import { formatDateTime, formatDay } from '../shared/dates';
import { ConfirmDialog, FormDialog, FormTextField } from '../shared/FormDialog';
import { API_URL, httpClient } from '../providers/httpClient';
import type { Programme } from './assistanceModel';
import { DocumentPickerField, PlanGoalField } from './AttachmentFields';
import {
  BUSINESS_STATUSES,
  canDecide,
  checksDue,
  computeMatch,
  emptyMatching,
  firstTranche,
  INCOME_BANDS,
  matchingProblems,
  toMatchingBody,
  applicationHold,
  type MatchingApplication,
  type MatchingValues,
} from './matchingModel';
import { formatMoney, parseMoney } from './money';
import { ProgrammeSelectField, useActiveProgrammes } from './ProgrammeSelectField';

const f = (field: string) => `app.matching.fields.${field}`;

// Programmes that run 1+1 matching: a match ratio and a business-grant budget line.
export const offersMatching = (p: Programme) => p.matchRatioPercent != null && p.lines.some((l) => l.assistanceType === 'business_grant');

const Select = ({ name, label, values, group, autoFocus }: { name: string; label: string; values: readonly string[]; group: string; autoFocus?: boolean }) => {
  const translate = useTranslate();
  return (
    <FormTextField
      name={name}
      select
      label={translate(label)}
      required
      fullWidth
      autoFocus={autoFocus}
      slotProps={{ htmlInput: { 'data-testid': `matching-${name}` } }}
    >
      {values.map((v) => (
        <MenuItem key={v} value={v}>
          {translate(`enums.${group}.${v}`)}
        </MenuItem>
      ))}
    </FormTextField>
  );
};

const MoneyField = ({ name, label, currency, helperText }: { name: string; label: string; currency?: string; helperText?: string }) => {
  const translate = useTranslate();
  return (
    <FormTextField
      name={name}
      label={translate(label)}
      required
      fullWidth
      helperText={helperText}
      slotProps={{
        htmlInput: { inputMode: 'decimal', 'data-testid': `matching-${name}` },
        input: currency ? { endAdornment: <InputAdornment position="end">{currency}</InputAdornment> } : undefined,
      }}
    />
  );
};

// The matched amount as the API will compute it, while the own contribution is typed: own × ratio, capped, within
// what the business-grant line has left; and the first tranche.
const LiveMatch = ({ form, programme }: { form: ReturnType<typeof useForm<MatchingValues>>; programme: Programme | undefined }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const own = useWatch({ control: form.control, name: 'ownContribution' });
  const percent = useWatch({ control: form.control, name: 'firstTranchePercent' });
  if (!programme || programme.matchRatioPercent == null) return null;
  const line = programme.lines.find((l) => l.assistanceType === 'business_grant');
  const parsed = parseMoney(own, programme.currency);
  const money = (n: number) => formatMoney(n, programme.currency, locale);
  const terms = translate('app.matching.terms', {
    ratio: `1 : ${(programme.matchRatioPercent / 100).toLocaleString(locale === 'en' ? 'en-GB' : 'ru-KG')}`,
    cap: programme.matchCapMinor != null ? money(programme.matchCapMinor) : translate('app.matching.no_cap'),
  });
  if (!parsed?.minor || !line) {
    return (
      <Alert severity="info" data-testid="matching-live">
        {terms}
      </Alert>
    );
  }
  const m = computeMatch(parsed.minor, programme.matchRatioPercent, programme.matchCapMinor ?? null, line.availableMinor);
  const pct = /^\d+$/.test(percent.trim()) ? Math.min(100, Math.max(1, Number(percent))) : 50;
  return (
    <Alert severity={m.limitedBy === 'budget' ? 'warning' : 'success'} data-testid="matching-live" data-matched-minor={m.matchedMinor}>
      <div>{terms}</div>
      <Typography variant="h6" component="p" data-testid="matching-matched">
        {translate('app.matching.matched', { amount: money(m.matchedMinor) })}
      </Typography>
      {m.limitedBy && <div>{translate(`app.matching.limited_by_${m.limitedBy}`, { raw: money(m.rawMinor) })}</div>}
      {m.matchedMinor > 0 && <div>{translate('app.matching.first_tranche', { amount: money(firstTranche(m.matchedMinor, pct)) })}</div>}
    </Alert>
  );
};

// A 1+1 application: the business plan, the returnee's own contribution and the match computed live from the
// programme's terms. The committee (supervisor and admin) decides on it afterwards.
export const MatchingDialog = ({ returneeId, onClose }: { returneeId: string; onClose: () => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [create] = useCreate();
  const form = useForm<MatchingValues>({ defaultValues: emptyMatching() });
  const programmeId = useWatch({ control: form.control, name: 'programmeId' });
  const { data: all = [] } = useActiveProgrammes();
  const programmes = all.filter(offersMatching);
  const { data: cases = [] } = useGetList('cases', {
    filter: { returneeId },
    pagination: { page: 1, perPage: 50 },
    sort: { field: 'openedAt', order: 'DESC' },
  });
  const programme = programmes.find((p) => p.id === programmeId);
  const save = async (v: MatchingValues) => {
    await create('matching-applications', { data: toMatchingBody(v, returneeId, (programme as Programme).currency) }, { returnPromise: true });
    notify('app.matching.created', { type: 'info' });
    refresh();
    onClose();
  };
  const bp = (k: string) => `businessPlan.${k}`;
  return (
    <FormDialog<MatchingValues>
      testId="matching-dialog"
      title={translate('app.matching.create_title')}
      intro={translate('app.matching.create_intro')}
      onClose={onClose}
      form={form}
      validate={(v) => matchingProblems(v, programme?.currency)}
      onSubmit={save}
      serverFields={{
        ownContributionMinor: 'ownContribution',
        returneeId: 'programmeId',
        currency: 'programmeId',
        [bp('sector')]: 'sector',
        [bp('oblast')]: 'oblast',
        [bp('district')]: 'district',
        [bp('description')]: 'description',
        [bp('totalCostMinor')]: 'totalCost',
        [bp('expectedMonthlyIncomeMinor')]: 'expectedMonthlyIncome',
        [bp('jobsForOthers')]: 'jobsForOthers',
      }}
      submitLabel="app.matching.create"
      submitTestId="matching-save"
      maxWidth="md"
      dividers
    >
      <Stack spacing={2} sx={{ pt: 1 }}>
        {programmes.length === 0 && (
          <Typography color="text.secondary" data-testid="matching-no-programmes">
            {translate('app.matching.no_programmes')}
          </Typography>
        )}
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
          <ProgrammeSelectField programmes={programmes} label={f('programmeId')} testId="matching-programme" autoFocus />
          <FormTextField
            name="caseId"
            select
            label={translate(f('caseId'))}
            required
            fullWidth
            helperText={cases.length === 0 ? translate('app.matching.case_needed') : translate('app.matching.case_hint')}
            slotProps={{ htmlInput: { 'data-testid': 'matching-case' } }}
          >
            {cases.map((c) => (
              <MenuItem key={String(c.id)} value={String(c.id)}>
                {[c.code, c.title].filter(Boolean).join(' · ')}
              </MenuItem>
            ))}
          </FormTextField>
        </Stack>
        <Typography variant="subtitle1" component="h3">
          {translate('app.matching.business_plan')}
        </Typography>
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
          <Select name="sector" label={f('sector')} values={SECTORS} group="sector" />
          <Select name="oblast" label={f('oblast')} values={OBLASTS} group="oblast" />
          <FormTextField
            name="district"
            label={translate(f('district'))}
            required
            fullWidth
            slotProps={{ htmlInput: { maxLength: 100, 'data-testid': 'matching-district' } }}
          />
        </Stack>
        <FormTextField
          name="description"
          label={translate(f('description'))}
          required
          fullWidth
          multiline
          minRows={3}
          slotProps={{ htmlInput: { maxLength: 4000, 'data-testid': 'matching-description' } }}
        />
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
          <MoneyField name="totalCost" label={f('totalCost')} currency={programme?.currency} />
          <MoneyField name="expectedMonthlyIncome" label={f('expectedMonthlyIncome')} currency={programme?.currency} />
          <FormTextField
            name="jobsForOthers"
            label={translate(f('jobsForOthers'))}
            required
            fullWidth
            slotProps={{ htmlInput: { inputMode: 'numeric', 'data-testid': 'matching-jobsForOthers' } }}
          />
        </Stack>
        <Typography variant="subtitle1" component="h3">
          {translate('app.matching.own_and_match')}
        </Typography>
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
          <MoneyField name="ownContribution" label={f('ownContribution')} currency={programme?.currency} helperText={translate('app.matching.own_hint')} />
          <FormTextField
            name="firstTranchePercent"
            label={translate(f('firstTranchePercent'))}
            required
            fullWidth
            slotProps={{
              htmlInput: { inputMode: 'numeric', 'data-testid': 'matching-firstTranchePercent' },
              input: { endAdornment: <InputAdornment position="end">%</InputAdornment> },
            }}
          />
        </Stack>
        <DocumentPickerField
          name="ownEvidenceDocumentId"
          returneeId={returneeId}
          label="app.matching.fields.ownEvidence"
          hint="app.matching.own_evidence_hint"
          testId="matching-own-evidence"
        />
        <PlanGoalField name="planGoalId" returneeId={returneeId} testId="matching-plan-goal" />
        <LiveMatch form={form} programme={programme} />
      </Stack>
    </FormDialog>
  );
};

const post = async (a: MatchingApplication, step: string, body: Record<string, unknown> = {}) => {
  await httpClient(`${API_URL}/matching-applications/${a.id}/${step}`, { method: 'POST', body: JSON.stringify({ version: a.version, ...body }) });
};

// The committee's buttons: the supervisor's and the admin's approval (each once, not the proposer), or a rejection.
export const MatchingDecision = ({ a, onDone }: { a: MatchingApplication; onDone?: () => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [locale] = useLocaleState();
  const { permissions } = usePermissions();
  const { identity } = useGetIdentity();
  const [step, setStep] = useState<'approve' | 'reject' | null>(null);
  const can = canDecide(a, permissions, identity?.id ? String(identity.id) : undefined);
  const done = () => {
    setStep(null);
    (onDone ?? refresh)();
  };
  if (!can.approve && !can.reject) return null;
  return (
    <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
      {can.approve && (
        <Button size="small" variant="contained" onClick={() => setStep('approve')} data-testid={`matching-approve-${a.id}`}>
          {translate('app.matching.approve')}
        </Button>
      )}
      <Button size="small" variant="outlined" color="error" onClick={() => setStep('reject')} data-testid={`matching-reject-${a.id}`}>
        {translate('app.assistance.reject')}
      </Button>
      {step === 'approve' && (
        <ConfirmDialog
          testId="matching-approve-dialog"
          title={translate('app.matching.approve_title')}
          content={translate(a.supervisorApprovedBy || a.adminApprovedBy ? 'app.matching.approve_last' : 'app.matching.approve_first', {
            amount: formatMoney(a.matchedMinor, a.currency, locale),
          })}
          onConfirm={async () => {
            await post(a, 'approve');
            notify('app.assistance.approved', { type: 'info' });
            done();
          }}
          onClose={() => setStep(null)}
          refreshOnConflict
          confirmLabel="app.matching.approve"
          confirmTestId="matching-approve-confirm"
        />
      )}
      {step === 'reject' && (
        <ReasonDialog
          kind="assistance_reject"
          titleArgs={{ type: translate('app.matching.title') }}
          onCancel={() => setStep(null)}
          onConfirm={async (reason) => {
            await post(a, 'reject', { reason });
            done();
          }}
        />
      )}
    </Stack>
  );
};

type CheckValues = { checkedOn: string; businessStatus: string; monthlyIncomeBand: string; peopleEmployed: string; note: string };

// The business survival check at 6 or 12 months: is the business operating, its income band, the people it employs.
const SurvivalCheckDialog = ({ a, milestone, onClose, onDone }: { a: MatchingApplication; milestone: string; onClose: () => void; onDone: () => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const today = new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Bishkek' });
  return (
    <FormDialog<CheckValues>
      testId="survival-check-dialog"
      title={translate('app.matching.check_title', { milestone: translate(`enums.survival_milestone.${milestone}`) })}
      onClose={onClose}
      defaultValues={{ checkedOn: today, businessStatus: '', monthlyIncomeBand: '', peopleEmployed: '0', note: '' }}
      validate={(v) => ({
        checkedOn: !v.checkedOn ? 'ra.validation.required' : v.checkedOn > today ? 'app.validation.future_date' : undefined,
        businessStatus: v.businessStatus ? undefined : 'ra.validation.required',
        monthlyIncomeBand: v.monthlyIncomeBand ? undefined : 'ra.validation.required',
        peopleEmployed: /^\d+$/.test(v.peopleEmployed.trim()) && Number(v.peopleEmployed) <= 1000 ? undefined : 'app.matching.validation.jobs',
      })}
      onSubmit={async (v) => {
        await post(a, 'survival-checks', {
          milestone,
          checkedOn: v.checkedOn,
          businessStatus: v.businessStatus,
          monthlyIncomeBand: v.monthlyIncomeBand,
          peopleEmployed: Number(v.peopleEmployed),
          ...(v.note.trim() ? { note: v.note.trim() } : {}),
          version: undefined,
        });
        notify('app.matching.check_saved', { type: 'info' });
        onDone();
      }}
      submitLabel="ra.action.save"
      submitTestId="survival-check-save"
    >
      <Stack spacing={2} sx={{ pt: 1 }}>
        <FormTextField
          name="checkedOn"
          type="date"
          label={translate(f('checkedOn'))}
          required
          fullWidth
          autoFocus
          slotProps={{ inputLabel: { shrink: true }, htmlInput: { max: today, 'data-testid': 'survival-checkedOn' } }}
        />
        <Select name="businessStatus" label={f('businessStatus')} values={BUSINESS_STATUSES} group="business_status" />
        <Select name="monthlyIncomeBand" label={f('monthlyIncomeBand')} values={INCOME_BANDS} group="income_band" />
        <FormTextField
          name="peopleEmployed"
          label={translate(f('peopleEmployed'))}
          required
          fullWidth
          slotProps={{ htmlInput: { inputMode: 'numeric', 'data-testid': 'survival-peopleEmployed' } }}
        />
        <FormTextField
          name="note"
          label={translate('app.assistance.fields.verificationNote')}
          fullWidth
          multiline
          minRows={2}
          slotProps={{ htmlInput: { maxLength: 2000 } }}
        />
      </Stack>
    </FormDialog>
  );
};

// The checks due, for office staff: one button per milestone not yet recorded.
const SurvivalChecks = ({ a, onDone }: { a: MatchingApplication; onDone?: () => void }) => {
  const translate = useTranslate();
  const refresh = useRefresh();
  const [locale] = useLocaleState();
  const { permissions } = usePermissions();
  const [open, setOpen] = useState<string | null>(null);
  const staff = permissions === 'supervisor' || permissions === 'caseworker';
  const due = staff ? checksDue(a) : [];
  return (
    <>
      {(a.survivalChecks ?? []).map((c) => (
        <Typography key={c.id} variant="body2" data-testid="survival-check" data-milestone={c.milestone}>
          {translate(`enums.survival_milestone.${c.milestone}`)}: {translate(`enums.business_status.${c.businessStatus}`)} ·{' '}
          {translate(`enums.income_band.${c.monthlyIncomeBand}`)} · {translate('app.matching.people', { smart_count: c.peopleEmployed })} ·{' '}
          {formatDay(c.checkedOn, locale)}
        </Typography>
      ))}
      {due.length > 0 && (
        <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
          {due.map((m) => (
            <Button key={m} size="small" variant="outlined" onClick={() => setOpen(m)} data-testid={`survival-check-${m}-${a.id}`}>
              {translate('app.matching.record_check', { milestone: translate(`enums.survival_milestone.${m}`) })}
            </Button>
          ))}
        </Stack>
      )}
      {open && (
        <SurvivalCheckDialog
          a={a}
          milestone={open}
          onClose={() => setOpen(null)}
          onDone={() => {
            setOpen(null);
            (onDone ?? refresh)();
          }}
        />
      )}
    </>
  );
};

const STATUS_COLORS = { proposed: 'warning', approved: 'success', rejected: 'error' } as const;

// One application as a card: the business, own money and the match, the committee's decisions, tranches and the
// survival checks scheduled.
export const MatchingCard = ({ a, programme, onDone }: { a: MatchingApplication; programme?: Programme; onDone?: () => void }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const money = (n: number) => formatMoney(n, a.currency, locale);
  // a grant with a tranche paid and some of it still to pay: does the next tranche wait for the 3-month check?
  const hold = applicationHold(a);
  const decision = (who: 'supervisor' | 'admin', at: string | null) =>
    `${translate(`app.matching.${who}`)}: ${at ? `✓ ${formatDateTime(at, locale)}` : translate('app.matching.waiting')}`;
  return (
    <Card variant="outlined" data-testid="matching-application" data-id={a.id} data-status={a.status}>
      <CardContent>
        <Stack spacing={0.75}>
          <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
            <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 500 }}>
              {translate('app.matching.title')} · {translate(`enums.sector.${a.businessPlan.sector}`, { _: a.businessPlan.sector })}
            </Typography>
            <Chip
              size="small"
              color={STATUS_COLORS[a.status]}
              label={translate(`enums.matching_status.${a.status}`)}
              data-testid="matching-status"
              data-status={a.status}
            />
          </Stack>
          <Typography variant="body2" color="text.secondary">
            {[programme?.name, formatDateTime(a.createdAt, locale)].filter(Boolean).join(' · ')}
          </Typography>
          <Typography variant="body2" sx={{ overflowWrap: 'anywhere' }}>
            {a.businessPlan.description}
          </Typography>
          <Typography variant="body2">
            {translate('app.matching.summary', {
              own: money(a.ownContributionMinor),
              matched: money(a.matchedMinor),
              total: money(a.businessPlan.totalCostMinor),
            })}
          </Typography>
          <Box sx={{ typography: 'body2', color: 'text.secondary' }} data-testid="matching-committee">
            {decision('supervisor', a.supervisorApprovedAt)} · {decision('admin', a.adminApprovedAt)}
          </Box>
          {a.rejectionReason && (
            <Typography variant="body2">
              {translate('app.assistance.fields.rejectionReason')}: {a.rejectionReason}
            </Typography>
          )}
          {a.assistanceItemId && (
            <Typography variant="body2" data-testid="matching-disbursed">
              {translate('app.matching.disbursed', { amount: money(a.disbursedMinor), total: money(a.matchedMinor) })}
            </Typography>
          )}
          {(a.followUps?.m3 || a.followUps?.m6 || a.followUps?.m12) && (
            <Typography variant="body2" data-testid="matching-checks-scheduled" data-m3={a.followUps.m3 ? 'scheduled' : 'none'}>
              {translate(a.followUps.m3 ? 'app.matching.checks_scheduled_3m' : 'app.matching.checks_scheduled')}
            </Typography>
          )}
          {hold && (
            <Typography variant="body2" color="warning.main" data-testid="matching-tranche-hold" data-hold={hold}>
              {translate(hold === 'closed' ? 'app.matching.tranche_closed' : 'app.matching.tranche_waits')}
            </Typography>
          )}
          <SurvivalChecks a={a} onDone={onDone} />
          <MatchingDecision a={a} onDone={onDone} />
        </Stack>
      </CardContent>
    </Card>
  );
};
