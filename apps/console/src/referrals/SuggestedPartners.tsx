import SendIcon from '@mui/icons-material/Send';
import { Alert, Box, Button, Card, CardContent, CardHeader, CircularProgress, List, ListItem, ListItemText } from '@mui/material';
import { useState } from 'react';
import { usePermissions, useRecordContext, useTranslate } from 'react-admin';
import { EmptyState } from '../shared/EmptyState';
import { useCanRefer } from './CaseReferrals';
import { MatchReasons } from './MatchReasons';
import { matchOblast } from './matchModel';
import { ReferDialog } from './ReferDialog';
import { useOrganizationMatches } from './useOrganizationMatches';

type CaseLike = {
  id: string;
  code: string;
  type: string;
  status: string;
  returneeId: string;
  assigneeId: string | null;
  version: number;
  details: Record<string, unknown> | null;
};

const TOP = 3;

// The job placement case's "Suggested partners" card: the three best-ranked partners and why, each with a Refer
// button that opens the Refer dialog with that partner chosen. Office staff only (the ranking needs the case scope).
export const SuggestedPartners = () => {
  const record = useRecordContext<CaseLike>();
  const translate = useTranslate();
  const { permissions } = usePermissions();
  const staff = permissions === 'supervisor' || permissions === 'caseworker';
  const canRefer = useCanRefer(record);
  const { matches, loading, failed } = useOrganizationMatches(record?.id, record?.version, staff);
  const [referTo, setReferTo] = useState<string | null>(null);
  if (!record || !staff) return null;
  const oblast = matchOblast(record, null);
  const top = matches.slice(0, TOP);

  const body = loading ? (
    <CircularProgress size={20} aria-label={translate('ra.page.loading')} />
  ) : failed ? (
    <Alert severity="info">{translate('app.referrals.match.failed')}</Alert>
  ) : top.length === 0 ? (
    <EmptyState testId="suggested-partners-empty" title="app.referrals.match.empty_title" hint="app.referrals.match.empty_hint" />
  ) : (
    <List dense disablePadding>
      {top.map(({ organization: o, reasons }) => (
        <ListItem
          key={o.id}
          divider
          data-testid="suggested-partner"
          data-organization-id={o.id}
          secondaryAction={
            canRefer ? (
              <Button size="small" variant="outlined" startIcon={<SendIcon />} onClick={() => setReferTo(o.id)} data-testid="suggested-partner-refer">
                {translate('app.referrals.refer')}
              </Button>
            ) : undefined
          }
          sx={{ pr: canRefer ? 16 : 2 }}
        >
          <ListItemText primary={o.name} secondary={<MatchReasons reasons={reasons} oblast={oblast} />} slotProps={{ secondary: { component: 'span' } }} />
        </ListItem>
      ))}
    </List>
  );

  return (
    <Card variant="outlined" data-testid="suggested-partners" sx={{ maxWidth: 720 }}>
      <CardHeader
        title={translate('app.referrals.match.title')}
        subheader={translate('app.referrals.match.subtitle')}
        slotProps={{ title: { variant: 'subtitle1', component: 'h3' }, subheader: { variant: 'body2' } }}
      />
      <CardContent sx={{ pt: 0 }}>
        <Box>{body}</Box>
      </CardContent>
      {/* mounted only while open, so each opening starts from the chosen partner */}
      {referTo && <ReferDialog caseRecord={record} initialOrganizationId={referTo} onClose={() => setReferTo(null)} />}
    </Card>
  );
};
