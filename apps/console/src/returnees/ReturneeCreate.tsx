import { useState } from 'react';
import { useFormContext, type FieldValues } from 'react-hook-form';
import { Create, SimpleForm, setSubmissionErrors, useDataProvider, useNotify, useRedirect, useSaveContext } from 'react-admin';
import { DuplicateDialog } from './DuplicateDialog';
import { ReturneeInputs } from './ReturneeInputs';
import {
  duplicateQuery,
  returneeDefaults,
  sameBirthDate,
  toReturneeCreate,
  type DuplicateCandidate,
  type Returnee,
  type ReturneeFormValues,
} from './returneeModel';

type Pending = { values: ReturneeFormValues; candidates: DuplicateCandidate[] };
type SaveResult = Record<string, unknown> | void | undefined;

// Asks the fuzzy search for people with a similar name and keeps those born the same day.
const useFindDuplicates = () => {
  const dataProvider = useDataProvider();
  return async (values: ReturneeFormValues): Promise<DuplicateCandidate[]> => {
    const q = duplicateQuery(values);
    if (!q || !values.birthDate) return [];
    try {
      const { data } = await dataProvider.getList<Returnee>('returnees', {
        filter: { q },
        pagination: { page: 1, perPage: 25 },
        sort: { field: 'lastName', order: 'ASC' },
      });
      return sameBirthDate(values, data);
    } catch {
      // the check is advisory; the API flags duplicates again in its response
      return [];
    }
  };
};

// Rendered inside the form so a confirmed save can still put server-side errors under the inputs.
const DuplicateGuard = ({ pending, onDone }: { pending: Pending | null; onDone: () => void }) => {
  const { save, saving } = useSaveContext();
  const { setError } = useFormContext();
  const notify = useNotify();
  const confirm = async () => {
    if (!pending || !save) return;
    const values = pending.values;
    onDone();
    const errors = (await save(values)) as SaveResult;
    if (errors && typeof errors === 'object') {
      setSubmissionErrors(errors as FieldValues, setError);
      const root = (errors as { root?: { serverError?: string } }).root;
      // serverError is already translated by the httpClient; `_` shows it as is instead of looking it up as a key
      const message = root?.serverError ?? 'ra.message.invalid_form';
      notify(message, { type: 'error', messageArgs: { _: message } });
    }
  };
  return <DuplicateDialog candidates={pending?.candidates ?? null} saving={saving} onConfirm={() => void confirm()} onCancel={onDone} />;
};

const ReturneeCreateForm = () => {
  const { save } = useSaveContext();
  const findDuplicates = useFindDuplicates();
  const [pending, setPending] = useState<Pending | null>(null);

  const onSubmit = async (values: FieldValues) => {
    const candidates = await findDuplicates(values as ReturneeFormValues);
    if (candidates.length > 0) {
      setPending({ values: values as ReturneeFormValues, candidates });
      return undefined;
    }
    return save ? ((await save(values)) as SaveResult) : undefined;
  };

  return (
    <SimpleForm onSubmit={onSubmit} defaultValues={returneeDefaults()} warnWhenUnsavedChanges>
      <ReturneeInputs withConsent />
      <DuplicateGuard pending={pending} onDone={() => setPending(null)} />
    </SimpleForm>
  );
};

export const ReturneeCreate = () => {
  const notify = useNotify();
  const redirect = useRedirect();
  const onSuccess = (data: Returnee) => {
    const flagged = data.possibleDuplicates?.length ?? 0;
    if (flagged > 0) notify('app.duplicates.flagged', { type: 'warning', messageArgs: { smart_count: flagged } });
    else notify('ra.notification.created', { type: 'info', messageArgs: { smart_count: 1 } });
    // the intake needs assessment is offered on the returnee page (a prompt, see IntakeAssessmentPrompt)
    redirect('show', 'returnees', data.id, undefined, { offerAssessment: 'intake' });
  };
  return (
    <Create transform={toReturneeCreate} mutationOptions={{ onSuccess }}>
      <ReturneeCreateForm />
    </Create>
  );
};
