import { Box, Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import {
  ArrayInput,
  BooleanField,
  BooleanInput,
  Create,
  CreateButton,
  DataTable,
  DateInput,
  Edit,
  EditButton,
  FunctionField,
  Labeled,
  List,
  maxValue,
  minValue,
  NullableBooleanInput,
  NumberInput,
  required,
  SaveButton,
  SelectArrayInput,
  SelectInput,
  Show,
  SimpleForm,
  SimpleFormIterator,
  SimpleList,
  TextField,
  TextInput,
  Toolbar,
  TopToolbar,
  useLocaleState,
  useRecordContext,
  useTranslate,
  type Validator,
} from 'react-admin';
import { C, choices } from '../shared/choices';
import { Col } from '../shared/columns';
import { DeactivateButton } from '../shared/DeactivateButton';
import { EmptyState } from '../shared/EmptyState';
import { DayField, EnumArrayField } from '../shared/fields';
import { ITERATOR_WRAP } from '../shared/formLayout';
import { joinParts, ResponsiveList } from '../shared/ResponsiveList';
import { SearchBox } from '../shared/SearchBox';
import { FieldColumns } from '../shared/ShowLayout';
import { ShowSection } from '../shared/ShowSection';
import {
  ASSISTANCE_TYPES,
  programmeProblems,
  programmeTotals,
  toProgrammePayload,
  toProgrammeUpdate,
  type Programme,
  type ProgrammeFormValues,
} from './assistanceModel';
import { BudgetBar } from './BudgetBar';
import { CURRENCIES, formatMoney } from './money';
import { MoneyInput } from './MoneyInput';
import { StatementButton } from './StatementDialog';

const req = required();
const CURRENCY_CHOICES = CURRENCIES.map((c) => ({ id: c, name: c }));
const TYPE_CHOICES = choices('assistance_type', ASSISTANCE_TYPES);
// the form's checks that look at more than one field
const problem =
  (field: string): Validator =>
  (_value: unknown, values: unknown) =>
    programmeProblems(values as ProgrammeFormValues)[field];

const filters = [
  <SearchBox key="q" source="q" alwaysOn hint="ra.action.search" />,
  <SelectArrayInput key="currency" source="currency" choices={CURRENCY_CHOICES} />,
  <NullableBooleanInput key="active" source="active" />,
];

// What is left over every line, in the programme's currency.
const BudgetLeft = () => {
  const p = useRecordContext<Programme>();
  const [locale] = useLocaleState();
  if (!p) return null;
  const t = programmeTotals(p);
  return <span data-testid="programme-left">{`${formatMoney(t.availableMinor, p.currency, locale)} / ${formatMoney(t.amountMinor, p.currency, locale)}`}</span>;
};

const PhoneRows = () => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  return (
    <SimpleList<Programme>
      rowClick="show"
      primaryText={(p) => p.name}
      secondaryText={(p) =>
        joinParts(
          p.funder,
          `${translate('app.programmes.left')}: ${formatMoney(programmeTotals(p).availableMinor, p.currency, locale)}`,
          !p.active && translate('app.programmes.inactive'),
        )
      }
    />
  );
};

const Empty = () => (
  <EmptyState title="app.programmes.empty.title" hint="app.programmes.empty.hint" testId="programmes-empty" action={<CreateButton variant="contained" />} />
);

export const ProgrammeList = () => (
  <List filters={filters} exporter={false} sort={{ field: 'name', order: 'ASC' }} perPage={25} empty={<Empty />}>
    <ResponsiveList phone={<PhoneRows />}>
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="name" />
        <DataTable.Col source="funder" />
        <DataTable.Col source="currency" disableSort />
        <Col source="startsOn" field={DayField} hideBelow="md" />
        <Col source="endsOn" field={DayField} hideBelow="md" />
        <DataTable.Col label="app.programmes.left" disableSort>
          <BudgetLeft />
        </DataTable.Col>
        <Col source="active" field={BooleanField} disableSort hideBelow="lg" />
      </DataTable>
    </ResponsiveList>
  </List>
);

const Section = ({ title, children }: { title: string; children: ReactNode }) => {
  const translate = useTranslate();
  return (
    <Box component="section" sx={{ width: '100%', mt: 2 }}>
      <Typography variant="h6" component="h2" gutterBottom>
        {translate(title)}
      </Typography>
      {children}
    </Box>
  );
};

