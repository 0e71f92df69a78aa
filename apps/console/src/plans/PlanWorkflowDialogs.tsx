import { Alert, FormControlLabel, Radio, RadioGroup, Stack } from '@mui/material';
import { useState } from 'react';
import { useNotify, useRefresh, useTranslate } from 'react-admin';
import { useController } from 'react-hook-form';
import { ConfirmDialog, FormDialog, FormTextField } from '../shared/FormDialog';
import { approvePlan, closePlan, completePlan, downloadPlanPdf, recordSignature, returnPlan, revisePlan, submitPlan } from './planCalls';
import { bishkekToday, type Plan } from './planModel';

// The confirmations and small forms of the plan's workflow. Each calls the API, says what happened and refreshes
// the page; a refusal is notified by FormDialog (the server's own reason, e.g. "you cannot approve your own plan").

export type WorkflowStep = 'submit' | 'approve' | 'return' | 'revise' | 'signature' | 'print' | 'complete' | 'close';

type Props = { plan: Plan; onClose: () => void; onDone?: (step: WorkflowStep, result: unknown) => void };

const useRun = ({ plan, onClose, onDone }: Props) => {
  const notify = useNotify();
  const refresh = useRefresh();
  return async (step: WorkflowStep, call: () => Promise<unknown>, done: string) => {
    const result = await call();
    notify(done, { type: 'info', messageArgs: { version: plan.version, code: plan.returneeCode ?? '' } });
    onClose();
    onDone?.(step, result);
    refresh();
  };
};

// Approving can be refused (own plan, another office, already decided): the reason stays in the dialog as well.
const ApproveDialog = (props: Props) => {
  const translate = useTranslate();
  const run = useRun(props);
  const [refusal, setRefusal] = useState<string | null>(null);
  const { plan, onClose } = props;
  return (
    <FormDialog
      testId="plan-approve-dialog"
      title={translate('app.plans.approve_title', { version: plan.version, code: plan.returneeCode ?? '' })}
      intro={translate('app.plans.approve_content')}
      onClose={onClose}
      onSubmit={() => run('approve', () => approvePlan(plan.id), 'app.plans.approved')}
      onApiError={(info) => {
        setRefusal(info.message);
        return true;
      }}
      submitLabel="app.plans.approve"
      submitTestId="plan-approve-confirm"
      cancelAutoFocus
      compact
    >
      {refusal && (
        <Alert severity="error" role="alert" data-testid="plan-approve-error">
          {refusal}
        </Alert>
      )}
    </FormDialog>
  );
};

const ReturnDialog = (props: Props) => {
  const translate = useTranslate();
  const run = useRun(props);
  const { plan, onClose } = props;
  return (
    <FormDialog<{ comment: string }>
      testId="plan-return-dialog"
      title={translate('app.plans.return_title', { version: plan.version, code: plan.returneeCode ?? '' })}
      intro={translate('app.plans.return_content')}
      defaultValues={{ comment: '' }}
      validate={(v) => ({ comment: v.comment.trim() ? undefined : 'app.plans.validation.comment_required' })}
      onClose={onClose}
      onSubmit={(v) => run('return', () => returnPlan(plan.id, v.comment.trim()), 'app.plans.returned')}
      submitLabel="app.plans.return"
      submitTestId="plan-return-confirm"
    >
      <FormTextField
        name="comment"
        required
        multiline
        minRows={3}
        fullWidth
        autoFocus
        label={translate('app.plans.return_comment')}
        slotProps={{ htmlInput: { 'data-testid': 'plan-return-comment', maxLength: 2000 } }}
      />
    </FormDialog>
  );
};

const SignatureDialog = (props: Props) => {
  const translate = useTranslate();
  const run = useRun(props);
  const { plan, onClose } = props;
  const today = bishkekToday();
  return (
    <FormDialog<{ signedOn: string }>
      testId="plan-signature-dialog"
      title={translate('app.plans.signature_title')}
      intro={translate('app.plans.signature_content')}
      defaultValues={{ signedOn: plan.signedAt?.slice(0, 10) ?? today }}
      validate={(v) => ({
        signedOn: !v.signedOn ? 'app.plans.validation.signed_required' : v.signedOn > today ? 'app.validation.future_date' : undefined,
      })}
      onClose={onClose}
      onSubmit={(v) => run('signature', () => recordSignature(plan.id, v.signedOn), 'app.plans.signature_saved')}
      submitLabel="ra.action.save"
      submitTestId="plan-signature-save"
      compact
    >
      <FormTextField
        name="signedOn"
        type="date"
        required
        label={translate('app.plans.signed_on')}
        sx={{ mt: 1 }}
        slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'plan-signed-on', max: today } }}
      />
    </FormDialog>
  );
};

