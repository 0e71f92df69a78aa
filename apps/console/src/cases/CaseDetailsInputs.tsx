import {
  ArrayInput,
  BooleanInput,
  DateInput,
  FormDataConsumer,
  NumberInput,
  SelectArrayInput,
  SelectInput,
  SimpleFormIterator,
  TextInput,
  required,
  useRecordContext,
} from 'react-admin';
import { C } from '../shared/choices';
import { ITERATOR_WRAP } from '../shared/formLayout';
import { nonNegative, periodEndAfterStart } from '../shared/validators';
import type { CaseDetails, CaseRecord, CaseType } from './caseModel';

const req = required();
type Values = { type?: CaseType; details?: CaseDetails };

const HealthInputs = ({ details }: { details?: CaseDetails }) => (
  <>
    <SelectInput source="details.condition" choices={C.healthCondition} validate={req} />
    <SelectInput source="details.urgency" choices={C.healthUrgency} validate={req} />
    <TextInput source="details.facility" />
    {details?.condition === 'tb' && <SelectInput source="details.tbTreatmentStage" choices={C.tbStage} />}
  </>
);

const LegalInputs = () => (
  <>
    <SelectInput source="details.issue" choices={C.legalIssue} validate={req} />
    <SelectInput source="details.country" choices={C.country} validate={req} />
    <TextInput source="details.counterpart" />
    <DateInput source="details.deadline" />
  </>
);

const JobInputs = ({ details }: { details?: CaseDetails }) => {
  const record = useRecordContext<CaseRecord>();
  const placed = details?.hasPlacement ?? Boolean(record?.details?.placement);
  return (
    <>
      <SelectArrayInput source="details.targetSectors" choices={C.sector} validate={req} />
      <SelectInput source="details.desiredOblast" choices={C.oblast} validate={req} />
      <BooleanInput source="details.training" />
      <BooleanInput source="details.hasPlacement" defaultValue={Boolean(record?.details?.placement)} />
      {placed && (
        <>
          <TextInput source="details.placement.employer" validate={req} />
          <DateInput source="details.placement.startedOn" validate={req} />
          <BooleanInput source="details.placement.formal" />
          <NumberInput source="details.placement.monthlyWageKgs" min={0} validate={[req, nonNegative]} />
        </>
      )}
    </>
  );
};

const PensionInputs = () => (
  <>
    <SelectInput source="details.country" choices={C.country} validate={req} />
    <SelectInput source="details.claimStatus" choices={C.claimStatus} validate={req} />
    <ArrayInput source="details.periods" label="resources.cases.fields.details.periodsTitle" validate={req}>
      <SimpleFormIterator inline sx={ITERATOR_WRAP}>
        <DateInput source="from" validate={req} />
        <DateInput source="to" validate={[req, periodEndAfterStart]} />
        <TextInput source="employer" />
        <BooleanInput source="documented" />
      </SimpleFormIterator>
    </ArrayInput>
  </>
);

// The `details` inputs of the chosen case type (the server's rules: libs/cases/src/dto/case-details.dto.ts).
export const CaseDetailsInputs = () => (
  <FormDataConsumer<Values>>
    {({ formData }) => {
      switch (formData.type) {
        case 'health_referral':
          return <HealthInputs details={formData.details} />;
        case 'legal_aid':
          return <LegalInputs />;
        case 'job_placement':
          return <JobInputs details={formData.details} />;
        case 'pension_claim':
          return <PensionInputs />;
        default:
          return null;
      }
    }}
  </FormDataConsumer>
);
