import {
  Button,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  TextField,
  useMediaQuery,
  type DialogProps,
  type Theme,
  type TextFieldProps,
} from '@mui/material';
import type { FormEvent, KeyboardEvent, ReactNode } from 'react';
import { useTranslate } from 'react-admin';
import { FormProvider, get, useController, useForm, useFormState, type DefaultValues, type FieldValues, type Path, type UseFormReturn } from 'react-hook-form';
import type { ApiErrorInfo } from '../providers/apiError';
import { useNotifyApiError } from './useNotifyApiError';

// Field name → catalog key (or ready text) of what is wrong with it; empty or undefined entries are fine.
export type FieldProblems = Record<string, string | undefined>;

type Color = 'primary' | 'error' | 'warning';

export type FormDialogProps<V extends FieldValues> = {
  // data-testid of the dialog; its title is `${testId}-title` (the dialog's accessible name)
  testId: string;
  title: ReactNode;
  // the sentence above the fields
  intro?: ReactNode;
  onClose: () => void;
  // the call to make; a rejection is an API error: notified by its code, field texts under the inputs, focus on the first
  onSubmit: (values: V) => unknown;
  defaultValues?: DefaultValues<V>;
  // a form the caller made with useForm, when it reads the values as they change (what the submit would share…)
  form?: UseFormReturn<V>;
  // the client's own checks: any problem stops the submit and is shown the same way as the API's
  validate?: (values: V) => FieldProblems;
  // catalog key per field for generic API validation failures (see apiFieldErrors)
  fieldMessages?: Record<string, string>;
  // API field name → form field name, where they differ
  serverFields?: Record<string, string>;
  refreshOnConflict?: boolean;
  // after the notification; returning true means the dialog showed the error itself, so no field texts
  onApiError?: (info: ApiErrorInfo, error: unknown) => boolean | void;
  submitLabel: string;
  submitColor?: Color;
  submitTestId?: string;
  submitDisabled?: boolean;
  cancelLabel?: string;
  cancelTestId?: string;
  // confirmations of something hard to undo give the focus to "keep", so a stray Enter changes nothing
  cancelAutoFocus?: boolean;
  // a call the caller runs itself (not through onSubmit)
  busy?: boolean;
  open?: boolean;
  maxWidth?: DialogProps['maxWidth'];
  fullWidth?: boolean;
  // a yes/no question stays a small box on a phone (full width); a form there takes the whole screen
  compact?: boolean;
  dividers?: boolean;
  // replaces cancel/submit, e.g. a read-only step after saving
  actions?: ReactNode;
  children?: ReactNode;
};

// Enter adds a line in a multi-line text; Ctrl+Enter (⌘+Enter) sends the form, as in most mail clients.
const submitOnCtrlEnter = (e: KeyboardEvent<HTMLFormElement>) => {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    e.stopPropagation();
    e.currentTarget.requestSubmit();
  }
};

