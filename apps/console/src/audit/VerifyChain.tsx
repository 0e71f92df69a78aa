import VerifiedUserIcon from '@mui/icons-material/VerifiedUser';
import { Alert, AlertTitle, Box, Button, CircularProgress, LinearProgress, Link, Typography } from '@mui/material';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { HttpError, useLocaleState, useTranslate } from 'react-admin';
import { formatDateTime } from '../shared/dates';
import { verifyAuditChain } from './auditCalls';
import { verifyMessage, type VerifyResult } from './auditModel';

export type VerifyState = { status: 'idle' } | { status: 'running' } | { status: 'done'; result: VerifyResult } | { status: 'failed'; error: unknown };

// One verification at a time; the answer of a page already left is dropped. `onDone` runs after an answer (verify
// seals the pending entries first, so the list's sealed column is worth reloading).
export function useVerifyChain(onDone?: () => void) {
  const [state, setState] = useState<VerifyState>({ status: 'idle' });
  const alive = useRef(true);
  const onDoneRef = useRef(onDone);
  onDoneRef.current = onDone;
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);
  const run = useCallback(async () => {
    setState({ status: 'running' });
    try {
      const result = await verifyAuditChain();
      if (!alive.current) return;
      setState({ status: 'done', result });
      onDoneRef.current?.();
    } catch (error) {
      if (alive.current) setState({ status: 'failed', error });
    }
  }, []);
  const dismiss = useCallback(() => setState({ status: 'idle' }), []);
  return { state, run, dismiss };
}

export const VerifyButton = ({ running, onClick }: { running: boolean; onClick: () => void }) => {
  const translate = useTranslate();
  return (
    <Button
      size="small"
      onClick={onClick}
      disabled={running}
      startIcon={running ? <CircularProgress size={16} aria-hidden /> : <VerifiedUserIcon />}
      data-testid="audit-verify"
    >
      {translate('app.audit.verify.button')}
    </Button>
  );
};

// What the verification found: intact (with how many entries and how many still wait for sealing), or the first
// broken entry with its reason and time, linked to the entry.
export const VerifyPanel = ({ state, onDismiss }: { state: VerifyState; onDismiss: () => void }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  if (state.status === 'idle') return null;
  if (state.status === 'running') {
    return (
      <Box sx={{ p: 2 }} data-testid="audit-verify-running" role="status" aria-live="polite">
        <Typography variant="body2" gutterBottom>
          {translate('app.audit.verify.running')}
        </Typography>
        <LinearProgress aria-label={translate('app.audit.verify.running')} />
      </Box>
    );
  }
  if (state.status === 'failed') {
    const message = state.error instanceof HttpError && state.error.message ? state.error.message : translate('app.audit.verify.failed');
    return (
      <Alert severity="error" sx={{ m: 2 }} onClose={onDismiss} data-testid="audit-verify-result" data-outcome="failed">
        {message}
      </Alert>
    );
  }
  const fmt = (iso: string) => formatDateTime(iso, locale);
  const msg = verifyMessage(state.result, fmt);
  const verifiedAt = translate('app.audit.verify.verified_at', { at: fmt(state.result.verifiedAt) });
  if (msg.severity === 'success') {
    return (
      <Alert severity="success" sx={{ m: 2 }} onClose={onDismiss} data-testid="audit-verify-result" data-outcome="intact">
        <AlertTitle>{msg.key && translate(msg.key, msg.options)}</AlertTitle>
        {verifiedAt}
      </Alert>
    );
  }
  return (
    <Alert severity="error" sx={{ m: 2 }} onClose={onDismiss} data-testid="audit-verify-result" data-outcome="broken" data-broken-id={msg.brokenId ?? ''}>
      <AlertTitle>{translate('app.audit.verify.broken_title')}</AlertTitle>
      {msg.key && <div data-testid="audit-verify-broken">{translate(msg.key, msg.options)}</div>}
      <div data-testid="audit-verify-reason">{msg.reasonKey && translate(msg.reasonKey)}</div>
      <div>{verifiedAt}</div>
      {msg.brokenId && (
        <Link component={RouterLink} to={`/audit-logs/${encodeURIComponent(msg.brokenId)}/show`} data-testid="audit-verify-open-broken">
          {translate('app.audit.verify.open_entry', { id: msg.brokenId })}
        </Link>
      )}
    </Alert>
  );
};
