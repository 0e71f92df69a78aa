import { Alert, AlertTitle, Box, Button, Checkbox, FormControlLabel, FormGroup, Stack } from '@mui/material';
import { useCallback, useEffect, useState } from 'react';
import { useLocaleState, useNotify, usePermissions, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import { formatDateTime } from '../shared/dates';
import { useNotifyApiError } from '../shared/useNotifyApiError';
import { announce, CHANGED_EVENTS } from '../shared/usePolling';
import { planStep, toPlanApply, type FollowUpPlan } from './followUpPlanModel';
import { applyFollowUpPlan, fetchFollowUpPlan } from './followUpCalls';

type CaseLike = { id: string; type: string; status: string; version: number; details: Record<string, unknown> | null };

// Reads the plan the API offers for the case; again when the case changes (a new treatment stage) or follow-ups change
// anywhere in the console (plan follow-ups cancelled elsewhere).
function useFollowUpPlan(caseId: string | undefined, enabled: boolean, version: number | undefined) {
  const [plan, setPlan] = useState<FollowUpPlan | null>(null);
  const load = useCallback(() => {
    if (!caseId || !enabled) return;
    fetchFollowUpPlan(caseId).then(setPlan, () => setPlan(null));
  }, [caseId, enabled]);
  useEffect(() => {
    load();
    window.addEventListener(CHANGED_EVENTS.followUps, load);
    return () => window.removeEventListener(CHANGED_EVENTS.followUps, load);
  }, [load, version]);
  return { plan: enabled ? plan : null, reload: load };
}

// Offered on a TB case (right after it is opened, and as long as none of the plan's follow-ups exist): the plan's
// dates, all ticked; the user unticks what does not suit and schedules the rest in one go.
export const FollowUpPlanPrompt = () => {
  const record = useRecordContext<CaseLike>();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const notify = useNotify();
  const notifyApiError = useNotifyApiError();
  const refresh = useRefresh();
  const { permissions } = usePermissions();
  const staff = permissions === 'supervisor' || permissions === 'caseworker';
  const enabled = Boolean(record && staff && record.status !== 'closed' && record.type === 'health_referral' && record.details?.condition === 'tb');
  const { plan, reload } = useFollowUpPlan(record?.id, enabled, record?.version);
  const [unticked, setUnticked] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [hidden, setHidden] = useState(false);

  if (!record || !plan?.plan || plan.applied || hidden || plan.items.length === 0) return null;
  const chosen = plan.items.length - plan.items.filter((i) => unticked.has(i.dueAt)).length;

  const toggle = (dueAt: string) =>
    setUnticked((prev) => {
      const next = new Set(prev);
      if (!next.delete(dueAt)) next.add(dueAt);
      return next;
    });

  const apply = async () => {
    setBusy(true);
    try {
      const created = await applyFollowUpPlan(toPlanApply(record.id, plan, unticked));
      notify('app.follow_ups.plan.applied', { type: 'info', messageArgs: { smart_count: created.length } });
      announce(CHANGED_EVENTS.followUps);
      refresh();
    } catch (error) {
      // PLAN_ALREADY_APPLIED, DUE_IN_PAST…: read the plan again
      notifyApiError(error);
      reload();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box sx={{ px: 2, pt: 2 }}>
      <Alert severity="info" data-testid="follow-up-plan-prompt" aria-labelledby="follow-up-plan-title">
        <AlertTitle id="follow-up-plan-title">{translate('app.follow_ups.plan.title')}</AlertTitle>
        {translate(`app.follow_ups.plan.hint_${plan.plan}`)}
        <FormGroup sx={{ my: 1 }} aria-labelledby="follow-up-plan-title">
          {plan.items.map((item) => {
            const step = planStep(item.label);
            return (
              <FormControlLabel
                key={item.dueAt}
                control={<Checkbox size="small" checked={!unticked.has(item.dueAt)} onChange={() => toggle(item.dueAt)} />}
                label={`${translate(`app.follow_ups.plan.step_${step.unit}`, { n: step.n })} · ${translate(`enums.follow_up_kind.${item.kind}`, { _: item.kind })} · ${formatDateTime(item.dueAt, locale)}`}
                data-testid="follow-up-plan-item"
              />
            );
          })}
        </FormGroup>
        <Stack direction="row" spacing={1}>
          <Button variant="contained" size="small" disabled={busy || chosen === 0} onClick={() => void apply()} data-testid="follow-up-plan-apply">
            {translate('app.follow_ups.plan.apply', { smart_count: chosen })}
          </Button>
          <Button size="small" onClick={() => setHidden(true)}>
            {translate('app.follow_ups.plan.not_now')}
          </Button>
        </Stack>
      </Alert>
    </Box>
  );
};
