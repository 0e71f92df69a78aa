import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Alert, Box, Button, Card, CardContent, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from '@mui/material';
import { Title, useLocaleState, useNotify, useTranslate } from 'react-admin';
import { formatDateTime } from '../shared/dates';
import { useNotifyApiError } from '../shared/useNotifyApiError';
import { changePassword, endOtherSessions, endSession, fetchSessions, type AccountSession } from './accountCalls';

// "My account": the user's own password and sessions (issue 22). Every role has it, from the user menu.
export const MyAccount = () => {
  const translate = useTranslate();
  return (
    <Box sx={{ p: { xs: 1, sm: 2 }, maxWidth: 960 }}>
      <Title title={translate('app.account.title')} />
      <Stack spacing={2}>
        <PasswordCard />
        <SessionsCard />
      </Stack>
    </Box>
  );
};

const PasswordCard = () => {
  const translate = useTranslate();
  const notify = useNotify();
  const notifyApiError = useNotifyApiError();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (next.length < 12) return setErrors({ newPassword: translate('app.account.password_too_short') });
    if (next !== repeat) return setErrors({ repeat: translate('app.account.passwords_differ') });
    setErrors({});
    setBusy(true);
    try {
      await changePassword(current, next);
      setCurrent('');
      setNext('');
      setRepeat('');
      notify('app.account.password_changed', { type: 'info' });
    } catch (error) {
      const info = notifyApiError(error);
      setErrors(info.fields);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card>
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          {translate('app.account.password')}
        </Typography>
        <Typography variant="body2" color="text.secondary" gutterBottom>
          {translate('app.account.password_hint')}
        </Typography>
        <Stack component="form" spacing={2} sx={{ maxWidth: 420 }} onSubmit={(e) => void submit(e)} data-testid="password-form">
          <TextField
            type="password"
            autoComplete="current-password"
            label={translate('app.account.current_password')}
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
            error={!!errors.currentPassword}
            helperText={errors.currentPassword}
            required
          />
          <TextField
            type="password"
            autoComplete="new-password"
            label={translate('app.account.new_password')}
            value={next}
            onChange={(e) => setNext(e.target.value)}
            error={!!errors.newPassword}
            helperText={errors.newPassword}
            required
          />
          <TextField
            type="password"
            autoComplete="new-password"
            label={translate('app.account.repeat_password')}
            value={repeat}
            onChange={(e) => setRepeat(e.target.value)}
            error={!!errors.repeat}
            helperText={errors.repeat}
            required
          />
          <Box>
            <Button type="submit" variant="contained" disabled={busy}>
              {translate('app.account.change_password')}
            </Button>
          </Box>
        </Stack>
      </CardContent>
    </Card>
  );
};

const SessionsCard = () => {
  const translate = useTranslate();
  const notify = useNotify();
  const notifyApiError = useNotifyApiError();
  const [locale] = useLocaleState();
  const [sessions, setSessions] = useState<AccountSession[] | null>(null);

  const load = useCallback(() => {
    fetchSessions().then(setSessions, (error: unknown) => notifyApiError(error));
  }, [notifyApiError]);
  useEffect(load, [load]);

  const end = (s: AccountSession) =>
    endSession(s.id).then(
      () => (notify('app.account.session_ended', { type: 'info' }), load()),
      (error: unknown) => notifyApiError(error),
    );
  const endOthers = () =>
    endOtherSessions().then(
      (n) => (notify('app.account.sessions_ended', { type: 'info', messageArgs: { smart_count: n } }), load()),
      (error: unknown) => notifyApiError(error),
    );
  const device = (s: AccountSession) => [s.browser, s.system].filter(Boolean).join(' · ') || translate('app.account.unknown_device');

  return (
    <Card>
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          {translate('app.account.sessions')}
        </Typography>
        {sessions === null ? null : sessions.length === 0 ? (
          <Alert severity="info">{translate('app.account.no_sessions')}</Alert>
        ) : (
          <Table size="small" data-testid="sessions">
            <TableHead>
              <TableRow>
                <TableCell>{translate('app.account.device')}</TableCell>
                <TableCell>{translate('app.account.ip')}</TableCell>
                <TableCell>{translate('app.account.signed_in')}</TableCell>
                <TableCell>{translate('app.account.last_seen')}</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {sessions.map((s) => (
                <TableRow key={s.id} data-testid="session-row">
                  <TableCell title={s.userAgent ?? undefined}>
                    {device(s)}
                    {s.current && (
                      <Typography component="span" variant="caption" color="success.main" sx={{ ml: 1 }}>
                        {translate('app.account.this_device')}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell>{s.ip ?? '—'}</TableCell>
                  <TableCell>{formatDateTime(s.createdAt, locale)}</TableCell>
                  <TableCell>{s.lastSeenAt ? formatDateTime(s.lastSeenAt, locale) : '—'}</TableCell>
                  <TableCell align="right">
                    {!s.current && (
                      <Button size="small" color="error" onClick={() => void end(s)}>
                        {translate('app.account.end_session')}
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        {sessions && sessions.some((s) => !s.current) && (
          <Button sx={{ mt: 2 }} color="error" variant="outlined" onClick={() => void endOthers()} data-testid="end-other-sessions">
            {translate('app.account.end_other_sessions')}
          </Button>
        )}
      </CardContent>
    </Card>
  );
};
