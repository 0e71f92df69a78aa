import { Box, Button, Chip, Stack, TextField, Typography } from '@mui/material';
import { type FormEvent, type KeyboardEvent, useState } from 'react';
import { useLocaleState, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import { addReferralNote } from './referralCalls';
import { formatDateTime } from '../shared/dates';
import { useNotifyApiError } from '../shared/useNotifyApiError';
import { NOTE_MAX, type Referral } from './referralModel';

// Service notes on a referral, oldest first, and a box to add one (Ctrl+Enter sends) when the user may.
export const ReferralNotes = () => {
  const record = useRecordContext<Referral>();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const notify = useNotify();
  const notifyApiError = useNotifyApiError();
  const refresh = useRefresh();
  const [text, setText] = useState('');
  const [saving, setSaving] = useState(false);
  if (!record) return null;
  const notes = record.notes ?? [];

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    const value = text.trim();
    if (!value || saving) return;
    setSaving(true);
    try {
      await addReferralNote(String(record.id), value);
      setText('');
      notify('app.referrals.notes.added', { type: 'success' });
      refresh();
    } catch (err) {
      notifyApiError(err);
    } finally {
      setSaving(false);
    }
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit();
  };

  return (
    <Stack spacing={1.5} data-testid="referral-notes">
      {notes.length === 0 && (
        <Typography variant="body2" color="text.secondary">
          {translate('app.referrals.notes.empty')}
        </Typography>
      )}
      {notes.map((n) => (
        <Box key={n.id} data-testid="referral-note" data-side={n.side}>
          <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
            <Chip size="small" label={translate(`app.referrals.notes.side_${n.side}`)} color={n.side === 'organization' ? 'primary' : 'default'} />
            <Typography variant="caption" color="text.secondary">
              {n.authorName ?? translate('app.not_set')} · {formatDateTime(n.at, locale)}
            </Typography>
          </Stack>
          <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', mt: 0.5 }}>
            {n.text}
          </Typography>
        </Box>
      ))}
      {record.canAddNote && (
        <Box component="form" onSubmit={(e) => void submit(e)} noValidate>
          <TextField
            name="note"
            label={translate('app.referrals.notes.new')}
            helperText={translate('app.referrals.notes.hint')}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={onKeyDown}
            multiline
            minRows={2}
            fullWidth
            slotProps={{ htmlInput: { maxLength: NOTE_MAX, 'data-testid': 'referral-note-text' } }}
          />
          <Button type="submit" variant="contained" size="small" sx={{ mt: 1 }} disabled={saving || text.trim() === ''} data-testid="referral-note-add">
            {translate('app.referrals.notes.add')}
          </Button>
        </Box>
      )}
    </Stack>
  );
};
