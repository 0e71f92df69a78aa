import ChildCareIcon from '@mui/icons-material/ChildCare';
import { Chip } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';

// A child under 18 of the returnee's household has nobody caring for them: said on the returnee's page (title and
// household tab) and marked in the returnee list. The server keeps the flag (childWithoutCaregiver).
export const ChildWithoutCaregiverChip = ({ size = 'small' }: { size?: 'small' | 'medium' }) => {
  const translate = useTranslate();
  return (
    <Chip
      size={size}
      color="error"
      icon={<ChildCareIcon />}
      label={translate('app.household.flag')}
      data-testid="child-without-caregiver-flag"
      sx={{ maxWidth: '100%', '& .MuiChip-label': { whiteSpace: 'normal' }, height: 'auto', minHeight: 24 }}
    />
  );
};

// The list's mark: an icon named for screen readers (the column is narrow).
export const ChildWithoutCaregiverIcon = () => {
  const translate = useTranslate();
  return (
    <ChildCareIcon
      color="error"
      fontSize="small"
      titleAccess={translate('app.household.flag')}
      data-testid="child-without-caregiver-mark"
      sx={{ verticalAlign: 'middle', ml: 0.5 }}
    />
  );
};

// The profile tab's line: the chip only when the flag is up (no label of its own).
export const ChildFlagLine = (_props: { label?: false }) => {
  const record = useRecordContext<{ childWithoutCaregiver?: boolean }>();
  return record?.childWithoutCaregiver ? <ChildWithoutCaregiverChip /> : null;
};
