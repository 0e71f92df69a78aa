import { Typography } from '@mui/material';
import {
  ArrayInput,
  BooleanInput,
  CheckboxGroupInput,
  DateInput,
  FormDataConsumer,
  NumberInput,
  SelectArrayInput,
  SelectInput,
  SimpleFormIterator,
  TextArrayInput,
  TextInput,
  required,
  useTranslate,
} from 'react-admin';
import { C } from '../shared/choices';
import { ITERATOR_WRAP } from '../shared/formLayout';
import { episodesRequired, nonNegative, notInFuture, phone, pin, returnedAfterDeparted } from '../shared/validators';

const Section = ({ title }: { title: string }) => {
  const translate = useTranslate();
  return (
    <Typography variant="h6" component="h2" sx={{ mt: 2 }}>
      {translate(title)}
    </Typography>
  );
};

const req = required();

// The inputs shared by the create and edit forms (react-admin's default names and labels are the browser test's hooks).
export const ReturneeInputs = ({ withConsent = false }: { withConsent?: boolean }) => (
  <>
    <Section title="app.returnees.section_identity" />
    <TextInput source="lastName" validate={req} autoFocus />
    <TextInput source="firstName" validate={req} />
    <TextInput source="patronymic" />
    <SelectInput source="sex" choices={C.sex} validate={req} />
    <DateInput source="birthDate" validate={[req, notInFuture]} />
    <TextInput source="pin" validate={pin} slotProps={{ htmlInput: { inputMode: 'numeric', maxLength: 14 } }} />

    <Section title="app.returnees.section_contact" />
    <TextInput source="phone" validate={phone} slotProps={{ htmlInput: { inputMode: 'tel' } }} />
    <SelectInput source="oblast" choices={C.oblast} validate={req} />
    <TextInput source="district" validate={req} />
    <TextInput source="address" multiline />

    <Section title="app.returnees.section_household" />
    <NumberInput source="householdSize" min={1} validate={nonNegative} />
    <NumberInput source="dependents" min={0} validate={nonNegative} />
    <SelectArrayInput source="languages" choices={C.language} />
    <SelectInput source="education" choices={C.education} />
    <TextArrayInput source="skills" />
    <SelectInput source="disability" choices={C.disability} validate={req} />
    <CheckboxGroupInput source="vulnerabilities" choices={C.vulnerability} />

    <Section title="app.returnees.section_episodes" />
    <ArrayInput source="episodes" label={false} validate={episodesRequired}>
      <SimpleFormIterator inline sx={ITERATOR_WRAP}>
        <SelectInput source="country" choices={C.country} validate={req} />
        <TextInput source="city" />
        <DateInput source="departedOn" validate={[req, notInFuture]} />
        <DateInput source="returnedOn" validate={[notInFuture, returnedAfterDeparted]} />
        <SelectInput source="sector" choices={C.sector} validate={req} />
        <SelectInput source="returnReason" choices={C.returnReason} validate={req} />
        <BooleanInput source="employmentFormal" />
        <BooleanInput source="entryBan.active" />
        <FormDataConsumer<{ entryBan?: { active?: boolean } }>>
          {({ scopedFormData }) =>
            scopedFormData?.entryBan?.active ? (
              <>
                <DateInput source="entryBan.until" />
                <TextInput source="entryBan.authority" />
              </>
            ) : null
          }
        </FormDataConsumer>
      </SimpleFormIterator>
    </ArrayInput>

    {withConsent && <ConsentInputs />}
  </>
);

const ConsentInputs = () => {
  const translate = useTranslate();
  return (
    <>
      <Section title="app.returnees.section_consent" />
      <Typography variant="body2" color="text.secondary">
        {translate('app.returnees.consent_hint')}
      </Typography>
      <CheckboxGroupInput source="consent.scope" choices={C.consentScope} />
      <DateInput source="consent.givenAt" validate={notInFuture} />
    </>
  );
};
