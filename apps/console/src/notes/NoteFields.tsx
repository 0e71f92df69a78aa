import { Box, Checkbox, FormControlLabel, MenuItem, Stack } from '@mui/material';
import { useGetList, useTranslate } from 'react-admin';
import { useController } from 'react-hook-form';
import { FormTextField } from '../shared/FormDialog';
import { MAX_NOTE_MINUTES, MAX_NOTE_TEXT, NOTE_KINDS, type NoteValues } from './notesModel';

const f = (field: string) => `app.notes.fields.${field}`;

type CaseOption = { id: string; code: string; title: string };

const ConfidentialField = () => {
  const translate = useTranslate();
  const { field } = useController<NoteValues, 'confidential'>({ name: 'confidential' });
  return (
    <FormControlLabel
      label={translate(f('confidential'))}
      control={
        <Checkbox
          checked={!!field.value}
          onChange={(e) => field.onChange(e.target.checked)}
          slotProps={{ input: { 'data-testid': 'note-confidential', ref: field.ref } as Record<string, unknown> }}
        />
      }
    />
  );
};

// The fields of a note, in the quick-add form and in the edit and correction dialogs. `prefix` keeps the ids apart
// when a dialog opens over the quick-add form.
export const NoteFields = ({ returneeId, withCase, autoFocus, prefix }: { returneeId: string; withCase: boolean; autoFocus?: boolean; prefix: string }) => {
  const translate = useTranslate();
  const { data: cases = [] } = useGetList<CaseOption>(
    `returnees/${returneeId}/cases`,
    { pagination: { page: 1, perPage: 50 }, sort: { field: 'openedAt', order: 'DESC' } },
    { enabled: withCase },
  );
  return (
    <Stack spacing={2}>
      {/* kind, day, minutes and case side by side from a tablet up (react-admin makes inputs full width by default), one under the other on a phone */}
      <Box sx={{ display: 'flex', flexDirection: { xs: 'column', sm: 'row' }, flexWrap: 'wrap', gap: 2, alignItems: { xs: 'stretch', sm: 'flex-start' } }}>
        <FormTextField
          id={`${prefix}-kind`}
          fullWidth={false}
          name="kind"
          select
          label={translate(f('kind'))}
          required
          autoFocus={autoFocus}
          sx={{ minWidth: 180 }}
          slotProps={{ htmlInput: { 'data-testid': `${prefix}-kind` } }}
        >
          {NOTE_KINDS.map((k) => (
            <MenuItem key={k} value={k}>
              {translate(`enums.note_kind.${k}`)}
            </MenuItem>
          ))}
        </FormTextField>
        <FormTextField
          id={`${prefix}-date`}
          fullWidth={false}
          name="date"
          type="date"
          label={translate(f('date'))}
          required
          sx={{ minWidth: 160 }}
          slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': `${prefix}-date` } }}
        />
        <FormTextField
          id={`${prefix}-minutes`}
          fullWidth={false}
          name="durationMinutes"
          type="number"
          label={translate(f('durationMinutes'))}
          required
          sx={{ width: { xs: '100%', sm: 150 } }}
          slotProps={{ htmlInput: { min: 0, max: MAX_NOTE_MINUTES, step: 5, 'data-testid': `${prefix}-minutes` } }}
        />
        {withCase && (
          <FormTextField
            id={`${prefix}-case`}
            fullWidth={false}
            name="caseId"
            select
            label={translate(f('caseId'))}
            sx={{ minWidth: 200, maxWidth: '100%' }}
            slotProps={{ htmlInput: { 'data-testid': `${prefix}-case` } }}
          >
            <MenuItem value="">
              <em>{translate('app.notes.no_case')}</em>
            </MenuItem>
            {cases.map((c) => (
              <MenuItem key={c.id} value={c.id}>
                {c.code} — {c.title}
              </MenuItem>
            ))}
          </FormTextField>
        )}
      </Box>
      <FormTextField
        id={`${prefix}-text`}
        name="text"
        label={translate(f('text'))}
        required
        multiline
        minRows={3}
        fullWidth
        helperText={translate('app.notes.text_hint')}
        slotProps={{ htmlInput: { maxLength: MAX_NOTE_TEXT, 'data-testid': `${prefix}-text` } }}
      />
      <ConfidentialField />
    </Stack>
  );
};
