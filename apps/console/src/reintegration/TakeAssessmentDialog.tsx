import { Alert, Box, Button, Checkbox, Chip, FormControlLabel, MenuItem, Stack, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import { useCreate, useLocaleState, useNotify, useRefresh, useTranslate } from 'react-admin';
import { useController, useForm } from 'react-hook-form';
import { FormDialog, FormTextField } from '../shared/FormDialog';
import { MissingAnswers, QuestionField } from './RecordSurveyDialog';
import { countAssessments, fetchAssessmentForm } from './assessmentCalls';
import { ASSESSMENT_KEYS, nextOccasion, scoreOf, toAssessmentCreate, type Assessment } from './assessmentModel';
import { formatScore, inLanguage, OCCASIONS, unanswered, type Occasion, type Survey } from './reintegrationModel';

// `defaultOccasion`: the occasion to start with (intake after registration, the follow-up's month at a monitoring
// contact); left out, the first assessment of a returnee is its intake and later ones "other".
type Props = { returneeId: string; defaultOccasion?: Occasion; followUpId?: string; onClose: () => void };
type Values = { occasion: Occasion; answers: Record<string, string>; selfReported: boolean };

const answerField = (questionId: string) => `answers.${questionId}`;

const SelfReported = () => {
  const translate = useTranslate();
  const { field } = useController<Values, 'selfReported'>({ name: 'selfReported' });
  return (
    <FormControlLabel
      sx={{ mb: 2, ml: 1 }}
      label={translate('app.assessment.self_reported')}
      control={
        <Checkbox
          checked={!!field.value}
          onChange={(e) => field.onChange(e.target.checked)}
          slotProps={{ input: { 'data-testid': 'assessment-self-reported' } as Record<string, unknown> }}
        />
      }
    />
  );
};

const Questions = ({ form }: { form: Survey }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  return (
    <>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} sx={{ alignItems: { sm: 'center' } }}>
        <FormTextField
          name="occasion"
          select
          label={translate('app.reintegration.occasion')}
          sx={{ minWidth: 260, mb: 2 }}
          slotProps={{ htmlInput: { 'data-testid': 'assessment-occasion' } }}
        >
          {OCCASIONS.map((o) => (
            <MenuItem key={o} value={o}>
              {translate(`app.reintegration.occasions.${o}`)}
            </MenuItem>
          ))}
        </FormTextField>
        <SelfReported />
      </Stack>
      <MissingAnswers />
      {form.dimensions.map((d, di) => (
        <Box key={d.id} component="section" sx={{ mb: 2 }}>
          <Typography variant="h6" component="h3" gutterBottom>
            {inLanguage(d.label, locale)}
          </Typography>
          {d.questions.map((q, qi) => (
            <QuestionField key={q.id} question={q} first={di === 0 && qi === 0} idPrefix="na" testPrefix="assessment" />
          ))}
        </Box>
      ))}
    </>
  );
};

// The scores the server computed, with the priorities, so the caseworker can go through them with the returnee.
export const AssessmentResult = ({ result }: { result: Assessment }) => {
  const translate = useTranslate();
  return (
    <Box data-testid="assessment-result">
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={3} sx={{ mb: 2 }}>
        {ASSESSMENT_KEYS.map((k) => (
          <Box key={k}>
            <Typography variant="body2" color="text.secondary">
              {translate(`app.assessment.scores.${k}`)}
            </Typography>
            <Typography variant={k === 'composite' ? 'h4' : 'h5'} data-testid={`assessment-result-${k}`}>
              {formatScore(scoreOf(result, k))}
            </Typography>
          </Box>
        ))}
      </Stack>
      <Typography variant="subtitle1" component="h3">
        {translate('app.assessment.priorities')}
      </Typography>
      <Box data-testid="assessment-result-priorities" sx={{ mb: 1 }}>
        {result.priorities.length === 0 ? (
          <Typography color="text.secondary">{translate('app.assessment.no_priorities')}</Typography>
        ) : (
          result.priorities.map((p) => <Chip key={p} color="warning" sx={{ mr: 1 }} label={translate(`app.assessment.scores.${p}`)} />)
        )}
      </Box>
      <Typography variant="body2" color="text.secondary">
        {translate('app.assessment.result_hint')}
      </Typography>
    </Box>
  );
};

// The needs assessment, rendered from the current form (GET /api/assessments/form) in the UI language. After saving it
// shows the scores and priorities; closing then refreshes the returnee's history.
export const TakeAssessmentDialog = ({ returneeId, defaultOccasion, followUpId, onClose }: Props) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [create] = useCreate();
  const [form, setForm] = useState<Survey | null>(null);
  const [loadFailed, setLoadFailed] = useState(false);
  const [result, setResult] = useState<Assessment | null>(null);
  const methods = useForm<Values>({ defaultValues: { occasion: defaultOccasion ?? 'intake', answers: {}, selfReported: false } });
  const { setValue } = methods;

  useEffect(() => {
    let live = true;
    fetchAssessmentForm().then(
      (f) => live && setForm(f),
      () => live && setLoadFailed(true),
    );
    // no occasion given: the first assessment of a returnee is its intake
    if (!defaultOccasion) {
      countAssessments(returneeId).then(
        (n) => live && setValue('occasion', nextOccasion(n)),
        () => undefined,
      );
    }
    return () => {
      live = false;
    };
  }, [returneeId, defaultOccasion, setValue]);

  const close = () => {
    if (result) refresh();
    onClose();
  };
  const questions = form ? form.dimensions.flatMap((d) => d.questions.map((q) => q.id)) : [];
  const missing = (v: Values) =>
    Object.fromEntries((form ? unanswered(form, v.answers ?? {}) : []).map((id) => [answerField(id), 'app.reintegration.answer_required']));
  const save = async (v: Values) => {
    const saved = await create('assessments', { data: toAssessmentCreate(returneeId, (form as Survey).version, v, followUpId) }, { returnPromise: true });
    notify('app.assessment.saved', { type: 'info' });
    setResult(saved as unknown as Assessment);
  };

  return (
    <FormDialog<Values>
      testId="assessment-dialog"
      title={translate(result ? 'app.assessment.result_title' : 'app.assessment.take_title')}
      onClose={close}
      form={methods}
      validate={missing}
      onSubmit={save}
      fieldMessages={Object.fromEntries(questions.map((id) => [answerField(id), 'app.reintegration.answer_required']))}
      submitLabel="ra.action.save"
      submitTestId="assessment-save"
      submitDisabled={!form}
      maxWidth="md"
      dividers
      actions={
        result ? (
          <Button variant="contained" onClick={close} autoFocus data-testid="assessment-done">
            {translate('ra.action.close')}
          </Button>
        ) : undefined
      }
    >
      {result ? (
        <AssessmentResult result={result} />
      ) : loadFailed ? (
        <Alert severity="error">{translate('app.assessment.form_error')}</Alert>
      ) : !form ? (
        <Typography color="text.secondary">{translate('ra.page.loading')}</Typography>
      ) : (
        <Questions form={form} />
      )}
    </FormDialog>
  );
};
