import { Chip, Stack } from '@mui/material';
import { DateField, useLocaleState, useRecordContext, useTranslate, type DateFieldProps } from 'react-admin';
import { intlLocale } from '../i18n/i18nProvider';
import { TIME_ZONE } from './dates';

export { TIME_ZONE, formatDay, formatDateTime } from './dates';

// Timestamps are UTC in the API; staff read them in Bishkek time whatever their browser says.
export const DateTimeField = (props: Omit<DateFieldProps, 'showTime' | 'options' | 'locales'>) => {
  const [locale] = useLocaleState();
  return (
    <DateField
      {...props}
      showTime
      locales={intlLocale(locale)}
      options={{ timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }}
    />
  );
};

// Calendar dates ("YYYY-MM-DD") have no time zone: format them as they are.
export const DayField = (props: Omit<DateFieldProps, 'showTime' | 'options' | 'locales'>) => {
  const [locale] = useLocaleState();
  return <DateField {...props} locales={intlLocale(locale)} options={{ timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' }} />;
};

type EnumArrayFieldProps = { source: string; group: string; label?: string };

// A string array of enum values shown as translated chips.
export const EnumArrayField = ({ source, group }: EnumArrayFieldProps) => {
  const record = useRecordContext();
  const translate = useTranslate();
  const values = (record?.[source] as string[] | undefined) ?? [];
  if (values.length === 0) return <span>{translate('app.not_set')}</span>;
  return (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
      {values.map((v) => (
        <Chip key={v} size="small" label={translate(`enums.${group}.${v}`, { _: v })} />
      ))}
    </Stack>
  );
};

// Free-text tags (skills) as chips.
export const TagsField = ({ source }: { source: string; label?: string }) => {
  const record = useRecordContext();
  const translate = useTranslate();
  const values = (record?.[source] as string[] | undefined) ?? [];
  if (values.length === 0) return <span>{translate('app.not_set')}</span>;
  return (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
      {values.map((v) => (
        <Chip key={v} size="small" variant="outlined" label={v} />
      ))}
    </Stack>
  );
};
