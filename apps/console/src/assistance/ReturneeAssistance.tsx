import AddIcon from '@mui/icons-material/Add';
import { Box, Button, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import { ListBase, Pagination, useGetMany, useListContext, usePermissions, useRecordContext, useTranslate } from 'react-admin';
import { EmptyState } from '../shared/EmptyState';
import type { AssistanceItem, Programme } from './assistanceModel';
import { ProposeDialog } from './AssistanceDialogs';
import { AssistanceCard, useProgrammesOf } from './AssistanceItems';
import { MatchingCard, MatchingDialog } from './MatchingDialogs';
import type { MatchingApplication } from './matchingModel';

// Office staff propose; admins read (and give second approvals from the approvals page).
const canPropose = (role: unknown) => role === 'supervisor' || role === 'caseworker';

const ProposeButton = ({ onClick, variant = 'outlined' }: { onClick: () => void; variant?: 'outlined' | 'contained' }) => {
  const translate = useTranslate();
  return (
    <Button variant={variant} size="small" startIcon={<AddIcon />} onClick={onClick} data-testid="assistance-propose">
      {translate('app.assistance.propose')}
    </Button>
  );
};

const Items = ({ onPropose }: { onPropose?: () => void }) => {
  const translate = useTranslate();
  const { data, isPending, error, total, perPage } = useListContext<AssistanceItem>();
  const programmeOf = useProgrammesOf(data ?? []);
  if (error) return <Typography color="error">{translate('app.assistance.load_error')}</Typography>;
  if (isPending) return <Typography color="text.secondary">{translate('ra.page.loading')}</Typography>;
  if (!data || data.length === 0) {
    return (
      <EmptyState
        title="app.assistance.empty.title"
        hint="app.assistance.empty.hint"
        testId="assistance-empty"
        action={onPropose ? <ProposeButton variant="contained" onClick={onPropose} /> : undefined}
      />
    );
  }
  return (
    <>
      {onPropose && (
        <Box sx={{ mb: 1 }}>
          <ProposeButton onClick={onPropose} />
        </Box>
      )}
      <Stack spacing={1.5}>
        {data.map((item) => (
          <AssistanceCard key={item.id} item={item} programme={programmeOf(item.programmeId)} />
        ))}
      </Stack>
      {(total ?? 0) > perPage && <Pagination rowsPerPageOptions={[perPage]} />}
    </>
  );
};

// The returnee's 1+1 applications (newest first) with the committee's decisions; nothing when there are none.
const Applications = () => {
  const translate = useTranslate();
  const { data = [] } = useListContext<MatchingApplication>();
  const ids = [...new Set(data.map((a) => a.programmeId))];
  const { data: programmes = [] } = useGetMany<Programme>('programmes', { ids }, { enabled: ids.length > 0 });
  if (data.length === 0) return null;
  return (
    <Box component="section" sx={{ mb: 2 }} data-testid="matching-applications">
      <Typography variant="h6" component="h2" gutterBottom>
        {translate('app.matching.applications')}
      </Typography>
      <Stack spacing={1.5}>
        {data.map((a) => (
          <MatchingCard key={a.id} a={a} programme={programmes.find((p) => p?.id === a.programmeId)} />
        ))}
      </Stack>
    </Box>
  );
};

const MatchingButton = ({ onClick }: { onClick: () => void }) => {
  const translate = useTranslate();
  return (
    <Button variant="outlined" size="small" startIcon={<AddIcon />} onClick={onClick} data-testid="matching-create">
      {translate('app.matching.create_title')}
    </Button>
  );
};

// The returnee's Assistance tab: the items (newest first) with their state and steps, and the proposal dialog.
export const ReturneeAssistance = () => {
  const record = useRecordContext<{ id: string }>();
  const { permissions } = usePermissions();
  const [proposing, setProposing] = useState(false);
  const [matching, setMatching] = useState(false);
  if (!record) return null;
  return (
    <Box data-testid="returnee-assistance">
      {canPropose(permissions) && (
        <Box sx={{ mb: 1 }}>
          <MatchingButton onClick={() => setMatching(true)} />
        </Box>
      )}
      <ListBase
        resource="matching-applications"
        filter={{ returneeId: record.id }}
        sort={{ field: 'createdAt', order: 'DESC' }}
        perPage={25}
        disableSyncWithLocation
      >
        <Applications />
      </ListBase>
      <ListBase resource="assistance" filter={{ returneeId: record.id }} sort={{ field: 'createdAt', order: 'DESC' }} perPage={25} disableSyncWithLocation>
        <Items onPropose={canPropose(permissions) ? () => setProposing(true) : undefined} />
      </ListBase>
      {proposing && <ProposeDialog returneeId={record.id} onClose={() => setProposing(false)} />}
      {matching && <MatchingDialog returneeId={record.id} onClose={() => setMatching(false)} />}
    </Box>
  );
};
