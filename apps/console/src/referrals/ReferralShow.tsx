import { Alert, Box, Divider, Link as MuiLink, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { Labeled, RecordContextProvider, Show, usePermissions, useLocaleState, useRecordContext, useTranslate } from 'react-admin';
import { CaseDetailsPanel } from '../cases/CaseDetailsPanel';
import { ReferralDocuments } from '../documents/DocumentTabs';
import { formatDateTime, formatDay } from '../shared/dates';
import { EnumArrayField } from '../shared/fields';
import { ScrollX } from '../shared/ShowLayout';
import { ShowSection } from '../shared/ShowSection';
import { ReferralTransitionButtons } from './ReferralActions';
import { ReferralNotes } from './ReferralNotes';
import { ConsentWithdrawnChip, OverdueChip, ReferralStatusChip } from './ReferralFields';
import { isReferralOverdue, type Referral, type ReferralEpisode, type SharedReturnee } from './referralModel';

const F = (key: string) => `resources.referrals.fields.${key}`;

const Item = ({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) => (
  <Labeled label={label}>
    <Typography variant="body2" component="span" sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid={testId}>
      {children}
    </Typography>
  </Labeled>
);

const ReferralTitle = () => {
  const record = useRecordContext<Referral>();
  const translate = useTranslate();
  if (!record) return null;
  const none = translate('app.not_set');
  return <span>{translate('app.referrals.show_title', { caseCode: record.caseCode ?? none, organizationName: record.organizationName ?? none })}</span>;
};

// Status, overdue and consent at a glance, with the moves open to this user.
const StatusBar = () => {
  const record = useRecordContext<Referral>();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }} data-testid="referral-status-bar">
      <Typography variant="subtitle2">{translate(F('status'))}:</Typography>
      <ReferralStatusChip status={record.status} />
      {isReferralOverdue(record) && <OverdueChip />}
      {record.consentActive === false && <ConsentWithdrawnChip />}
      <Box sx={{ flexGrow: 1 }} />
      <ReferralTransitionButtons />
    </Stack>
  );
};

const About = () => {
  const record = useRecordContext<Referral>();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { permissions } = usePermissions();
  if (!record) return null;
  const ngo = permissions === 'ngo_staff';
  const none = translate('app.not_set');
  // the API sends no reason to an organisation once the consent stops covering the case side's words
  const hidden = ngo && record.reason === null;
  const caseCode =
    ngo || !record.caseCode ? (
      (record.caseCode ?? none)
    ) : (
      <MuiLink component={Link} to={`/cases/${record.caseId}/show/referrals`}>
        {record.caseCode}
      </MuiLink>
    );
  return (
    <ShowSection title="app.referrals.section_referral">
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={4}>
        <Stack spacing={1}>
          <Item label={F('caseCode')}>{caseCode}</Item>
          <Item label={F('caseType')}>{record.caseType ? translate(`enums.case_type.${record.caseType}`, { _: record.caseType }) : none}</Item>
          <Item label={F('caseTitle')}>{record.caseTitle ?? (hidden ? translate('app.referrals.case_text_hidden') : none)}</Item>
          {!ngo && record.returneeId && (
            <Item label={F('returneeName')}>
              <MuiLink component={Link} to={`/returnees/${record.returneeId}/show`}>
                {record.returneeName ?? translate('app.not_set')}
              </MuiLink>
            </Item>
          )}
        </Stack>
        <Stack spacing={1}>
          <Item label={F('organizationName')}>{record.organizationName ?? none}</Item>
          <Item label={F('createdByName')}>{record.createdByName ?? none}</Item>
          <Item label={F('respondBy')}>{formatDateTime(record.respondBy, locale)}</Item>
          <Labeled label={F('sharedFields')}>
            <EnumArrayField source="sharedFields" group="shared_field" />
          </Labeled>
        </Stack>
      </Stack>
      <Box sx={{ mt: 2 }}>
        <Item label={F('reason')} testId="referral-reason">
          {record.reason ?? translate('app.referrals.case_text_hidden')}
        </Item>
      </Box>
    </ShowSection>
  );
};

const STEPS = [
  ['sentAt', null],
  ['acceptedAt', null],
  ['inServiceAt', null],
  ['completedAt', 'outcome'],
  ['declinedAt', 'declinedReason'],
  ['cancelledAt', 'cancelReason'],
] as const;

// The closed loop so far: each step that happened, with the text that came with it.
const Timeline = () => {
  const record = useRecordContext<Referral>();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  if (!record) return null;
  const steps = STEPS.filter(([at]) => record[at]);
  return (
    <ShowSection title="app.referrals.section_timeline" testId="referral-timeline">
      <Stack spacing={1} divider={<Divider flexItem />}>
        {steps.map(([at, note]) => (
          <Box key={at} data-testid={`referral-step-${at}`}>
            <Typography variant="body2">
              <strong>{translate(F(at))}</strong> · {formatDateTime(record[at], locale)}
            </Typography>
            {note && record[note] && (
              <Typography variant="body2" color="text.secondary" sx={{ whiteSpace: 'pre-wrap' }}>
                {translate(F(note))}: {record[note]}
              </Typography>
            )}
          </Box>
        ))}
      </Stack>
    </ShowSection>
  );
};

