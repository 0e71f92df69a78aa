import ExpandLessIcon from '@mui/icons-material/ExpandLess';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import { Alert, Box, Button, Checkbox, Collapse, FormControlLabel, FormGroup, Stack, Typography } from '@mui/material';
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

// Offered on a TB case (right after it is opened, and as long as none of the plan's follow-ups exist): one line that
// schedules the plan's dates in one go, or opens them (all ticked) so the user unticks what does not suit first.
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
  // the dates are shown on demand
  const [open, setOpen] = useState(false);

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

  const applyButton = (
    <Button variant="contained" size="small" disabled={busy || chosen === 0} onClick={() => void apply()} data-testid="follow-up-plan-apply">
      {translate('app.follow_ups.plan.apply', { smart_count: chosen })}
    </Button>
  );

  // one line (title and buttons) until the user opens the dates: the case's tabs stay on the first screen
  return (
    <Box sx={{ px: 2, pt: 1 }}>
      <Alert
        severity="info"
        data-testid="follow-up-plan-prompt"
        aria-labelledby="follow-up-plan-title"
        sx={{ py: 0, '& .MuiAlert-message': { flex: 1, minWidth: 0 }, '& .MuiAlert-icon': { alignSelf: 'flex-start', pt: 1.25 } }}
      >
        <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap', py: 0.5 }}>
          <Typography id="follow-up-plan-title" variant="body2" sx={{ fontWeight: 500, flexGrow: 1 }}>
            {translate('app.follow_ups.plan.title')}
          </Typography>
          {!open && applyButton}
          <Button
            size="small"
            onClick={() => setOpen(!open)}
            aria-expanded={open}
            aria-controls="follow-up-plan-dates"
            endIcon={open ? <ExpandLessIcon /> : <ExpandMoreIcon />}
            data-testid="follow-up-plan-expand"
          >
            {translate('app.follow_ups.plan.choose_dates')}
          </Button>
          <Button size="small" onClick={() => setHidden(true)} data-testid="follow-up-plan-dismiss">
            {translate('app.follow_ups.plan.not_now')}
          </Button>
        </Stack>
        <Collapse in={open} unmountOnExit>
          <Box id="follow-up-plan-dates" sx={{ pb: 1 }}>
            <Typography variant="body2">{translate(`app.follow_ups.plan.hint_${plan.plan}`)}</Typography>
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
            {applyButton}
          </Box>
        </Collapse>
      </Alert>
    </Box>
  );
};
