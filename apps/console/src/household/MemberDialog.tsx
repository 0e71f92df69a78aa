import {
  Autocomplete,
  Checkbox,
  FormControl,
  FormControlLabel,
  FormGroup,
  FormHelperText,
  FormLabel,
  MenuItem,
  Stack,
  TextField as MuiTextField,
} from '@mui/material';
import { useState } from 'react';
import { useCreate, useGetList, useGetMany, useNotify, useRefresh, useTranslate, useUpdate } from 'react-admin';
import { useController, useForm, useWatch } from 'react-hook-form';
import { FormDialog, FormTextField } from '../shared/FormDialog';
import {
  bishkekToday,
  CHILD_CONCERNS,
  emptyMember,
  IN_SCHOOL,
  isChild,
  LIVES_WHERE,
  memberProblems,
  memberValues,
  RELATIONS,
  toMemberBody,
  type HouseholdMember,
  type MemberValues,
} from './householdModel';

const f = (field: string) => `app.household.fields.${field}`;

type Props = { returneeId: string; member?: HouseholdMember; onClose: () => void };
type ReturneeOption = { id: string; code: string; fullName: string; birthDate?: string };

const Select = ({
  name,
  label,
  values,
  group,
  required,
  autoFocus,
}: {
  name: string;
  label: string;
  values: readonly string[];
  group: string;
  required?: boolean;
  autoFocus?: boolean;
}) => {
  const translate = useTranslate();
  return (
    <FormTextField
      name={name}
      select
      label={translate(label)}
      required={required}
      fullWidth
      autoFocus={autoFocus}
      slotProps={{ htmlInput: { 'data-testid': `member-${name}` } }}
    >
      {!required && (
        <MenuItem value="">
          <em>{translate('app.not_set')}</em>
        </MenuItem>
      )}
      {values.map((v) => (
        <MenuItem key={v} value={v}>
          {translate(`enums.${group}.${v}`)}
        </MenuItem>
      ))}
    </FormTextField>
  );
};

const ConcernsField = () => {
  const translate = useTranslate();
  const { field, fieldState } = useController<MemberValues, 'concerns'>({ name: 'concerns' });
  const value = field.value ?? [];
  const toggle = (c: string) => field.onChange(value.includes(c as never) ? value.filter((x) => x !== c) : [...value, c]);
  return (
    <FormControl component="fieldset" error={!!fieldState.error}>
      <FormLabel component="legend" id="member-concerns">
        {translate(f('concerns'))}
      </FormLabel>
      <FormGroup aria-labelledby="member-concerns" row>
        {CHILD_CONCERNS.map((c, i) => (
          <FormControlLabel
            key={c}
            label={translate(`enums.child_concern.${c}`)}
            control={
              <Checkbox
                checked={value.includes(c)}
                onChange={() => toggle(c)}
                slotProps={{ input: { 'data-testid': `member-concern-${c}`, ...(i === 0 ? { ref: field.ref } : {}) } as Record<string, unknown> }}
              />
            }
          />
        ))}
      </FormGroup>
      {fieldState.error && <FormHelperText role="alert">{fieldState.error.message}</FormHelperText>}
    </FormControl>
  );
};

// A registered returnee the member is: searched by name, PIN, phone or code over GET /api/returnees (the caller's scope).
const LinkedReturneeField = ({ returneeId }: { returneeId: string }) => {
  const translate = useTranslate();
  const { field, fieldState } = useController<MemberValues, 'linkedReturneeId'>({ name: 'linkedReturneeId' });
  const [input, setInput] = useState('');
  const q = input.trim();
  const { data: found = [], isFetching } = useGetList<ReturneeOption>(
    'returnees',
    { filter: { q }, pagination: { page: 1, perPage: 10 }, sort: { field: 'updatedAt', order: 'DESC' } },
    { enabled: q.length >= 2 },
  );
  const { data: current = [] } = useGetMany<ReturneeOption>('returnees', { ids: field.value ? [field.value] : [] }, { enabled: !!field.value });
  const selected = current.find((r) => r.id === field.value) ?? null;
  const options = found.filter((r) => r.id !== returneeId);
  const label = (o: ReturneeOption) => `${o.fullName} (${o.code})`;
  return (
    <Autocomplete<ReturneeOption>
      options={selected && !options.some((o) => o.id === selected.id) ? [selected, ...options] : options}
      value={selected}
      loading={isFetching}
      filterOptions={(x) => x}
      onChange={(_, v) => field.onChange(v ? v.id : null)}
      onInputChange={(_, v, reason) => reason === 'input' && setInput(v)}
      getOptionLabel={label}
      isOptionEqualToValue={(a, b) => a.id === b.id}
      noOptionsText={translate(q.length >= 2 ? 'app.household.no_returnee_found' : 'app.household.type_to_search')}
      loadingText={translate('ra.page.loading')}
      renderInput={(params) => (
        <MuiTextField
          {...params}
          inputRef={field.ref}
          label={translate(f('linkedReturneeId'))}
          error={!!fieldState.error}
          helperText={fieldState.error?.message ?? translate('app.household.linked_hint')}
          slotProps={{ ...params.slotProps, htmlInput: { ...params.slotProps.htmlInput, 'data-testid': 'member-linked-returnee-input' } }}
        />
      )}
    />
  );
};

