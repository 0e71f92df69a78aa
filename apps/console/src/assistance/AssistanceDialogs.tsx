import AddIcon from '@mui/icons-material/Add';
import DeleteIcon from '@mui/icons-material/DeleteOutlined';
import {
  Alert,
  Button,
  FormControl,
  FormControlLabel,
  FormHelperText,
  FormLabel,
  IconButton,
  InputAdornment,
  MenuItem,
  Radio,
  RadioGroup,
  Stack,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { useCreate, useGetList, useGetOne, useLocaleState, useNotify, usePermissions, useGetIdentity, useRefresh, useTranslate } from 'react-admin';
import { useController, useFieldArray, useForm, useWatch } from 'react-hook-form';
import { ReasonDialog } from '../cases/ReasonDialog';
import { ConfirmDialog, FormDialog, FormTextField } from '../shared/FormDialog';
import { DocumentPickerField, PlanGoalField } from './AttachmentFields';
import { approveItem, cancelItem, disburseItem, rejectItem, verifyItem } from './assistanceCalls';
import {
  DISBURSEMENT_METHODS,
  emptyProposal,
  itemActions,
  proposeProblems,
  toProposal,
  USED_AS_INTENDED,
  type AssistanceItem,
  type DisbursementMethod,
  type Programme,
  type ProposeValues,
  type UsedAsIntended,
} from './assistanceModel';
import { paidTranches, trancheHold, type MatchingApplication, type TrancheHold } from './matchingModel';
import { formatMoney, moneyInputText, parseMoney } from './money';
import { ProgrammeSelectField, useActiveProgrammes } from './ProgrammeSelectField';

const f = (field: string) => `app.assistance.fields.${field}`;
const bishkekToday = (): string => new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Bishkek' });

// ── Propose ─────────────────────────────────────────────────────────────────────────────────────────────────────────

const InKindItems = () => {
  const translate = useTranslate();
  const { fields, append, remove } = useFieldArray<ProposeValues, 'details.items'>({ name: 'details.items' });
  return (
    <Stack spacing={1} component="fieldset" sx={{ border: 0, p: 0, m: 0 }} data-testid="assistance-items">
      <Typography component="legend" variant="subtitle2">
        {translate(f('items'))}
      </Typography>
      {fields.map((item, i) => (
        <Stack key={item.id} direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
          <FormTextField
            name={`details.items.${i}.name`}
            label={translate(f('item_name'))}
            required
            fullWidth
            slotProps={{ htmlInput: { maxLength: 200, 'data-testid': `assistance-item-name-${i}` } }}
          />
          <FormTextField
            name={`details.items.${i}.quantity`}
            label={translate(f('quantity'))}
            required
            sx={{ width: 120, flexShrink: 0 }}
            slotProps={{ htmlInput: { inputMode: 'numeric', 'data-testid': `assistance-item-quantity-${i}` } }}
          />
          <IconButton
            aria-label={translate('app.assistance.remove_item', { n: i + 1 })}
            onClick={() => remove(i)}
            disabled={fields.length === 1}
            sx={{ mt: 1 }}
          >
            <DeleteIcon />
          </IconButton>
        </Stack>
      ))}
      <Button
        size="small"
        startIcon={<AddIcon />}
        onClick={() => append({ name: '', quantity: '1' })}
        sx={{ alignSelf: 'flex-start' }}
        data-testid="assistance-add-item"
      >
        {translate('app.assistance.add_item')}
      </Button>
    </Stack>
  );
};

// Propose an item of assistance for the returnee: the programme, its type among the budget lines the programme funds
// (with what each line has left), the amount in the programme's currency, why, and the type's details.
export const ProposeDialog = ({ returneeId, onClose }: { returneeId: string; onClose: () => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [locale] = useLocaleState();
  const [create] = useCreate();
  const form = useForm<ProposeValues>({ defaultValues: emptyProposal() });
  const programmeId = useWatch({ control: form.control, name: 'programmeId' });
  const type = useWatch({ control: form.control, name: 'type' });
  const { data: programmes = [], isPending } = useActiveProgrammes();
  const { data: cases = [] } = useGetList('cases', {
    filter: { returneeId },
    pagination: { page: 1, perPage: 50 },
    sort: { field: 'openedAt', order: 'DESC' },
  });
  const programme = programmes.find((p) => p.id === programmeId);
  const line = programme?.lines.find((l) => l.assistanceType === type);
  const money = (n: number) => (programme ? formatMoney(n, programme.currency, locale) : '');
  const save = async (v: ProposeValues) => {
    await create('assistance', { data: toProposal(v, returneeId, programme as Programme) }, { returnPromise: true });
    notify('app.assistance.proposed', { type: 'info' });
    refresh();
    onClose();
  };
  return (
    <FormDialog<ProposeValues>
      testId="assistance-propose-dialog"
      title={translate('app.assistance.propose_title')}
      onClose={onClose}
      form={form}
      validate={(v) => proposeProblems(v, programme)}
      onSubmit={save}
      // the API names the amount in minor units, and the returnee for an eligibility rule the programme sets
      serverFields={{ amountMinor: 'amount', returneeId: 'programmeId', currency: 'amount' }}
      submitLabel="app.assistance.propose"
      submitTestId="assistance-propose-save"
      dividers
    >
      <Stack spacing={2} sx={{ pt: 1 }}>
        {!isPending && programmes.length === 0 && (
          <Typography color="text.secondary" data-testid="assistance-no-programmes">
            {translate('app.assistance.no_programmes')}
          </Typography>
        )}
        <ProgrammeSelectField programmes={programmes} label={f('programmeId')} testId="assistance-programme" autoFocus />
        <FormTextField
          name="type"
          select
          label={translate(f('type'))}
          required
          fullWidth
          // its options are the programme's budget lines
          disabled={!programme}
          slotProps={{ htmlInput: { 'data-testid': 'assistance-type' } }}
        >
          {(programme?.lines ?? []).map((l) => (
            <MenuItem key={l.id} value={l.assistanceType}>
              {`${translate(`enums.assistance_type.${l.assistanceType}`)} — ${translate('app.assistance.left_on_line', { amount: money(l.availableMinor) })}`}
            </MenuItem>
          ))}
        </FormTextField>
        <FormTextField
          name="amount"
          label={translate(f('amount'))}
          required
          fullWidth
          helperText={line ? translate('app.assistance.left_on_line', { amount: money(line.availableMinor) }) : translate('app.assistance.amount_hint')}
          slotProps={{
            htmlInput: { inputMode: 'decimal', 'data-testid': 'assistance-amount' },
            input: programme ? { endAdornment: <InputAdornment position="end">{programme.currency}</InputAdornment> } : undefined,
          }}
        />
        {type === 'in_kind' && (
          <>
            <InKindItems />
            <FormTextField
              name="details.supplier"
              label={translate(f('supplier'))}
              required
              fullWidth
              slotProps={{ htmlInput: { maxLength: 200, 'data-testid': 'assistance-supplier' } }}
            />
          </>
        )}
        {type === 'training_voucher' && (
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
            <FormTextField
              name="details.course"
              label={translate(f('course'))}
              required
              fullWidth
              slotProps={{ htmlInput: { maxLength: 200, 'data-testid': 'assistance-course' } }}
            />
            <FormTextField
              name="details.provider"
              label={translate(f('provider'))}
              required
              fullWidth
              slotProps={{ htmlInput: { maxLength: 200, 'data-testid': 'assistance-provider' } }}
            />
          </Stack>
        )}
        <FormTextField
          name="justification"
          label={translate(f('justification'))}
          required
          fullWidth
          multiline
          minRows={3}
          helperText={translate('app.approvals.ctrl_enter_hint')}
          slotProps={{ htmlInput: { maxLength: 4000, 'data-testid': 'assistance-justification' } }}
        />
        {cases.length > 0 && (
          <FormTextField name="caseId" select label={translate(f('caseId'))} fullWidth slotProps={{ htmlInput: { 'data-testid': 'assistance-case' } }}>
            <MenuItem value="">
              <em>{translate('app.not_set')}</em>
            </MenuItem>
            {cases.map((c) => (
              <MenuItem key={String(c.id)} value={String(c.id)}>
                {[c.code, c.title].filter(Boolean).join(' · ')}
              </MenuItem>
            ))}
          </FormTextField>
        )}
        <PlanGoalField name="planGoalId" returneeId={returneeId} testId="assistance-plan-goal" />
      </Stack>
    </FormDialog>
  );
};

// ── The steps ──────────────────────────────────────────────────────────────────────────────────────────────────────

type StepProps = { item: AssistanceItem; currency?: string; onClose: () => void; onDone: () => void };

const useMoney = () => {
  const [locale] = useLocaleState();
  return (item: Pick<AssistanceItem, 'currency'>, minor: number) => formatMoney(minor, item.currency, locale);
};

// Approving commits the amount on the budget line (or records the first of two approvals above the threshold).
const ApproveDialog = ({ item, onClose, onDone }: StepProps) => {
  const translate = useTranslate();
  const notify = useNotify();
  const money = useMoney();
  const second = !!item.firstApprovedBy;
  return (
    <ConfirmDialog
      testId="assistance-approve-dialog"
      title={translate(second ? 'app.assistance.second_approve_title' : 'app.assistance.approve_title')}
      content={translate(item.needsSecondApproval && !second ? 'app.assistance.approve_first_content' : 'app.assistance.approve_content', {
        amount: money(item, item.amountMinor),
        type: translate(`enums.assistance_type.${item.type}`),
      })}
      onConfirm={async () => {
        await approveItem(item);
        notify('app.assistance.approved', { type: 'info' });
        onDone();
      }}
      onClose={onClose}
      refreshOnConflict
      confirmLabel="app.assistance.approve"
      confirmTestId="assistance-approve-confirm"
    />
  );
};

type DisburseValues = { disbursedOn: string; method: DisbursementMethod | ''; reference: string; amount: string; documentId: string };

// Recorded once the money (or the goods) went out: the day, how, the transfer or delivery note number, and the amount
// when less than approved (the rest goes back to the budget line), and the receipt or delivery note picked from the
// returnee's documents or uploaded there and then. A 1+1 grant is paid in tranches: the amount starts
// at the application's next planned tranche and what is not paid stays committed for the next one.
const DisburseDialog = ({ item, onClose, onDone }: StepProps) => {
  const matching = item.matchingApplicationId ?? null;
  const { data: application, isPending } = useGetOne<MatchingApplication>('matching-applications', { id: matching ?? '' }, { enabled: !!matching });
  if (matching && isPending) return null;
  const remaining = item.committedMinor ?? item.amountMinor;
  const planned = application ? (application.plannedTranches[paidTranches(application)]?.amountMinor ?? remaining) : remaining;
  return (
    <DisburseForm
      item={item}
      onClose={onClose}
      onDone={onDone}
      remaining={remaining}
      start={Math.min(planned, remaining)}
      tranche={!!matching}
      hold={trancheHold(item, application)}
    />
  );
};

const DisburseForm = ({
  item,
  onClose,
  onDone,
  remaining,
  start,
  tranche,
  hold,
}: StepProps & { remaining: number; start: number; tranche: boolean; hold: TrancheHold | null }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const money = useMoney();
  const today = bishkekToday();
  return (
    <FormDialog<DisburseValues>
      testId="assistance-disburse-dialog"
      title={translate(tranche ? 'app.assistance.tranche_title' : 'app.assistance.disburse_title')}
      intro={translate(tranche ? 'app.assistance.tranche_content' : 'app.assistance.disburse_content', {
        amount: money(item, item.amountMinor),
        remaining: money(item, remaining),
      })}
      // the next tranche of a 1+1 grant waits for the business's 3-month check (the API refuses it too: its
      // THREE_MONTH_CHECK_REQUIRED or BUSINESS_CLOSED is notified and shown under the amount, like any refusal)
      submitDisabled={hold !== null}
      onClose={onClose}
      defaultValues={{
        disbursedOn: today,
        method: item.type === 'in_kind' ? 'in_kind_delivery' : '',
        reference: '',
        amount: moneyInputText(start, item.currency),
        documentId: '',
      }}
      validate={(v) => {
        const parsed = parseMoney(v.amount, item.currency);
        return {
          disbursedOn: !v.disbursedOn ? 'ra.validation.required' : v.disbursedOn > today ? 'app.validation.future_date' : undefined,
          method: v.method ? undefined : 'ra.validation.required',
          amount: !parsed ? 'ra.validation.required' : (parsed.problem ?? (parsed.minor > remaining ? 'app.assistance.validation.over_approved' : undefined)),
        };
      }}
      onSubmit={async (v) => {
        const minor = (parseMoney(v.amount, item.currency) as { minor: number }).minor;
        await disburseItem(item, {
          disbursedOn: v.disbursedOn,
          method: v.method as DisbursementMethod,
          ...(v.reference.trim() ? { reference: v.reference.trim() } : {}),
          ...(tranche || minor !== remaining ? { amountMinor: minor } : {}),
          ...(v.documentId ? { documentId: v.documentId } : {}),
        });
        notify('app.assistance.disbursed', { type: 'info' });
        onDone();
      }}
      serverFields={{ amountMinor: 'amount' }}
      refreshOnConflict
      submitLabel="app.assistance.disburse"
      submitTestId="assistance-disburse-save"
    >
      <Stack spacing={2} sx={{ pt: 1 }}>
        {hold && (
          <Alert severity="warning" data-testid="assistance-tranche-hold" data-hold={hold}>
            {translate(hold === 'closed' ? 'app.assistance.tranche_business_closed' : 'app.assistance.tranche_waits_3m')}
          </Alert>
        )}
        <FormTextField
          name="disbursedOn"
          type="date"
          label={translate(f('disbursedOn'))}
          required
          fullWidth
          autoFocus
          slotProps={{ inputLabel: { shrink: true }, htmlInput: { max: today, 'data-testid': 'assistance-disbursed-on' } }}
        />
        <FormTextField name="method" select label={translate(f('method'))} required fullWidth slotProps={{ htmlInput: { 'data-testid': 'assistance-method' } }}>
          {DISBURSEMENT_METHODS.map((m) => (
            <MenuItem key={m} value={m}>
              {translate(`enums.disbursement_method.${m}`)}
            </MenuItem>
          ))}
        </FormTextField>
        <FormTextField
          name="reference"
          label={translate(f('reference'))}
          fullWidth
          helperText={translate('app.assistance.reference_hint')}
          slotProps={{ htmlInput: { maxLength: 200, 'data-testid': 'assistance-reference' } }}
        />
        <FormTextField
          name="amount"
          label={translate(f('disbursed_amount'))}
          required
          fullWidth
          helperText={translate(tranche ? 'app.assistance.tranche_amount_hint' : 'app.assistance.disbursed_amount_hint')}
          slotProps={{
            htmlInput: { inputMode: 'decimal', 'data-testid': 'assistance-disbursed-amount' },
            input: { endAdornment: <InputAdornment position="end">{item.currency}</InputAdornment> },
          }}
        />
        <DocumentPickerField
          name="documentId"
          returneeId={item.returneeId}
          label={f('receipt')}
          hint="app.assistance.receipt_hint"
          testId="assistance-receipt"
        />
      </Stack>
    </FormDialog>
  );
};

type VerifyValues = { usedAsIntended: UsedAsIntended | ''; note: string };

const UsedAsIntendedField = () => {
  const translate = useTranslate();
  const { field, fieldState } = useController<VerifyValues, 'usedAsIntended'>({ name: 'usedAsIntended' });
  return (
    <FormControl error={!!fieldState.error} required>
      <FormLabel id="assistance-used-label">{translate(f('usedAsIntended'))}</FormLabel>
      <RadioGroup row aria-labelledby="assistance-used-label" value={field.value} onChange={(e) => field.onChange(e.target.value)} name={field.name}>
        {USED_AS_INTENDED.map((u, i) => (
          <FormControlLabel
            key={u}
            value={u}
            control={
              <Radio slotProps={{ input: { 'data-testid': `assistance-used-${u}`, ...(i === 0 ? { ref: field.ref } : {}) } as Record<string, unknown> }} />
            }
            label={translate(`enums.used_as_intended.${u}`)}
          />
        ))}
      </RadioGroup>
      {fieldState.error && <FormHelperText role="alert">{fieldState.error.message}</FormHelperText>}
    </FormControl>
  );
};

// At a monitoring visit: was it used as intended (yes, partly, no), and what was seen.
const VerifyDialog = ({ item, onClose, onDone }: StepProps) => {
  const translate = useTranslate();
  const notify = useNotify();
  return (
    <FormDialog<VerifyValues>
      testId="assistance-verify-dialog"
      title={translate('app.assistance.verify_title')}
      intro={translate('app.assistance.verify_content')}
      onClose={onClose}
      defaultValues={{ usedAsIntended: '', note: '' }}
      validate={(v) => ({ usedAsIntended: v.usedAsIntended ? undefined : 'ra.validation.required' })}
      onSubmit={async (v) => {
        await verifyItem(item, { usedAsIntended: v.usedAsIntended as UsedAsIntended, ...(v.note.trim() ? { note: v.note.trim() } : {}) });
        notify('app.assistance.verified', { type: 'info' });
        onDone();
      }}
      refreshOnConflict
      submitLabel="app.assistance.verify"
      submitTestId="assistance-verify-save"
    >
      <Stack spacing={2} sx={{ pt: 1 }}>
        <UsedAsIntendedField />
        <FormTextField
          name="note"
          label={translate(f('verificationNote'))}
          fullWidth
          multiline
          minRows={2}
          slotProps={{ htmlInput: { maxLength: 2000, 'data-testid': 'assistance-verify-note' } }}
        />
      </Stack>
    </FormDialog>
  );
};

type Step = 'approve' | 'reject' | 'disburse' | 'verify' | 'cancel';

// The buttons of what the signed-in user may do with an item now, each through its dialog; destructive steps
// (reject, cancel) ask for a reason first. `onDone` after a step (default: refresh the page's data).
export const ItemActions = ({ item, onDone }: { item: AssistanceItem; onDone?: () => void }) => {
  const translate = useTranslate();
  const refresh = useRefresh();
  const { permissions } = usePermissions();
  const { identity } = useGetIdentity();
  const [step, setStep] = useState<Step | null>(null);
  const can = itemActions(item, permissions, identity?.id ? String(identity.id) : undefined);
  const close = () => setStep(null);
  const done = () => {
    setStep(null);
    (onDone ?? refresh)();
  };
  const button = (s: Step, variant: 'contained' | 'outlined' | 'text', color: 'primary' | 'error' = 'primary') =>
    can[s] && (
      <Button size="small" variant={variant} color={color} onClick={() => setStep(s)} data-testid={`assistance-${s}-${item.id}`}>
        {translate(`app.assistance.${s}`)}
      </Button>
    );
  if (!Object.values(can).some(Boolean)) return null;
  return (
    <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }} onClick={(e) => e.stopPropagation()}>
      {button('approve', 'contained')}
      {button('reject', 'outlined', 'error')}
      {button('disburse', 'contained')}
      {button('verify', 'outlined')}
      {button('cancel', 'text', 'error')}
      {step === 'approve' && <ApproveDialog item={item} onClose={close} onDone={done} />}
      {step === 'disburse' && <DisburseDialog item={item} onClose={close} onDone={done} />}
      {step === 'verify' && <VerifyDialog item={item} onClose={close} onDone={done} />}
      {step === 'reject' && (
        <ReasonDialog
          kind="assistance_reject"
          titleArgs={{ type: translate(`enums.assistance_type.${item.type}`) }}
          onCancel={close}
          onConfirm={async (reason) => {
            await rejectItem(item, reason);
            done();
          }}
        />
      )}
      {step === 'cancel' && (
        <ReasonDialog
          kind="assistance_cancel"
          titleArgs={{ type: translate(`enums.assistance_type.${item.type}`) }}
          onCancel={close}
          onConfirm={async (reason) => {
            await cancelItem(item, reason);
            done();
          }}
        />
      )}
    </Stack>
  );
};