// The programme form: what it is, its budget lines (one per assistance type it funds), the approval threshold and the
// eligibility rules from the fixed vocabulary. Amounts are typed in the programme's currency.
const ProgrammeInputs = ({ edit }: { edit?: boolean }) => (
  <>
    <Stack direction={{ xs: 'column', md: 'row' }} spacing={{ md: 2 }} sx={{ width: '100%' }}>
      <TextInput source="name" validate={req} slotProps={{ htmlInput: { maxLength: 200 } }} sx={{ flex: 2 }} />
      <TextInput source="funder" validate={req} slotProps={{ htmlInput: { maxLength: 200 } }} sx={{ flex: 2 }} />
      <SelectInput source="currency" choices={CURRENCY_CHOICES} validate={req} sx={{ flex: 1 }} helperText="app.programmes.currency_hint" />
    </Stack>
    <Stack direction={{ xs: 'column', sm: 'row' }} spacing={{ sm: 2 }}>
      <DateInput source="startsOn" validate={req} />
      <DateInput source="endsOn" validate={[req, problem('endsOn')]} />
    </Stack>
    <SelectArrayInput source="oblasts" choices={C.oblast} helperText="app.programmes.oblasts_hint" sx={{ minWidth: 280 }} />
    <Section title="app.programmes.budget">
      <ArrayInput source="lines" label={false} validate={problem('lines')} helperText="app.programmes.lines_hint">
        <SimpleFormIterator inline disableReordering sx={ITERATOR_WRAP}>
          <SelectInput source="assistanceType" label="app.programmes.line_type" choices={TYPE_CHOICES} validate={req} />
          <MoneyInput source="amountMinor" label="app.programmes.line_amount" required testId="programme-line-amount" />
        </SimpleFormIterator>
      </ArrayInput>
      <MoneyInput source="approvalThresholdMinor" label="resources.programmes.fields.approvalThresholdMinor" helperText="app.programmes.threshold_hint" />
    </Section>
    <Section title="app.programmes.eligibility">
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={{ sm: 2 }} useFlexGap sx={{ flexWrap: 'wrap' }}>
        <NumberInput source="eligibility.returnedWithinMonths" min={1} max={240} step={1} validate={[minValue(1), maxValue(240)]} />
        <NumberInput source="eligibility.ageMin" min={0} max={120} step={1} validate={[minValue(0), maxValue(120)]} />
        <NumberInput source="eligibility.ageMax" min={0} max={120} step={1} validate={[minValue(0), maxValue(120), problem('eligibility.ageMax')]} />
      </Stack>
      <SelectArrayInput
        source="eligibility.vulnerabilitiesAny"
        choices={C.vulnerability}
        helperText="app.programmes.vulnerabilities_hint"
        sx={{ minWidth: 280 }}
      />
      <BooleanInput source="eligibility.hasApprovedPlan" />
    </Section>
    <Section title="app.matching.programme_section">
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={{ sm: 2 }} useFlexGap sx={{ flexWrap: 'wrap' }}>
        <NumberInput
          source="matchRatioPercent"
          min={1}
          max={1000}
          step={1}
          validate={[minValue(1), maxValue(1000)]}
          helperText="app.matching.ratio_hint"
          sx={{ minWidth: 240 }}
        />
        <MoneyInput source="matchCapMinor" label="resources.programmes.fields.matchCapMinor" helperText="app.matching.cap_hint" />
      </Stack>
    </Section>
    {edit && <BooleanInput source="active" helperText="app.programmes.active_hint" />}
  </>
);

export const ProgrammeCreate = () => (
  <Create transform={toProgrammePayload} redirect="show">
    <SimpleForm defaultValues={{ currency: 'KGS', lines: [{}], oblasts: [], active: true }}>
      <ProgrammeInputs />
    </SimpleForm>
  </Create>
);

const labels = {
  button: 'app.programmes.deactivate',
  title: 'app.programmes.deactivate_title',
  content: 'app.programmes.deactivate_content',
  done: 'app.programmes.deactivated',
};

// Programmes are never deleted (the ledger points at them): the toolbar closes one to new proposals instead.
const EditToolbar = () => (
  <Toolbar sx={{ justifyContent: 'space-between' }}>
    <SaveButton />
    <DeactivateButton labels={labels} />
  </Toolbar>
);

export const ProgrammeEdit = () => (
  <Edit transform={toProgrammeUpdate} mutationMode="pessimistic" redirect="show">
    <SimpleForm toolbar={<EditToolbar />}>
      <ProgrammeInputs edit />
    </SimpleForm>
  </Edit>
);

