import { Alert, Box } from '@mui/material';
import { useState } from 'react';
import { useLocaleState, useTranslate } from 'react-admin';
import { FormTextField } from '../shared/FormDialog';
import { useChecklist } from './CaseChecklist';
import { checklistLabel, needsMissingReason } from './documentModel';

export const MISSING_REASON_CODE = 'MISSING_DOCUMENTS_REASON_REQUIRED';

// Whether closing this case must say why documents are missing: a pension claim whose checklist is incomplete, or the
// API said so (a checklist changed meanwhile). `refused()` records the API's answer.
export const useMissingDocumentsReason = (caseRef: { id: string; type?: string } | undefined, closing: boolean) => {
  const [refused, setRefused] = useState(false);
  const { data: checklist } = useChecklist(caseRef?.id, closing && caseRef?.type === 'pension_claim');
  return {
    needed: closing && (refused || needsMissingReason(caseRef?.type, checklist)),
    checklist,
    refused: () => setRefused(true),
  };
};

// What is missing, and the supervisor's reason for closing anyway.
export const MissingDocumentsReasonField = ({ caseRef }: { caseRef: { id: string; type?: string } }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { data: checklist } = useChecklist(caseRef.id, caseRef.type === 'pension_claim');
  const missing = (checklist?.items ?? []).filter((i) => i.status !== 'present');
  const names = missing.map((i) =>
    checklistLabel(
      i,
      locale,
      (t) => translate(`enums.document_type.${t}`, { _: t }),
      (c) => translate(`enums.country.${c}`, { _: c }),
    ),
  );
  return (
    <Box sx={{ mt: 1 }} data-testid="missing-documents">
      <Alert severity="warning" sx={{ mb: 2 }}>
        {translate('app.documents.checklist.missing_on_close')}
        {names.length > 0 && (
          <Box component="ul" sx={{ my: 0.5, pl: 2.5 }}>
            {names.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </Box>
        )}
      </Alert>
      <FormTextField
        name="missingDocumentsReason"
        label={translate('app.documents.checklist.missing_reason')}
        required
        fullWidth
        multiline
        minRows={2}
        helperText={translate('app.documents.checklist.missing_reason_hint')}
        slotProps={{ htmlInput: { maxLength: 2000, 'data-testid': 'missing-documents-reason' } }}
      />
    </Box>
  );
};
