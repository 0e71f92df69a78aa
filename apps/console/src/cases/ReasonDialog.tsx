import type { ReactNode } from 'react';
import { useTranslate } from 'react-admin';
import { FormDialog, FormTextField, type FieldProblems } from '../shared/FormDialog';

// What each written reason is for: its texts, and the field the API names when it refuses the text.
const KINDS = {
  send_back: {
    testId: 'send-back-dialog',
    title: 'app.approvals.send_back_title',
    content: 'app.approvals.send_back_content',
    label: 'app.approvals.comment',
    required: 'app.approvals.comment_required',
    confirm: 'app.approvals.send_back',
    field: 'comment',
  },
  reopen: {
    testId: 'reopen-dialog',
    title: 'app.approvals.reopen_title',
    content: 'app.approvals.reopen_content',
    label: 'app.approvals.reopen_reason',
    required: 'app.approvals.reopen_reason_required',
    confirm: 'app.cases.transition.reopen',
    field: 'reason',
  },
  reassign: {
    testId: 'bulk-reassign-dialog',
    title: 'app.approvals.reassign_title',
    content: 'app.approvals.reassign_content',
    label: 'app.approvals.reassign_reason',
    required: 'app.approvals.reassign_reason_required',
    confirm: 'app.approvals.reassign_confirm',
    field: 'reassignReason',
  },
  // an assistance item refused (supervisor, admin) or withdrawn (office staff)
  assistance_reject: {
    testId: 'assistance-reject-dialog',
    title: 'app.assistance.reject_title',
    content: 'app.assistance.reject_content',
    label: 'app.assistance.reason',
    required: 'app.assistance.reason_required',
    confirm: 'app.assistance.reject',
    field: 'reason',
  },
  assistance_cancel: {
    testId: 'assistance-cancel-dialog',
    title: 'app.assistance.cancel_title',
    content: 'app.assistance.cancel_content',
    label: 'app.assistance.reason',
    required: 'app.assistance.reason_required',
    confirm: 'app.assistance.cancel',
    field: 'reason',
  },
  // money paid out taken back (supervisor, admin)
  assistance_reverse: {
    testId: 'assistance-reverse-dialog',
    title: 'app.assistance.reverse_title',
    content: 'app.assistance.reverse_content',
    label: 'app.assistance.reason',
    required: 'app.assistance.reason_required',
    confirm: 'app.assistance.reverse',
    field: 'reason',
  },
  // the unpaid rest of a partly paid grant released back to the budget line (supervisor, admin)
  assistance_release: {
    testId: 'assistance-release-dialog',
    title: 'app.assistance.release_title',
    content: 'app.assistance.release_content',
    label: 'app.assistance.reason',
    required: 'app.assistance.reason_required',
    confirm: 'app.assistance.release',
    field: 'reason',
  },
} as const;

type Props = {
  kind: keyof typeof KINDS;
  // the title's placeholders: the case code, or how many cases
  titleArgs: Record<string, unknown>;
  onCancel: () => void;
  // the call to make with the trimmed text (and the extra inputs' values); its failure is shown by the dialog (the text
  // field gets the API's field problem)
  onConfirm: (text: string, values: Values) => Promise<unknown>;
  // extra inputs above the text (the assignee picker of the bulk reassignment, the amount of a reversal); `ready` false
  // keeps submit disabled
  children?: ReactNode;
  ready?: boolean;
  // the extra inputs' starting values, their own checks (catalog keys by field) and API field → input name
  extraValues?: Record<string, unknown>;
  validate?: (values: Values) => FieldProblems;
  serverFields?: Record<string, string>;
};

type Values = { text: string } & Record<string, unknown>;

// A confirmation that needs a written reason or comment (send back, reopen, reassign, an assistance item rejected,
// cancelled or its payment reversed). Ctrl+Enter submits.
export const ReasonDialog = ({ kind, titleArgs, onCancel, onConfirm, children, ready = true, extraValues, validate, serverFields }: Props) => {
  const translate = useTranslate();
  const { testId, title, content, label, required, confirm, field } = KINDS[kind];
  return (
    <FormDialog<Values>
      testId={testId}
      title={translate(title, titleArgs)}
      intro={translate(content)}
      onClose={onCancel}
      defaultValues={{ ...extraValues, text: '' }}
      validate={(v) => ({ ...validate?.(v), text: v.text.trim() === '' ? required : undefined })}
      onSubmit={(v) => onConfirm(v.text.trim(), v)}
      serverFields={{ ...serverFields, [field]: 'text' }}
      fieldMessages={{ [field]: required }}
      submitLabel={confirm}
      submitDisabled={!ready}
      submitTestId={`${testId}-confirm`}
    >
      {children}
      <FormTextField
        name="text"
        label={translate(label)}
        required
        autoFocus={!children}
        fullWidth
        multiline
        minRows={3}
        helperText={translate('app.approvals.ctrl_enter_hint')}
        slotProps={{ htmlInput: { 'data-testid': `${testId}-text`, maxLength: 2000 } }}
      />
    </FormDialog>
  );
};
