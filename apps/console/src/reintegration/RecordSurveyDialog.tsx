import {
  Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, FormControl, FormControlLabel, FormHelperText, FormLabel, MenuItem, Radio,
  RadioGroup, Stack, TextField, Typography,
} from '@mui/material';
import { useEffect, useState, type FormEvent } from 'react';
import { HttpError, useCreate, useLocaleState, useNotify, useRefresh, useTranslate } from 'react-admin';
import { formatScore, inLanguage, OCCASIONS, SCORE_KEYS, unanswered, type Occasion, type ScoreRecord, type Survey } from './reintegrationModel';
import { fetchSurvey } from './surveyCall';

// `followUpId`: the monitoring follow-up this survey belongs to (recorded when the follow-up is marked done)
type Props = { returneeId: string; defaultOccasion: Occasion; followUpId?: string; onClose: () => void };

// The form is built from the survey data file (GET …/survey) in the UI language. After saving it shows the score
// the server computed, so the caseworker can tell the returnee; closing then refreshes the history.
export const RecordSurveyDialog = ({ returneeId, defaultOccasion, followUpId, onClose }: Props) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const notify = useNotify();
  const refresh = useRefresh();
  const [create, { isPending }] = useCreate();
  const [survey, setSurvey] = useState<Survey | null>(null);
  const [loadFailed, setLoadFailed] = useState(false);
  const [occasion, setOccasion] = useState<Occasion>(defaultOccasion);
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [missing, setMissing] = useState<string[]>([]);
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
  const choose = (questionId: string, optionId: string) => {
    setAnswers((prev) => ({ ...prev, [questionId]: optionId }));
    setMissing((prev) => prev.filter((id) => id !== questionId));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!survey || isPending) return;
    const notYet = unanswered(survey, answers);
    setMissing(notYet);
    if (notYet.length > 0) {
      document.getElementById(`rss-q-${notYet[0]}`)?.querySelector('input')?.focus();
      return;
    }
    void create(
      'reintegration-scores',
      { data: { returneeId, occasion, answers, ...(followUpId ? { followUpId } : {}) } },
      {
        onSuccess: (saved) => {
          notify('app.reintegration.saved', { type: 'info' });
          setResult(saved as unknown as ScoreRecord);
        },
        onError: (error) => {
          const message = (error as Error)?.message || 'ra.notification.http_error';
          notify(message, { type: 'error', messageArgs: { _: message } });
          // the server names unknown or missing answers as answers.<questionId>
          const errors = error instanceof HttpError ? ((error.body as { errors?: Record<string, string> } | undefined)?.errors ?? {}) : {};
          setMissing(Object.keys(errors).filter((k) => k.startsWith('answers.')).map((k) => k.slice('answers.'.length)));
        },
      },
    );
  };

  return (
    <Dialog open onClose={close} aria-labelledby="record-survey-title" data-testid="record-survey-dialog" fullWidth maxWidth="md">
      <form onSubmit={submit} noValidate>
        <DialogTitle id="record-survey-title">{translate(result ? 'app.reintegration.result_title' : 'app.reintegration.record_title')}</DialogTitle>
        <DialogContent dividers>
          {result ? (
            <Box data-testid="survey-result">
              <Stack direction={{ xs: 'column', sm: 'row' }} spacing={3} sx={{ mb: 2 }}>
                {SCORE_KEYS.map((k) => (
                  <Box key={k}>
                    <Typography variant="body2" color="text.secondary">{translate(`app.reintegration.scores.${k}`)}</Typography>
                    <Typography variant={k === 'overall' ? 'h4' : 'h5'} data-testid={`survey-result-${k}`}>{formatScore(result[k])}</Typography>
                  </Box>
                ))}
              </Stack>
              <Typography variant="body2" color="text.secondary">{translate('app.reintegration.result_hint')}</Typography>
            </Box>
          ) : loadFailed ? (
            <Alert severity="error">{translate('app.reintegration.survey_error')}</Alert>
          ) : !survey ? (
            <Typography color="text.secondary">{translate('ra.page.loading')}</Typography>
          ) : (
            <>
              <TextField
                select
                label={translate('app.reintegration.occasion')}
                value={occasion}
                onChange={(e) => setOccasion(e.target.value as Occasion)}
                sx={{ minWidth: 260, mb: 2 }}
                slotProps={{ htmlInput: { 'data-testid': 'survey-occasion' } }}
              >
                {OCCASIONS.map((o) => (
                  <MenuItem key={o} value={o}>{translate(`app.reintegration.occasions.${o}`)}</MenuItem>
                ))}
              </TextField>
              {missing.length > 0 && <Alert severity="warning" sx={{ mb: 2 }} role="alert">{translate('app.reintegration.answer_all')}</Alert>}
              {survey.dimensions.map((d, di) => (
                <Box key={d.id} component="section" sx={{ mb: 2 }}>
                  <Typography variant="h6" component="h3" gutterBottom>{inLanguage(d.label, locale)}</Typography>
                  {d.questions.map((q, qi) => {
                    const labelId = `rss-q-${q.id}-label`;
                    const isMissing = missing.includes(q.id);
                    return (
                      <FormControl key={q.id} id={`rss-q-${q.id}`} component="fieldset" required error={isMissing} sx={{ display: 'block', mb: 1.5 }} data-testid={`survey-question-${q.id}`}>
                        <FormLabel component="legend" id={labelId}>{inLanguage(q.text, locale)}</FormLabel>
                        <RadioGroup aria-labelledby={labelId} name={q.id} value={answers[q.id] ?? ''} onChange={(e) => choose(q.id, e.target.value)}>
                          {q.options.map((o, oi) => (
                            <FormControlLabel
                              key={o.id}
                              value={o.id}
                              label={inLanguage(o.label, locale)}
                              control={<Radio size="small" autoFocus={di === 0 && qi === 0 && oi === 0} slotProps={{ input: { 'data-testid': `survey-${q.id}-${o.id}` } as Record<string, string> }} />}
                            />
                          ))}
                        </RadioGroup>
                        {isMissing && <FormHelperText>{translate('app.reintegration.answer_required')}</FormHelperText>}
                      </FormControl>
                    );
                  })}
                </Box>
              ))}
            </>
          )}
        </DialogContent>
        <DialogActions>
          {result ? (
            <Button variant="contained" onClick={close} autoFocus data-testid="survey-done">{translate('ra.action.close')}</Button>
          ) : (
            <>
              <Button onClick={close}>{translate('ra.action.cancel')}</Button>
              <Button type="submit" variant="contained" disabled={!survey || isPending} data-testid="survey-save">{translate('ra.action.save')}</Button>
            </>
          )}
        </DialogActions>
      </form>
    </Dialog>
  );
};
