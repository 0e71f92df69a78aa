import { cloneElement, type ReactElement } from 'react';
import { DataTable, FunctionField, useTranslate, type DataTableColumnProps } from 'react-admin';
import { C } from '../shared/choices';
import { ChoiceCol, DateTimeCol } from '../shared/columns';
import { type ReferralColumn, SORTABLE_REFERRAL_COLUMNS } from './referralColumnSets';
import { AnswerCell, ConsentCell, RespondByCell, StatusCell } from './ReferralFields';
import type { Referral } from './referralModel';

// The person's name as the referral shares it with the organisation.
const SharedName = () => {
  const translate = useTranslate();
  return <FunctionField<Referral> render={(r) => r.returnee?.fullName ?? translate('app.not_set')} />;
};

// codes like KT-C-2026-000045 and dates must not break at hyphens and spaces
const NOWRAP = { whiteSpace: 'nowrap' } as const;

const COLUMNS: Record<ReferralColumn, ReactElement<DataTableColumnProps>> = {
  caseCode: <DataTable.Col source="caseCode" sx={NOWRAP} />,
  caseType: <ChoiceCol source="caseType" choices={C.caseType} />,
  returneeName: <DataTable.Col source="returneeName" />,
  sharedName: <DataTable.Col source="returnee.fullName" label="resources.referrals.fields.returneeName" field={SharedName} />,
  organizationName: <DataTable.Col source="organizationName" />,
  status: <DataTable.Col source="status" field={StatusCell} />,
  sentAt: <DateTimeCol source="sentAt" sx={NOWRAP} />,
  respondBy: <DataTable.Col source="respondBy" field={RespondByCell} />,
  consentActive: <DataTable.Col source="consentActive" field={ConsentCell} />,
  answer: <DataTable.Col source="outcome" label="resources.referrals.fields.answer" field={AnswerCell} />,
};

// One definition of each referral column for every table of referrals (the referrals list, the NGO dashboard, a case's
// referrals tab), each picking its columns from referralColumnSets. `sortable` where the table lets the user sort
// (the full list); the others show one fixed order.
export const referralColumns = (names: readonly ReferralColumn[], { sortable }: { sortable: boolean }): ReactElement[] =>
  names.map((name) => cloneElement(COLUMNS[name], { key: name, disableSort: !(sortable && SORTABLE_REFERRAL_COLUMNS.includes(name)) }));
