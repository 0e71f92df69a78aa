import { InputAdornment, TextField } from '@mui/material';
import { useMemo, useState } from 'react';
import { InputHelperText, useInput, useTranslate, type Validator } from 'react-admin';
import { useWatch } from 'react-hook-form';
import { moneyInputText, parseMoney } from './money';

// An amount of a react-admin form typed in major units (1 234,50) and kept in the form as whole minor units
// (123450); while the text is not an amount the form holds the text, and the check names what is wrong with it.
export const moneyValidator =
  (required: boolean): Validator =>
  (value: unknown, values: unknown) => {
    if (value == null || value === '') return required ? 'ra.validation.required' : undefined;
    if (typeof value === 'number') return undefined;
    const currency = (values as { currency?: string } | undefined)?.currency ?? 'KGS';
    return parseMoney(String(value), currency)?.problem ?? 'app.assistance.money.not_a_number';
  };

type Props = { source: string; label: string; required?: boolean; helperText?: string; testId?: string };

export const MoneyInput = ({ source, label, required = false, helperText, testId }: Props) => {
  const translate = useTranslate();
  const validate = useMemo(() => moneyValidator(required), [required]);
  const { field, fieldState, formState } = useInput({ source, validate });
  const currency = (useWatch({ name: 'currency' }) as string | undefined) ?? 'KGS';
  const [text, setText] = useState(() => (typeof field.value === 'number' ? moneyInputText(field.value, currency) : String(field.value ?? '')));
  // a value set from outside (the record loaded, the form reset) shows as text again; the user's own typing keeps its text
  const [seen, setSeen] = useState<unknown>(field.value);
  if (field.value !== seen) {
    setSeen(field.value);
    if (typeof field.value === 'number' && parseMoney(text, currency)?.minor !== field.value) setText(moneyInputText(field.value, currency));
    else if (field.value == null && text !== '') setText('');
  }
  const change = (v: string) => {
    setText(v);
    const parsed = parseMoney(v, currency);
    field.onChange(parsed === null ? null : (parsed.minor ?? v));
  };
  const shown = fieldState.invalid && (fieldState.isTouched || formState.isSubmitted);
  return (
    <TextField
      name={field.name}
      value={text}
      onChange={(e) => change(e.target.value)}
      onBlur={field.onBlur}
      inputRef={field.ref}
      label={translate(label)}
      required={required}
      error={shown}
      // react-admin's own helper: it reads the validators' encoded messages
      helperText={<InputHelperText error={shown ? fieldState.error?.message : undefined} helperText={helperText} />}
      size="small"
      variant="filled"
      sx={{ minWidth: 200 }}
      slotProps={{
        htmlInput: { inputMode: 'decimal', 'data-testid': testId },
        input: { endAdornment: <InputAdornment position="end">{currency}</InputAdornment> },
      }}
    />
  );
};
