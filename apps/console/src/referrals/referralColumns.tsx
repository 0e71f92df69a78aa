import GppMaybeIcon from '@mui/icons-material/GppMaybe';
import VerifiedUserIcon from '@mui/icons-material/VerifiedUser';
import { Chip, Stack } from '@mui/material';
import { cloneElement, type ReactElement } from 'react';
import { FunctionField, useLocaleState, useRecordContext, useTranslate, type DataTableColumnProps } from 'react-admin';
import { C } from '../shared/choices';
import { ChoiceCol, Col, DateTimeCol, type HideBelow } from '../shared/columns';
import { formatDateTime } from '../shared/dates';
import { type ReferralColumn, SORTABLE_REFERRAL_COLUMNS } from './referralColumnSets';
import { AnswerCell, OverdueChip, StatusCell } from './ReferralFields';
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
    <Chip
      size="small"
      color="warning"
      icon={<GppMaybeIcon />}
      label={translate('app.referrals.consent_withdrawn_short')}
      title={translate('app.referrals.consent_withdrawn')}
      data-testid="referral-consent-withdrawn"
      sx={WRAPPING_CHIP}
    />
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