const LanguageField = () => {
  const translate = useTranslate();
  const { field } = useController<{ lang: 'ky' | 'ru' }>({ name: 'lang' });
  return (
    <RadioGroup aria-label={translate('app.plans.print_language')} value={field.value} onChange={(e) => field.onChange(e.target.value)}>
      {(['ky', 'ru'] as const).map((l) => (
        <FormControlLabel
          key={l}
          value={l}
          control={<Radio size="small" slotProps={{ input: { 'data-testid': `plan-print-${l}` } as Record<string, unknown> }} />}
          label={translate(`app.plans.print_languages.${l}`)}
        />
      ))}
    </RadioGroup>
  );
};

// The printable plan for the returnee to read and sign, in Kyrgyz or Russian (the returnee's own language first).
const PrintDialog = ({ plan, onClose, lang }: Props & { lang: 'ky' | 'ru' }) => {
  const translate = useTranslate();
  return (
    <FormDialog<{ lang: 'ky' | 'ru' }>
      testId="plan-print-dialog"
      title={translate('app.plans.print_title')}
      intro={translate('app.plans.print_content')}
      defaultValues={{ lang }}
      onClose={onClose}
      onSubmit={async (v) => {
        await downloadPlanPdf(plan, v.lang);
        onClose();
      }}
      submitLabel="app.plans.download"
      submitTestId="plan-print-download"
      compact
    >
      <Stack>
        <LanguageField />
      </Stack>
    </FormDialog>
  );
};

const CloseDialog = (props: Props) => {
  const translate = useTranslate();
  const run = useRun(props);
  const { plan, onClose } = props;
  return (
    <FormDialog<{ reason: string }>
      testId="plan-close-dialog"
      title={translate('app.plans.close_title')}
      intro={translate('app.plans.close_content')}
      defaultValues={{ reason: '' }}
      validate={(v) => ({ reason: v.reason.trim() ? undefined : 'app.plans.validation.reason_required' })}
      onClose={onClose}
      onSubmit={(v) => run('close', () => closePlan(plan.id, v.reason.trim()), 'app.plans.closed')}
      submitLabel="app.plans.close"
      submitColor="error"
      submitTestId="plan-close-confirm"
    >
      <FormTextField
        name="reason"
        required
        multiline
        minRows={2}
        fullWidth
        label={translate('app.plans.close_reason')}
        slotProps={{ htmlInput: { 'data-testid': 'plan-close-reason', maxLength: 2000 } }}
      />
    </FormDialog>
  );
};

export const WorkflowDialog = (props: Props & { step: WorkflowStep; lang: 'ky' | 'ru' }) => {
  const translate = useTranslate();
  const run = useRun(props);
  const { plan, onClose, step } = props;
  const args = { version: plan.version, code: plan.returneeCode ?? '' };
  switch (step) {
    case 'approve':
      return <ApproveDialog {...props} />;
    case 'return':
      return <ReturnDialog {...props} />;
    case 'signature':
      return <SignatureDialog {...props} />;
    case 'print':
      return <PrintDialog {...props} />;
    case 'close':
      return <CloseDialog {...props} />;
    case 'submit':
      return (
        <ConfirmDialog
          testId="plan-submit-dialog"
          title={translate('app.plans.submit_title', args)}
          content={translate('app.plans.submit_content')}
          onClose={onClose}
          onConfirm={() => run('submit', () => submitPlan(plan.id), 'app.plans.submitted')}
          confirmLabel="app.plans.submit"
          confirmTestId="plan-submit-confirm"
        />
      );
    case 'revise':
      return (
        <ConfirmDialog
          testId="plan-revise-dialog"
          title={translate('app.plans.revise_title', args)}
          content={translate('app.plans.revise_content')}
          onClose={onClose}
          onConfirm={() => run('revise', () => revisePlan(plan.id), 'app.plans.revised')}
          confirmLabel="app.plans.revise"
          confirmTestId="plan-revise-confirm"
        />
      );
    case 'complete':
      return (
        <ConfirmDialog
          testId="plan-complete-dialog"
          title={translate('app.plans.complete_title', args)}
          content={translate('app.plans.complete_content')}
          onClose={onClose}
          onConfirm={() => run('complete', () => completePlan(plan.id), 'app.plans.completed')}
          confirmLabel="app.plans.complete"
          confirmTestId="plan-complete-confirm"
        />
      );
  }
};
