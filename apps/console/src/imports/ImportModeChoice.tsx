import { FormControl, FormControlLabel, FormLabel, Radio, RadioGroup, Stack, Typography } from '@mui/material';
import { useId } from 'react';
import { useTranslate } from 'react-admin';
import { IMPORT_MODES, type ImportMode } from './importModel';

// The two ways to confirm an import, each explained in one line.
export const ImportModeChoice = ({ value, onChange, disabled }: { value: ImportMode; onChange: (mode: ImportMode) => void; disabled?: boolean }) => {
  const translate = useTranslate();
  const labelId = useId();
  return (
    <FormControl disabled={disabled}>
      <FormLabel id={labelId}>{translate('app.imports.mode')}</FormLabel>
      <RadioGroup aria-labelledby={labelId} name="mode" value={value} onChange={(e) => onChange(e.target.value as ImportMode)} data-testid="import-mode">
        {IMPORT_MODES.map((m) => (
          <FormControlLabel
            key={m}
            value={m}
            control={<Radio slotProps={{ input: { 'aria-describedby': `${labelId}-${m}` } }} />}
            data-testid={`import-mode-${m}`}
            label={
              <Stack sx={{ py: 0.5 }}>
                <Typography variant="body1">{translate(`enums.import_mode.${m}`)}</Typography>
                <Typography variant="body2" color="text.secondary" id={`${labelId}-${m}`}>
                  {translate(`app.imports.mode_hint.${m}`)}
                </Typography>
              </Stack>
            }
          />
        ))}
      </RadioGroup>
    </FormControl>
  );
};
