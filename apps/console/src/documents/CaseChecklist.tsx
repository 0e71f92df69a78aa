import UploadIcon from '@mui/icons-material/UploadFileOutlined';
import { Box, Button, Chip, Stack, Typography, type ChipProps } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { HttpError, useLocaleState, useTranslate } from 'react-admin';
import { ShowSection } from '../shared/ShowSection';
import { getChecklist } from './documentCalls';
import { checklistCounts, checklistLabel, uploadPreset, type ChecklistItem, type ChecklistStatus } from './documentModel';
import type { Open } from './DocumentsPanel';

const STATUS_COLOR: Record<ChecklistStatus, ChipProps['color']> = { present: 'success', missing: 'warning', expired: 'error' };

export const useChecklist = (caseId: string | undefined, enabled = true) =>
  useQuery({
    queryKey: ['case-checklist', caseId],
    queryFn: () => getChecklist(caseId as string),
    enabled: !!caseId && enabled,
    // a case type without a checklist (or an API without one yet) answers 404: nothing to show, nothing to retry
    retry: (n, e) => !(e instanceof HttpError && e.status < 500) && n < 2,
  });

const Item = ({ item, canUpload, onOpen }: { item: ChecklistItem; canUpload: boolean; onOpen: (o: Open) => void }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const label = checklistLabel(
    item,
    locale,
    (t) => translate(`enums.document_type.${t}`, { _: t }),
    (c) => translate(`enums.country.${c}`, { _: c }),
  );
  return (
    <Stack
      direction="row"
      spacing={1}
      useFlexGap
      sx={{ alignItems: 'center', flexWrap: 'wrap', py: 0.75 }}
      data-testid="checklist-item"
      data-key={item.key}
      data-status={item.status}
    >
      <Chip
        size="small"
        color={STATUS_COLOR[item.status]}
        variant={item.status === 'present' ? 'filled' : 'outlined'}
        label={translate(`enums.checklist_status.${item.status}`, { _: item.status })}
      />
      <Typography variant="body2" sx={{ flex: '1 1 12rem', overflowWrap: 'anywhere' }}>
        {label}
      </Typography>
      {canUpload && item.status !== 'present' && (
        <Button
          size="small"
          startIcon={<UploadIcon />}
          onClick={() => {
            const preset = uploadPreset(item);
            onOpen({ kind: 'upload', type: preset.type, country: preset.country });
          }}
          data-testid={`checklist-upload-${item.key}`}
          aria-label={`${translate('app.documents.upload')}: ${label}`}
        >
          {translate('app.documents.upload')}
        </Button>
      )}
    </Stack>
  );
};

// The case's required documents: each item present, missing or expired, and whether the list is complete, with an
// upload shortcut (its type preselected) for what is missing.
export const CaseChecklist = ({ caseId, canUpload, onOpen }: { caseId: string; canUpload: boolean; onOpen: (o: Open) => void }) => {
  const translate = useTranslate();
  const { data } = useChecklist(caseId);
  if (!data || data.items.length === 0) return null;
  const counts = checklistCounts(data);
  return (
    <Box sx={{ mb: 2 }}>
      <ShowSection title="app.documents.checklist.title" testId="case-checklist">
        <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap', mb: 1 }}>
          <Chip
            color={data.complete ? 'success' : 'warning'}
            label={translate(data.complete ? 'app.documents.checklist.complete' : 'app.documents.checklist.incomplete')}
            data-testid="checklist-complete"
            data-complete={String(data.complete)}
          />
          <Typography variant="body2" color="text.secondary">
            {translate('app.documents.checklist.counts', counts)}
          </Typography>
        </Stack>
        <Stack divider={<Box sx={{ borderBottom: 1, borderColor: 'divider' }} />}>
          {data.items.map((item) => (
            <Item key={`${item.key}-${item.country ?? ''}`} item={item} canUpload={canUpload} onOpen={onOpen} />
          ))}
        </Stack>
      </ShowSection>
    </Box>
  );
};
