import { Box, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { Labeled, useLocaleState, useRecordContext, useTranslate } from 'react-admin';
import { formatDay } from '../shared/fields';
import { SuggestedPartners } from '../referrals/SuggestedPartners';
import type { CaseDetails, CaseRecord } from './caseModel';
import { ReturneeSkills } from './ReturneeSkills';
import { ScrollX } from '../shared/ShowLayout';

const F = (key: string) => `resources.cases.fields.details.${key}`;

const Item = ({ label, children }: { label: string; children: ReactNode }) => (
  <Labeled label={label}>
    <Typography variant="body2" component="span">
      {children}
    </Typography>
  </Labeled>
);

// Read-only view of the type-specific `details`, including what the API derives for pension claims.
export const CaseDetailsPanel = () => {
  const record = useRecordContext<CaseRecord>();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  if (!record) return null;
  const d: CaseDetails = record.details ?? {};
  const t = (group: string, v: unknown) => (v ? translate(`enums.${group}.${String(v)}`, { _: String(v) }) : translate('app.not_set'));
  const s = (v: unknown) => (v == null || v === '' ? translate('app.not_set') : String(v));
  const yes = (v: unknown) => translate(v ? 'ra.boolean.true' : 'ra.boolean.false');
  // derived by the API from the returnee's migration history: the ban in force, or null when none is recorded
  const entryBanText = (ban: CaseDetails['entryBan']) => {
    if (!ban) return translate('app.cases.entry_ban_none');
    const until = ban.until ? translate('app.cases.entry_ban_until', { date: formatDay(ban.until, locale) }) : translate('app.cases.entry_ban_no_end');
    return ban.authority ? `${until} (${ban.authority})` : until;
  };

  switch (record.type) {
    case 'health_referral':
      return (
        <Stack spacing={1} data-testid="details-health_referral">
          <Item label={F('condition')}>{t('health_condition', d.condition)}</Item>
          <Item label={F('urgency')}>{t('health_urgency', d.urgency)}</Item>
          <Item label={F('facility')}>{s(d.facility)}</Item>
          {d.condition === 'tb' && <Item label={F('tbTreatmentStage')}>{t('tb_stage', d.tbTreatmentStage)}</Item>}
        </Stack>
      );
    case 'legal_aid':
      return (
        <Stack spacing={1} data-testid="details-legal_aid">
          <Item label={F('issue')}>{t('legal_issue', d.issue)}</Item>
          <Item label={F('country')}>{t('country', d.country)}</Item>
          <Item label={F('counterpart')}>{s(d.counterpart)}</Item>
          <Item label={F('deadline')}>{d.deadline ? formatDay(String(d.deadline), locale) : translate('app.not_set')}</Item>
          {d.issue === 'entry_ban' && d.entryBan !== undefined && <Item label="app.cases.entry_ban">{entryBanText(d.entryBan)}</Item>}
        </Stack>
      );
    case 'job_placement': {
      const sectors = ((d.targetSectors as string[] | undefined) ?? []).map((x) => t('sector', x)).join(', ');
      const p = d.placement;
      return (
        <Stack spacing={1} data-testid="details-job_placement">
          <Item label={F('targetSectors')}>{sectors || translate('app.not_set')}</Item>
          <Item label={F('desiredOblast')}>{t('oblast', d.desiredOblast)}</Item>
          <Item label={F('training')}>{yes(d.training)}</Item>
          <Item label="app.cases.returnee_skills">
            <ReturneeSkills returneeId={record.returneeId} />
          </Item>
          <Item label="app.cases.placement">
            {p
              ? `${s(p.employer)} · ${formatDay(String(p.startedOn ?? ''), locale)} · ${p.monthlyWageKgs ?? ''} · ${translate(F('placement.formal'))}: ${yes(p.formal)}`
              : translate('app.not_set')}
          </Item>
          <SuggestedPartners />
        </Stack>
      );
    }
    case 'pension_claim':
      return (
        <Stack spacing={1} data-testid="details-pension_claim">
          <Item label={F('country')}>{t('country', d.country)}</Item>
          <Item label={F('claimStatus')}>{t('claim_status', d.claimStatus)}</Item>
          <Item label="app.cases.insured_months">{s(d.insuredMonths)}</Item>
          <Item label="app.cases.eaeu_months">{s(d.eaeuMonths)}</Item>
          <Item label="app.cases.missing_documents">{s(Array.isArray(d.missingDocuments) ? d.missingDocuments.length : null)}</Item>
          <Box>
            <Typography variant="subtitle2">{translate(F('periodsTitle'))}</Typography>
            <ScrollX>
              <Table size="small">
                <TableHead>
                  <TableRow>
                    {['from', 'to', 'employer', 'documented'].map((k) => (
                      <TableCell key={k}>{translate(F(`periods.${k}`))}</TableCell>
                    ))}
                  </TableRow>
                </TableHead>
                <TableBody>
                  {(d.periods ?? []).map((p, i) => (
                    <TableRow key={i}>
                      <TableCell>{formatDay(p.from, locale)}</TableCell>
                      <TableCell>{formatDay(p.to, locale)}</TableCell>
                      <TableCell>{s(p.employer)}</TableCell>
                      <TableCell>{yes(p.documented)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </ScrollX>
          </Box>
        </Stack>
      );
    default:
      return <Typography>{translate('app.not_set')}</Typography>;
  }
};
