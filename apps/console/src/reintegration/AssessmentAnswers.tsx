import { Alert, Box, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import { useLocaleState, useTranslate } from 'react-admin';
import { fetchAssessmentFormVersion } from './assessmentCalls';
import type { Assessment } from './assessmentModel';
import { inLanguage, type Survey } from './reintegrationModel';

// The answers of one assessment, read against the form version it was taken under, in the UI language.
export const AssessmentAnswers = ({ assessment }: { assessment: Assessment }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const [form, setForm] = useState<Survey | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    fetchAssessmentFormVersion(assessment.formVersion).then(
      (f) => live && setForm(f),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [assessment.formVersion]);
  if (failed) return <Alert severity="error">{translate('app.assessment.form_error')}</Alert>;
  if (!form) return <Typography color="text.secondary">{translate('ra.page.loading')}</Typography>;
  return (
    <Box data-testid="assessment-answers" sx={{ py: 1 }}>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {translate('app.assessment.form_version', { version: form.version })}
      </Typography>
      {form.dimensions.map((d) => (
        <Box key={d.id} component="section" sx={{ mb: 1.5 }}>
          <Typography variant="subtitle2" component="h4">
            {inLanguage(d.label, locale)}
          </Typography>
          <Box component="dl" sx={{ m: 0, display: 'grid', gridTemplateColumns: { sm: 'minmax(0, 2fr) minmax(0, 1fr)' }, columnGap: 2 }}>
            {d.questions.map((q) => {
              const option = q.options.find((o) => o.id === assessment.answers[q.id]);
              return (
                <Box key={q.id} sx={{ display: 'contents' }}>
                  <Typography component="dt" variant="body2" color="text.secondary">
                    {inLanguage(q.text, locale)}
                  </Typography>
                  <Typography component="dd" variant="body2" sx={{ m: 0, mb: 0.5 }} data-testid={`assessment-answer-${q.id}`}>
                    {option ? inLanguage(option.label, locale) : '—'}
                  </Typography>
                </Box>
              );
            })}
          </Box>
        </Box>
      ))}
    </Box>
  );
};