const PERSON_FIELDS = ['fullName', 'sex', 'birthDate', 'pin', 'phone', 'address'] as const;

const banText = (ban: ReferralEpisode['entryBan'], translate: (k: string, o?: Record<string, unknown>) => string, locale: string): string => {
  if (ban == null) return translate('app.not_set');
  const active = typeof ban === 'boolean' ? ban : !!ban.active;
  if (!active) return translate('ra.boolean.false');
  const until = typeof ban === 'object' ? ban.until : null;
  return until ? translate('app.returnees.entry_ban_until', { date: formatDay(until, locale) }) : translate('ra.boolean.true');
};

const Episodes = ({ episodes }: { episodes: ReferralEpisode[] }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const E = (k: string) => translate(`resources.returnees.fields.episodes.${k}`);
  if (episodes.length === 0) return <Typography variant="body2">{translate('app.returnees.no_episodes')}</Typography>;
  return (
    <ScrollX>
      <Table size="small" data-testid="referral-episodes">
        <TableHead>
          <TableRow>
            <TableCell>{E('country')}</TableCell>
            <TableCell>{E('departedOn')}</TableCell>
            <TableCell>{E('returnedOn')}</TableCell>
            <TableCell>{E('returnReason')}</TableCell>
            <TableCell>{E('entryBan.active')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {episodes.map((e, i) => (
            <TableRow key={i}>
              <TableCell>{translate(`enums.country.${e.country}`, { _: e.country })}</TableCell>
              <TableCell>{formatDay(e.departedOn, locale) || translate('app.not_set')}</TableCell>
              <TableCell>{formatDay(e.returnedOn, locale) || translate('app.not_set')}</TableCell>
              <TableCell>{e.returnReason ? translate(`enums.return_reason.${e.returnReason}`, { _: e.returnReason }) : translate('app.not_set')}</TableCell>
              <TableCell>{banText(e.entryBan, translate, locale)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </ScrollX>
  );
};

// For NGO staff: only what the referral shares, and nothing once consent is gone (the API already leaves it out).
const SharedData = () => {
  const record = useRecordContext<Referral>();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  if (!record) return null;
  const person: SharedReturnee = record.returnee ?? {};
  const present = PERSON_FIELDS.filter((k) => person[k] != null && person[k] !== '');
  const value = (k: (typeof PERSON_FIELDS)[number]): string => {
    const v = String(person[k]);
    if (k === 'sex') return translate(`enums.sex.${v}`, { _: v });
    if (k === 'birthDate') return formatDay(v, locale);
    return v;
  };
  const hasDetails = record.caseDetails != null && Object.keys(record.caseDetails).length > 0;
  const nothing = present.length === 0 && !Array.isArray(person.episodes) && !hasDetails;
  return (
    <ShowSection title="app.referrals.section_shared" testId="referral-shared">
      {record.consentActive === false ? (
        <Alert severity="warning" data-testid="referral-consent-notice">
          {translate('app.referrals.consent_withdrawn')}
        </Alert>
      ) : nothing ? (
        <Typography variant="body2">{translate('app.referrals.nothing_shared')}</Typography>
      ) : (
        <Stack spacing={2}>
          {present.length > 0 && (
            <Stack direction="row" spacing={4} useFlexGap sx={{ flexWrap: 'wrap' }}>
              {present.map((k) => (
                <Item key={k} label={`resources.returnees.fields.${k}`} testId={`shared-${k}`}>
                  {value(k)}
                </Item>
              ))}
            </Stack>
          )}
          {Array.isArray(person.episodes) && (
            <Box>
              <Typography variant="subtitle2">{translate('app.returnees.section_episodes')}</Typography>
              <Episodes episodes={person.episodes} />
            </Box>
          )}
          {hasDetails && (
            <Box data-testid="referral-case-details">
              <Typography variant="subtitle2" gutterBottom>
                {translate('app.cases.details_title')}
              </Typography>
              {/* the case panel reads type and details from its record */}
              <RecordContextProvider value={{ id: record.caseId, type: record.caseType, details: record.caseDetails }}>
                <CaseDetailsPanel />
              </RecordContextProvider>
            </Box>
          )}
        </Stack>
      )}
    </ShowSection>
  );
};

// Office staff: the organisation no longer sees what was shared (the person's data stays on the returnee's page).
const StaffConsentNotice = () => {
  const record = useRecordContext<Referral>();
  const translate = useTranslate();
  if (!record || record.consentActive !== false) return null;
  return (
    <Alert severity="warning" data-testid="referral-consent-notice">
      {translate('app.referrals.consent_withdrawn_staff')}
    </Alert>
  );
};

const Body = () => {
  const { permissions } = usePermissions();
  const ngo = permissions === 'ngo_staff';
  return (
    <Stack spacing={2} sx={{ p: 2 }}>
      <StatusBar />
      {!ngo && <StaffConsentNotice />}
      <About />
      <Timeline />
      {ngo && <SharedData />}
      <ReferralDocuments />
      <ShowSection title="app.referrals.notes.title" testId="referral-notes-section">
        <ReferralNotes />
      </ShowSection>
    </Stack>
  );
};

export const ReferralShow = () => (
  <Show title={<ReferralTitle />} actions={false}>
    <Body />
  </Show>
);
