import { Box, Checkbox, FormControl, FormControlLabel, FormGroup, FormHelperText, FormLabel, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { useController } from 'react-hook-form';
import { sharedFieldsFor, type ReferralFormValues, type SharedField } from './referralModel';

type Props = { caseType: string; onToggle: () => void };

// What the organisation will see: the ticked fields, while the consent holds. The case title and the reason are not
// ticked, but they too are hidden from the organisation once the consent is withdrawn (and, for a health case,
// without consent to share health data): the dialog says so.
export const ReferSharedFields = ({ caseType, onToggle }: Props) => {
  const translate = useTranslate();
  const { field, fieldState } = useController<ReferralFormValues, 'sharedFields'>({ name: 'sharedFields' });
  const toggle = (f: SharedField, on: boolean) => {
    field.onChange(on ? [...field.value, f] : field.value.filter((x) => x !== f));
    onToggle();
  };
  return (
    <FormControl component="fieldset" error={!!fieldState.error}>
      <FormLabel component="legend">{translate('app.referrals.shared_title')}</FormLabel>
      <FormHelperText sx={{ mx: 0 }}>{translate('app.referrals.shared_intro')}</FormHelperText>
      <FormHelperText sx={{ mx: 0 }} data-testid="refer-reason-privacy">
        {translate('app.referrals.reason_privacy')}
      </FormHelperText>
      <FormGroup>
        {sharedFieldsFor(caseType).map((f, i) => (
          <FormControlLabel
            key={f}
            sx={{ alignItems: 'flex-start', mt: 0.5 }}
            control={
              <Checkbox
                checked={field.value.includes(f)}
                onChange={(e) => toggle(f, e.target.checked)}
                name={`sharedFields.${f}`}
                sx={{ pt: 0.25 }}
                slotProps={{ input: { 'data-testid': `refer-share-${f}`, ...(i === 0 ? { ref: field.ref } : {}) } as Record<string, unknown> }}
              />
            }
            label={
              <Box>
                <Typography variant="body2">{translate(`enums.shared_field.${f}`)}</Typography>
                <Typography variant="caption" color="text.secondary">
                  {translate(`app.referrals.shared_hint.${f}`)}
                </Typography>
              </Box>
            }
          />
        ))}
      </FormGroup>
      {fieldState.error && (
        <FormHelperText error sx={{ mx: 0 }}>
          {fieldState.error.message}
        </FormHelperText>
      )}
    </FormControl>
  );
};
