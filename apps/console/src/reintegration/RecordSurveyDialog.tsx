import { Alert, Box, Button, FormControl, FormControlLabel, FormHelperText, FormLabel, MenuItem, Radio, RadioGroup, Stack, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import { useCreate, useLocaleState, useNotify, useRefresh, useTranslate } from 'react-admin';
import { useController, useFormState } from 'react-hook-form';
import { FormDialog, FormTextField } from '../shared/FormDialog';
import { formatScore, inLanguage, OCCASIONS, SCORE_KEYS, unanswered, type Occasion, type ScoreRecord, type Survey } from './reintegrationModel';
import { fetchSurvey } from './reintegrationCalls';

// `followUpId`: the monitoring follow-up this survey belongs to (recorded when the follow-up is marked done)
type Props = { returneeId: string; defaultOccasion: Occasion; followUpId?: string; onClose: () => void };
type Values = { occasion: Occasion; answers: Record<string, string> };
type Question = Survey['dimensions'][number]['questions'][number];

// the server names unknown or missing answers as answers.<questionId>, as the form does
const answerField = (questionId: string) => `answers.${questionId}`;

// One question as a radio group named by its text; shared with the needs assessment (TakeAssessmentDialog), whose
// element ids and test ids take their own prefixes.
export const QuestionField = ({
  question,
  first,
  idPrefix = 'rss',
  testPrefix = 'survey',
}: {
  question: Question;
  first: boolean;
  idPrefix?: string;
  testPrefix?: string;
}) => {
  const [locale] = useLocaleState();
  const { field, fieldState } = useController<Values>({ name: `answers.${question.id}`, defaultValue: '' });
  const labelId = `${idPrefix}-q-${question.id}-label`;
  return (
    <FormControl
      id={`${idPrefix}-q-${question.id}`}
      component="fieldset"
      required
      error={!!fieldState.error}
      sx={{ display: 'block', mb: 1.5 }}
      data-testid={`${testPrefix}-question-${question.id}`}
    >
      <FormLabel component="legend" id={labelId}>
        {inLanguage(question.text, locale)}
      </FormLabel>
      <RadioGroup aria-labelledby={labelId} name={question.id} value={field.value ?? ''} onChange={(e) => field.onChange(e.target.value)}>
        {question.options.map((o, oi) => (
          <FormControlLabel
            key={o.id}
            value={o.id}
            label={inLanguage(o.label, locale)}
            control={
              <Radio
                size="small"
                autoFocus={first && oi === 0}
                slotProps={{
                  input: { 'data-testid': `${testPrefix}-${question.id}-${o.id}`, ...(oi === 0 ? { ref: field.ref } : {}) } as Record<string, unknown>,
                }}
              />
            }
          />
        ))}
      </RadioGroup>
      {fieldState.error && <FormHelperText>{fieldState.error.message}</FormHelperText>}
    </FormControl>
  );
};

export const MissingAnswers = () => {
  const translate = useTranslate();
  const { errors } = useFormState<Values>({ name: 'answers' });
  if (!errors.answers) return null;
  return (
    <Alert severity="warning" sx={{ mb: 2 }} role="alert">
      {translate('app.reintegration.answer_all')}
    </Alert>
  );
};

const SurveyQuestions = ({ survey }: { survey: Survey }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  return (
    <>
      <FormTextField
        name="occasion"
        select
        label={translate('app.reintegration.occasion')}
        sx={{ minWidth: 260, mb: 2 }}
        slotProps={{ htmlInput: { 'data-testid': 'survey-occasion' } }}
      >
        {OCCASIONS.map((o) => (
          <MenuItem key={o} value={o}>
            {translate(`app.reintegration.occasions.${o}`)}
          </MenuItem>
        ))}
      </FormTextField>
      <MissingAnswers />
      {survey.dimensions.map((d, di) => (
        <Box key={d.id} component="section" sx={{ mb: 2 }}>
          <Typography variant="h6" component="h3" gutterBottom>
            {inLanguage(d.label, locale)}
          </Typography>
          {d.questions.map((q, qi) => (
            <QuestionField key={q.id} question={q} first={di === 0 && qi === 0} />
          ))}
        </Box>
      ))}
    </>
  );
};

const SurveyResult = ({ result }: { result: ScoreRecord }) => {
  const translate = useTranslate();
  return (
    <Box data-testid="survey-result">
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={3} sx={{ mb: 2 }}>
        {SCORE_KEYS.map((k) => (
          <Box key={k}>
            <Typography variant="body2" color="text.secondary">
              {translate(`app.reintegration.scores.${k}`)}
            </Typography>
            <Typography variant={k === 'overall' ? 'h4' : 'h5'} data-testid={`survey-result-${k}`}>
              {formatScore(result[k])}
            </Typography>
          </Box>
        ))}
      </Stack>
      <Typography variant="body2" color="text.secondary">
        {translate('app.reintegration.result_hint')}
      </Typography>
    </Box>
  );
};

// The form is built from the survey data file (GET …/survey) in the UI language. After saving it shows the score
// the server computed, so the caseworker can tell the returnee; closing then refreshes the history.
export const RecordSurveyDialog = ({ returneeId, defaultOccasion, followUpId, onClose }: Props) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [create] = useCreate();
  const [survey, setSurvey] = useState<Survey | null>(null);
  const [loadFailed, setLoadFailed] = useState(false);
  const [result, setResult] = useState<ScoreRecord | null>(null);

  useEffect(() => {
    let live = true;
    fetchSurvey().then(
      (s) => live && setSurvey(s),
      () => live && setLoadFailed(true),
    );
    return () => {
      live = false;
    };
  }, []);

  const close = () => {
    if (result) refresh();
    onClose();
  };
  const questions = survey ? survey.dimensions.flatMap((d) => d.questions.map((q) => q.id)) : [];
  const missing = (v: Values) =>
    Object.fromEntries((survey ? unanswered(survey, v.answers ?? {}) : []).map((id) => [answerField(id), 'app.reintegration.answer_required']));
  const save = async ({ occasion, answers }: Values) => {
    const saved = await create(
      'reintegration-scores',
      { data: { returneeId, occasion, answers, ...(followUpId ? { followUpId } : {}) } },
      { returnPromise: true },
    );
    notify('app.reintegration.saved', { type: 'info' });
    setResult(saved as unknown as ScoreRecord);
  };

  return (
    <FormDialog<Values>
      testId="record-survey-dialog"
      title={translate(result ? 'app.reintegration.result_title' : 'app.reintegration.record_title')}
      onClose={close}
      defaultValues={{ occasion: defaultOccasion, answers: {} }}
      validate={missing}
      onSubmit={save}
      fieldMessages={Object.fromEntries(questions.map((id) => [answerField(id), 'app.reintegration.answer_required']))}
      submitLabel="ra.action.save"
      submitTestId="survey-save"
      submitDisabled={!survey}
      maxWidth="md"
      dividers
      actions={
        result ? (
          <Button variant="contained" onClick={close} autoFocus data-testid="survey-done">
            {translate('ra.action.close')}
          </Button>
        ) : undefined
      }
    >
      {result ? (
        <SurveyResult result={result} />
      ) : loadFailed ? (
        <Alert severity="error">{translate('app.reintegration.survey_error')}</Alert>
      ) : !survey ? (
        <Typography color="text.secondary">{translate('ra.page.loading')}</Typography>
      ) : (
        <SurveyQuestions survey={survey} />
      )}
    </FormDialog>
  );
};