// Every dialog that asks something and sends it: a form inside the dialog (Enter in a one-line field and Ctrl+Enter
// anywhere submit; Escape, the backdrop and cancel close it unless a call is running), react-hook-form state, the
// submit disabled with a progress sign while the call runs, client and API field problems under the inputs with the
// focus on the first, and the API's message notified in the UI language (useNotifyApiError).
export function FormDialog<V extends FieldValues = FieldValues>(props: FormDialogProps<V>) {
  const { testId, title, intro, onClose, submitLabel, submitColor = 'primary', cancelLabel = 'ra.action.cancel', open = true, fullWidth = true } = props;
  const translate = useTranslate();
  const notifyApiError = useNotifyApiError();
  const own = useForm<V>({ defaultValues: props.defaultValues });
  const form = props.form ?? own;
  const { isSubmitting } = useFormState({ control: form.control });
  const busy = isSubmitting || !!props.busy;
  const phone = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));

  const show = (problems: [string, string][], type: 'validate' | 'server') => {
    for (const [name, message] of problems) form.setError(name as Path<V>, { type, message });
    if (problems.length > 0) form.setFocus(problems[0][0] as Path<V>);
  };
  const send = form.handleSubmit(async (values) => {
    const found = Object.entries(props.validate?.(values) ?? {}).filter((p): p is [string, string] => !!p[1]);
    if (found.length > 0) {
      return show(
        found.map(([name, key]) => [name, translate(key, { _: key })]),
        'validate',
      );
    }
    try {
      await props.onSubmit(values);
    } catch (error) {
      const info = notifyApiError(error, { fieldMessages: props.fieldMessages, refreshOnConflict: props.refreshOnConflict });
      if (props.onApiError?.(info, error) === true) return;
      // only fields this form has: the rest (version, status…) is said by the notification
      const mapped = Object.entries(info.fields).map(([field, text]): [string, string] => [props.serverFields?.[field] ?? field, text]);
      show(
        mapped.filter(([name]) => get(form.getValues(), name) !== undefined),
        'server',
      );
    }
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    // React bubbles events out of the dialog's portal: a page form around the dialog (the returnee form around the
    // duplicate check) must not take this submit for its own
    e.stopPropagation();
    if (busy || props.submitDisabled) return e.preventDefault();
    // problems stay until the next submit (or until their field changes): start each submit clean
    form.clearErrors();
    void send(e);
  };
  const close = () => {
    if (!busy) onClose();
  };

  return (
    <Dialog
      open={open}
      onClose={close}
      aria-labelledby={`${testId}-title`}
      data-testid={testId}
      fullWidth={fullWidth || phone}
      fullScreen={phone && !props.compact}
      maxWidth={props.maxWidth ?? 'sm'}
    >
      <FormProvider {...form}>
        {/* a column that fills the dialog: the fields scroll between the title and the buttons, which stay in view */}
        <form onSubmit={submit} onKeyDown={submitOnCtrlEnter} noValidate style={{ display: 'flex', flexDirection: 'column', minHeight: 0, flex: '1 1 auto' }}>
          <DialogTitle id={`${testId}-title`}>{title}</DialogTitle>
          <DialogContent dividers={props.dividers}>
            {intro && <DialogContentText sx={{ mb: 2 }}>{intro}</DialogContentText>}
            {props.children}
          </DialogContent>
          <DialogActions disableSpacing sx={{ flexWrap: 'wrap', gap: 1 }}>
            {props.actions ?? (
              <>
                <Button onClick={close} disabled={busy} autoFocus={props.cancelAutoFocus} data-testid={props.cancelTestId}>
                  {translate(cancelLabel)}
                </Button>
                <Button
                  type="submit"
                  variant="contained"
                  color={submitColor}
                  disabled={busy || props.submitDisabled}
                  startIcon={isSubmitting ? <CircularProgress size={16} color="inherit" aria-label={translate('ra.page.loading')} /> : undefined}
                  data-testid={props.submitTestId}
                >
                  {translate(submitLabel)}
                </Button>
              </>
            )}
          </DialogActions>
        </form>
      </FormProvider>
    </Dialog>
  );
}

type ConfirmDialogProps = {
  testId: string;
  title: ReactNode;
  content: ReactNode;
  onConfirm: () => unknown;
  onClose: () => void;
  confirmLabel: string;
  confirmColor?: Color;
  confirmTestId?: string;
  cancelLabel?: string;
  cancelTestId?: string;
  busy?: boolean;
  open?: boolean;
  refreshOnConflict?: boolean;
  children?: ReactNode;
};

// A yes/no question about something hard to undo: no fields, "keep" has the focus.
export const ConfirmDialog = ({ content, onConfirm, confirmLabel, confirmColor = 'primary', confirmTestId, ...rest }: ConfirmDialogProps) => (
  <FormDialog
    {...rest}
    intro={content}
    onSubmit={() => onConfirm()}
    submitLabel={confirmLabel}
    submitColor={confirmColor}
    submitTestId={confirmTestId}
    cancelAutoFocus
    fullWidth={false}
    compact
  />
);

type FormTextFieldProps = Omit<TextFieldProps, 'name' | 'value' | 'onChange' | 'onBlur' | 'error' | 'inputRef'> & { name: string };

// A text input of the surrounding FormDialog: its problem replaces the helper text.
export const FormTextField = ({ name, helperText, ...rest }: FormTextFieldProps) => {
  const { field, fieldState } = useController({ name });
  return (
    <TextField
      {...rest}
      name={field.name}
      value={field.value ?? ''}
      onChange={(e) => field.onChange(e.target.value)}
      onBlur={field.onBlur}
      inputRef={field.ref}
      error={!!fieldState.error}
      helperText={fieldState.error?.message ?? helperText}
    />
  );
};