// The eligibility rules in words; "none" when the programme has none.
export const EligibilityText = () => {
  const p = useRecordContext<Programme>();
  const translate = useTranslate();
  if (!p) return null;
  const e = p.eligibility ?? {};
  const parts = [
    e.returnedWithinMonths != null && translate('app.programmes.rule.returned_within', { smart_count: e.returnedWithinMonths }),
    e.ageMin != null && e.ageMax != null && translate('app.programmes.rule.age', { min: e.ageMin, max: e.ageMax }),
    e.ageMin != null && e.ageMax == null && translate('app.programmes.rule.age_min', { min: e.ageMin }),
    e.ageMin == null && e.ageMax != null && translate('app.programmes.rule.age_max', { max: e.ageMax }),
    e.vulnerabilitiesAny?.length &&
      translate('app.programmes.rule.vulnerabilities', { list: e.vulnerabilitiesAny.map((v) => translate(`enums.vulnerability.${v}`, { _: v })).join(', ') }),
    e.hasApprovedPlan && translate('app.programmes.rule.approved_plan'),
  ].filter(Boolean) as string[];
  if (parts.length === 0) return <span>{translate('app.programmes.rule.none')}</span>;
  return (
    <Box component="ul" sx={{ m: 0, pl: 2.5 }} data-testid="programme-eligibility">
      {parts.map((t) => (
        <li key={t}>{t}</li>
      ))}
    </Box>
  );
};

const Threshold = () => {
  const p = useRecordContext<Programme>();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  if (!p) return null;
  return <span>{p.approvalThresholdMinor == null ? translate('app.programmes.no_threshold') : formatMoney(p.approvalThresholdMinor, p.currency, locale)}</span>;
};

// "1 : 1" (ratio 100 %), up to the cap; or that the programme runs no matching.
const MatchingTerms = () => {
  const p = useRecordContext<Programme>();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  if (!p) return null;
  if (p.matchRatioPercent == null) return <span>{translate('app.matching.not_offered')}</span>;
  const ratio = `1 : ${(p.matchRatioPercent / 100).toLocaleString(locale === 'en' ? 'en-GB' : 'ru-KG')}`;
  const cap = p.matchCapMinor != null ? formatMoney(p.matchCapMinor, p.currency, locale) : translate('app.matching.no_cap');
  return <span data-testid="programme-matching">{translate('app.matching.terms', { ratio, cap })}</span>;
};

const Oblasts = () => {
  const p = useRecordContext<Programme>();
  const translate = useTranslate();
  if (!p) return null;
  return p.oblasts.length ? <EnumArrayField source="oblasts" group="oblast" /> : <span>{translate('app.programmes.every_oblast')}</span>;
};

// Each budget line as a bar: disbursed, committed, available.
export const ProgrammeBudget = () => {
  const p = useRecordContext<Programme>();
  if (!p) return null;
  return (
    <ShowSection title="app.programmes.budget" testId="programme-budget">
      {p.lines.map((line) => (
        <BudgetBar key={line.id} line={line} currency={p.currency} />
      ))}
    </ShowSection>
  );
};

// Programmes are the admins' pages: the programme's donor statement (a range of days, CSV or XLSX) and its edit.
const ShowActions = () => {
  const p = useRecordContext<Programme>();
  return (
    <TopToolbar>
      {p && <StatementButton programmeId={p.id} />}
      <EditButton />
    </TopToolbar>
  );
};

const SUMMARY = [
  [<TextField source="name" />, <TextField source="funder" />, <TextField source="currency" />, <DayField source="startsOn" />, <DayField source="endsOn" />],
  [
    <FunctionField source="oblasts" render={() => <Oblasts />} />,
    <FunctionField source="approvalThresholdMinor" render={() => <Threshold />} />,
    <BooleanField source="active" />,
    <FunctionField source="matchRatioPercent" render={() => <MatchingTerms />} />,
  ],
];

export const ProgrammeShow = () => (
  <Show actions={<ShowActions />}>
    <Stack spacing={2} sx={{ p: 2 }} data-testid="programme-show">
      <FieldColumns columns={SUMMARY} />
      <Labeled label="app.programmes.eligibility">
        <EligibilityText />
      </Labeled>
      <ProgrammeBudget />
    </Stack>
  </Show>
);
