import VerifiedUserIcon from '@mui/icons-material/VerifiedUser';
import { Chip, Stack } from '@mui/material';
import { cloneElement, type ReactElement } from 'react';
import { FunctionField, SimpleList, useLocaleState, useRecordContext, useTranslate, type DataTableColumnProps } from 'react-admin';
import { C } from '../shared/choices';
import { ChoiceCol, Col, DateTimeCol, type HideBelow } from '../shared/columns';
import { formatDateTime } from '../shared/dates';
import { joinParts } from '../shared/ResponsiveList';
import { type ReferralColumn, SORTABLE_REFERRAL_COLUMNS } from './referralColumnSets';
import { AnswerCell, ConsentWithdrawnChip, OverdueChip, StatusCell } from './ReferralFields';
import { isReferralOverdue, type Referral } from './referralModel';

// The person's name as the referral shares it with the organisation.
const SharedName = () => {
  const translate = useTranslate();
  return <FunctionField<Referral> render={(r) => r.returnee?.fullName ?? translate('app.not_set')} />;
};

// A chip whose label may take two lines, so a narrow column can still hold it.
const WRAPPING_CHIP = { height: 'auto', py: 0.25, '& .MuiChip-label': { whiteSpace: 'normal' } } as const;

// Whether the person's consent still covers the referral, on every row: given, or withdrawn (or expired) since.
const ConsentStateCell = () => {
  const r = useRecordContext<Referral>();
  const translate = useTranslate();
  if (!r || r.consentActive == null) return null;
  return r.consentActive ? (
    <Chip
      size="small"
      variant="outlined"
      color="success"
      icon={<VerifiedUserIcon />}
      label={translate('app.referrals.consent_active_short')}
      data-testid="referral-consent-active"
      sx={WRAPPING_CHIP}
    />
  ) : (
    <ConsentWithdrawnChip sx={WRAPPING_CHIP} />
  );
};

// respondBy matters only while the organisation has not answered; the overdue chip (under the date when the column is
// narrow) says it is late.
const RespondByCell = () => {
  const r = useRecordContext<Referral>();
  const [locale] = useLocaleState();
  if (!r) return null;
  return (
    <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
      <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(r.respondBy, locale)}</span>
      {isReferralOverdue(r) && <OverdueChip />}
    </Stack>
  );
};

// codes like KT-C-2026-000045 and dates must not break at hyphens and spaces
const NOWRAP = { whiteSpace: 'nowrap' } as const;

const COLUMNS: Record<ReferralColumn, ReactElement<DataTableColumnProps>> = {
  caseCode: <Col source="caseCode" sx={NOWRAP} />,
  caseType: <ChoiceCol source="caseType" choices={C.caseType} />,
  returneeName: <Col source="returneeName" />,
  sharedName: <Col source="returnee.fullName" label="resources.referrals.fields.returneeName" field={SharedName} />,
  organizationName: <Col source="organizationName" />,
  status: <Col source="status" field={StatusCell} />,
  sentAt: <DateTimeCol source="sentAt" sx={NOWRAP} />,
  respondBy: (
    <Col source="respondBy">
      <RespondByCell />
    </Col>
  ),
  consentActive: (
    <Col source="consentActive">
      <ConsentStateCell />
    </Col>
  ),
  answer: <Col source="outcome" label="resources.referrals.fields.answer" field={AnswerCell} />,
};

// One definition of each referral column for every table of referrals (the referrals list, the NGO dashboard, a case's
// referrals tab), each picking its columns from referralColumnSets. `sortable` where the table lets the user sort
// (the full list); the others show one fixed order. `hideBelow` names the columns a table lets go on narrower screens.
export const referralColumns = (
  names: readonly ReferralColumn[],
  { sortable, hideBelow = {} }: { sortable: boolean; hideBelow?: Partial<Record<ReferralColumn, HideBelow>> },
): ReactElement[] =>
  names.map((name) =>
    cloneElement(COLUMNS[name], {
      key: name,
      disableSort: !(sortable && SORTABLE_REFERRAL_COLUMNS.includes(name)),
      ...(hideBelow[name] ? { hideBelow: hideBelow[name] } : {}),
    }),
  );

// A list of referrals on a phone (below 'sm'), each row opening the referral as a table row does. Office staff: the
// organisation, then the status, the case, the person and the consent state. NGO staff: the service and the person as
// shared, then the status, the answer deadline and the consent state.
export const ReferralPhoneList = ({ ngo }: { ngo: boolean }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const status = (r: Referral) => translate(`enums.referral_status.${r.status}`, { _: r.status });
  const consent = (r: Referral) =>
    r.consentActive == null ? null : translate(r.consentActive ? 'app.referrals.consent_active_short' : 'app.referrals.consent_withdrawn_short');
  const caseType = (r: Referral) => r.caseType && translate(`enums.case_type.${r.caseType}`, { _: r.caseType });
  const respondBy = (r: Referral) =>
    `${translate('resources.referrals.fields.respondBy')}: ${formatDateTime(r.respondBy, locale)}${isReferralOverdue(r) ? ` (${translate('app.referrals.overdue')})` : ''}`;
  return (
    <SimpleList<Referral>
      rowClick="show"
      primaryText={(r) => (ngo ? joinParts(caseType(r), r.returnee?.fullName) : (r.organizationName ?? translate('app.not_set')))}
      secondaryText={(r) => (ngo ? joinParts(status(r), respondBy(r), consent(r)) : joinParts(status(r), r.caseCode, r.returneeName, consent(r)))}
    />
  );
};
