import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, TextField } from '@mui/material';
import { useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslate } from 'react-admin';

type Props = {
  open: boolean;
  testId: string;
  title: string;
  content: string;
  label: string;
  requiredText: string;
  confirm: string;
  busy: boolean;
  onCancel: () => void;
  onConfirm: (text: string) => void;
  // extra inputs above the text (the assignee picker of the bulk reassignment); `ready` false keeps submit disabled
  children?: ReactNode;
  ready?: boolean;
};

// A confirmation that needs a written reason or comment (send back, reopen, reassign). Ctrl+Enter submits.
export const ReasonDialog = ({ open, testId, title, content, label, requiredText, confirm, busy, onCancel, onConfirm, children, ready = true }: Props) => {
  const translate = useTranslate();
  const [text, setText] = useState('');
  const [touched, setTouched] = useState(false);
  const missing = text.trim() === '';
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    setTouched(true);
    if (!missing && ready) onConfirm(text.trim());
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) submit();
  };
  return (
    <Dialog open={open} onClose={onCancel} aria-labelledby={`${testId}-title`} data-testid={testId} fullWidth maxWidth="sm">
      <form onSubmit={submit} noValidate>
        <DialogTitle id={`${testId}-title`}>{title}</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>{content}</DialogContentText>
          {children}
          <TextField
            name="reason"
            label={translate(label)}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={onKeyDown}
            required
            autoFocus={!children}
            fullWidth
            multiline
            minRows={3}
            error={touched && missing}
            helperText={touched && missing ? translate(requiredText) : translate('app.approvals.ctrl_enter_hint')}
            slotProps={{ htmlInput: { 'data-testid': `${testId}-text`, maxLength: 2000 } }}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={onCancel}>{translate('ra.action.cancel')}</Button>
          <Button type="submit" variant="contained" disabled={busy || !ready} data-testid={`${testId}-confirm`}>
            {translate(confirm)}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};
