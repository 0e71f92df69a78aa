import { Chip, Stack, type ChipProps } from '@mui/material';
import { DateField, useLocaleState, useRecordContext, useTranslate, type DateFieldProps } from 'react-admin';
import { TIME_ZONE, intlLocale } from './dates';

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

// A string array of the record as chips, or "not set" when there is none.
const ChipsField = ({ source, text, variant }: { source: string; text: (value: string) => string; variant?: ChipProps['variant'] }) => {
  const record = useRecordContext();
  const translate = useTranslate();
  const values = (record?.[source] as string[] | undefined) ?? [];
  if (values.length === 0) return <span>{translate('app.not_set')}</span>;
  return (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
      {values.map((v) => (
        <Chip key={v} size="small" variant={variant} label={text(v)} />
      ))}
    </Stack>
  );
};

type EnumArrayFieldProps = { source: string; group: string; label?: string };

// Enum values (languages, vulnerabilities) by their translated names.
export const EnumArrayField = ({ source, group }: EnumArrayFieldProps) => {
  const translate = useTranslate();
  return <ChipsField source={source} text={(v) => translate(`enums.${group}.${v}`, { _: v })} />;
};

// Free-text tags (skills) as written.
export const TagsField = ({ source }: { source: string; label?: string }) => <ChipsField source={source} text={(v) => v} variant="outlined" />;