const ChildFields = () => {
  const translate = useTranslate();
  return (
    <Stack spacing={2} data-testid="member-child-fields">
      <FormTextField
        name="caregiverName"
        label={translate(f('caregiverName'))}
        fullWidth
        helperText={translate('app.household.caregiver_hint')}
        slotProps={{ htmlInput: { maxLength: 200, 'data-testid': 'member-caregiverName' } }}
      />
      <Select name="inSchool" label={f('inSchool')} values={IN_SCHOOL} group="in_school" />
      <ConcernsField />
    </Stack>
  );
};

// Add or change one member of a returnee's household. The child-only fields show while the birth date makes the
// member younger than 18; the server's refusals (a child born before the returnee, a full household…) go under the
// fields they name.
export const MemberDialog = ({ returneeId, member, onClose }: Props) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [create] = useCreate();
  const [update] = useUpdate();
  const today = bishkekToday();
  const form = useForm<MemberValues>({ defaultValues: member ? memberValues(member) : emptyMember() });
  const birthDate = useWatch({ control: form.control, name: 'birthDate' });
  const child = isChild(birthDate ?? '', today);
  const resource = `returnees/${returneeId}/household-members`;
  const save = async (v: MemberValues) => {
    if (member) {
      await update(
        resource,
        { id: member.id, data: toMemberBody(v, today, member.version), previousData: member },
        { mutationMode: 'pessimistic', returnPromise: true },
      );
    } else {
      await create(resource, { data: toMemberBody(v, today) }, { returnPromise: true });
    }
    notify(member ? 'app.household.updated' : 'app.household.added', { type: 'info' });
    refresh();
    onClose();
  };
  return (
    <FormDialog<MemberValues>
      testId="member-dialog"
      title={translate(member ? 'app.household.edit_title' : 'app.household.add_title')}
      onClose={onClose}
      form={form}
      validate={(v) => memberProblems(v, today)}
      onSubmit={save}
      serverFields={{ returneeId: 'relation' }}
      refreshOnConflict
      submitLabel="ra.action.save"
      submitTestId="member-save"
      dividers
    >
      <Stack spacing={2} sx={{ pt: 1 }}>
        <Select name="relation" label={f('relation')} values={RELATIONS} group="relation" required autoFocus />
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
          <FormTextField
            name="lastName"
            label={translate(f('lastName'))}
            required
            fullWidth
            slotProps={{ htmlInput: { maxLength: 100, 'data-testid': 'member-lastName' } }}
          />
          <FormTextField
            name="firstName"
            label={translate(f('firstName'))}
            required
            fullWidth
            slotProps={{ htmlInput: { maxLength: 100, 'data-testid': 'member-firstName' } }}
          />
        </Stack>
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
          <Select name="sex" label={f('sex')} values={['female', 'male']} group="sex" required />
          <FormTextField
            name="birthDate"
            type="date"
            label={translate(f('birthDate'))}
            required
            fullWidth
            slotProps={{ inputLabel: { shrink: true }, htmlInput: { max: today, 'data-testid': 'member-birthDate' } }}
          />
        </Stack>
        <Select name="livesWhere" label={f('livesWhere')} values={LIVES_WHERE} group="lives_where" required />
        {child && <ChildFields />}
        <LinkedReturneeField returneeId={returneeId} />
      </Stack>
    </FormDialog>
  );
};
