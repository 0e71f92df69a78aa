import { Box, Button, CircularProgress } from '@mui/material';
import type { ReactNode } from 'react';
import { useTranslate } from 'react-admin';

// The submit button at the end of an inline form (composer, check-in schedule): on the right, a progress sign while
// the call runs.
export const SubmitButton = ({
  busy,
  disabled,
  label,
  icon,
  testId,
}: {
  busy: boolean;
  disabled?: boolean;
  label: string;
  icon?: ReactNode;
  testId: string;
}) => {
  const translate = useTranslate();
  return (
    <Box sx={{ display: 'flex', justifyContent: 'flex-end', mt: 1 }}>
      <Button
        type="submit"
        variant="contained"
        disabled={busy || disabled}
        startIcon={busy ? <CircularProgress size={16} color="inherit" aria-label={translate('ra.page.loading')} /> : icon}
        data-testid={testId}
      >
        {translate(label)}
      </Button>
    </Box>
  );
};
