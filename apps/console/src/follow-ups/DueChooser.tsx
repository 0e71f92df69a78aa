import { FormControl, FormLabel, TextField, ToggleButton, ToggleButtonGroup, Typography } from '@mui/material';
import { useLocaleState, useTranslate } from 'react-admin';
import { formatDateTime, formatWeekday } from '../shared/dates';
import { dueAtFromPreset, PRESETS, type DueChoice, type Preset } from './followUpModel';

// inputRef: what a form focuses when the due moment is refused (the chosen preset, or the custom date-time)
type Props = { value: DueChoice; onChange: (v: DueChoice) => void; error?: string | null; autoFocus?: boolean; inputRef?: (el: HTMLElement | null) => void };

// Presets first (one keypress each: Tab to the group, Space/Enter on a button), then a custom Bishkek date-time.
// The preset's resolved moment is spelled out so nobody has to count days.
export const DueChooser = ({ value, onChange, error, autoFocus, inputRef }: Props) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const due = value.preset === 'custom' ? null : dueAtFromPreset(value.preset).toISOString();
  // "дүйшөмбү, 14.12.2026, 09:00": the weekday in the UI language spares a look at the calendar
  const resolved = due && `${formatWeekday(due, locale, translate)}, ${formatDateTime(due, locale)}`;
  return (
    <FormControl component="fieldset" fullWidth sx={{ mt: 2 }}>
      <FormLabel component="legend" id="follow-up-when">
        {translate('app.follow_ups.when')}
      </FormLabel>
      <ToggleButtonGroup
        exclusive
        size="small"
        color="primary"
        value={value.preset}
        aria-labelledby="follow-up-when"
        onChange={(_e, preset: Preset | null) => preset && onChange({ ...value, preset })}
        sx={{ flexWrap: 'wrap', mt: 1 }}
      >
        {PRESETS.map((p, i) => (
          <ToggleButton
            key={p}
            value={p}
            data-testid={`follow-up-preset-${p}`}
            autoFocus={autoFocus && i === 0}
            ref={p === value.preset && p !== 'custom' ? inputRef : undefined}
          >
            {translate(`app.follow_ups.presets.${p}`)}
          </ToggleButton>
        ))}
      </ToggleButtonGroup>
      {resolved && (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }} data-testid="follow-up-resolved-due" aria-live="polite">
          {translate('app.follow_ups.due_on', { date: resolved })}
        </Typography>
      )}
      {value.preset === 'custom' && (
        <TextField
          type="datetime-local"
          name="dueAt"
          label={translate('app.follow_ups.custom_label')}
          value={value.custom}
          onChange={(e) => onChange({ ...value, custom: e.target.value })}
          autoFocus
          required
          fullWidth
          sx={{ mt: 2 }}
          inputRef={inputRef}
          slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'follow-up-custom-due', step: 60 } }}
          error={Boolean(error)}
          helperText={error ? translate(error, { _: error }) : translate('app.follow_ups.time_hint')}
        />
      )}
      {value.preset !== 'custom' && error && (
        <Typography variant="body2" color="error" sx={{ mt: 1 }} role="alert">
          {translate(error, { _: error })}
        </Typography>
      )}
    </FormControl>
  );
};
