import UploadIcon from '@mui/icons-material/UploadFile';
import { Box, Button, MenuItem, Stack } from '@mui/material';
import { useState } from 'react';
import { useGetList, useGetOne, useTranslate } from 'react-admin';
import { useFormContext } from 'react-hook-form';
import type { DocumentRecord, DocumentType } from '../documents/documentModel';
import { UploadDialog } from '../documents/UploadDialog';
import type { Plan } from '../plans/planModel';
import { FormTextField } from '../shared/FormDialog';

// A document of the returnee's file picked for an assistance form (a disbursement's receipt or delivery note, a 1+1
// application's own-contribution evidence): the returnee's documents newest first (GET /api/documents with
// filter {returneeId}), or one uploaded on the spot through the documents' own upload dialog, which is then picked.
export const DocumentPickerField = ({
  name,
  returneeId,
  label,
  hint,
  presetType = 'other',
  testId,
}: {
  name: string;
  returneeId: string;
  label: string;
  hint: string;
  presetType?: DocumentType;
  testId: string;
}) => {
  const translate = useTranslate();
  const { setValue } = useFormContext();
  const [uploading, setUploading] = useState(false);
  const { data: documents = [], refetch } = useGetList<DocumentRecord>('documents', {
    filter: { returneeId },
    pagination: { page: 1, perPage: 100 },
    sort: { field: 'createdAt', order: 'DESC' },
  });
  return (
    <Stack spacing={1}>
      <FormTextField name={name} select label={translate(label)} fullWidth helperText={translate(hint)} slotProps={{ htmlInput: { 'data-testid': testId } }}>
        <MenuItem value="">{translate('app.assistance.document_none')}</MenuItem>
        {documents.map((d) => (
          <MenuItem key={d.id} value={d.id}>
            {`${d.title} · ${translate(`enums.document_type.${d.type}`)}`}
          </MenuItem>
        ))}
      </FormTextField>
      <Button size="small" startIcon={<UploadIcon />} onClick={() => setUploading(true)} sx={{ alignSelf: 'flex-start' }} data-testid={`${testId}-upload`}>
        {translate('app.assistance.document_upload')}
      </Button>
      {/* the upload dialog is portalled but its React events still bubble: its submit (and Ctrl+Enter) must not reach
          the assistance form around it */}
      {uploading && (
        <Box component="span" onSubmit={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()}>
          <UploadDialog
            attach={{ returneeId }}
            presetType={presetType}
            onClose={() => setUploading(false)}
            onUploaded={async (doc) => {
              await refetch();
              setValue(name, doc.id, { shouldDirty: true });
            }}
          />
        </Box>
      )}
    </Stack>
  );
};

// A goal of the returnee's current reintegration plan that the assistance serves (planGoalId): the goals not achieved
// or dropped, read as the Plan tab reads the plan (the current version, then its goals).
export const PlanGoalField = ({ name, returneeId, testId }: { name: string; returneeId: string; testId: string }) => {
  const translate = useTranslate();
  const { data: plans = [] } = useGetList<Plan>('plans', {
    filter: { returneeId, current: true },
    sort: { field: 'createdAt', order: 'DESC' },
    pagination: { page: 1, perPage: 1 },
  });
  const planId = plans[0]?.id;
  const { data: plan } = useGetOne<Plan>('plans', { id: planId ?? '' }, { enabled: !!planId });
  const goals = (plan?.goals ?? []).filter((g) => g.id && g.status !== 'achieved' && g.status !== 'dropped');
  if (goals.length === 0) return null;
  return (
    <FormTextField
      name={name}
      select
      label={translate('app.assistance.fields.planGoalId')}
      fullWidth
      helperText={translate('app.assistance.plan_goal_hint')}
      slotProps={{ htmlInput: { 'data-testid': testId } }}
    >
      <MenuItem value="">{translate('app.assistance.plan_goal_none')}</MenuItem>
      {goals.map((g) => (
        <MenuItem key={g.id} value={g.id}>
          {`${translate(`enums.goal_dimension.${g.dimension}`)}: ${g.text}`}
        </MenuItem>
      ))}
    </FormTextField>
  );
};
