import { cloneElement, type ReactElement } from 'react';
import { useRecordContext, type DataTableColumnProps } from 'react-admin';
import { C } from '../shared/choices';
import { ChoiceCol, Col, DateTimeCol, ReferenceCol, type HideBelow } from '../shared/columns';
import { DueDate } from '../shared/DueDate';
import { isOverdue, type CaseRecord } from './caseModel';

// The case's due time, marked when overdue (the cases list and the case page).
export const CaseDueAt = ({ emptyText }: { source?: string; emptyText?: string }) => {
  const record = useRecordContext<CaseRecord>();
  return <DueDate value={record?.dueAt} overdue={isOverdue(record)} overdueLabel="app.cases.overdue_due" testId="case-overdue" emptyText={emptyText} />;
};

// codes like KT-C-2026-000045 and dates must not break at hyphens and spaces
const NOWRAP = { whiteSpace: 'nowrap' } as const;

const COLUMNS = {
  code: <Col source="code" sx={NOWRAP} />,
  title: <Col source="title" disableSort />,
  returneeName: <Col source="returneeName" disableSort />,
  type: <ChoiceCol source="type" choices={C.caseType} />,
  status: <ChoiceCol source="status" choices={C.caseStatus} />,
  priority: <ChoiceCol source="priority" choices={C.casePriority} />,
  assigneeId: <ReferenceCol source="assigneeId" reference="users" text="fullName" emptyText="app.not_set" />,
  openedAt: <DateTimeCol source="openedAt" />,
  dueAt: (
    <Col source="dueAt" sx={NOWRAP}>
      <CaseDueAt />
    </Col>
  ),
  summary: <Col source="summary" disableSort />,
} satisfies Record<string, ReactElement>;

export type CaseColumn = keyof typeof COLUMNS;

// One definition of each case column, so every table of cases (the cases list, a returnee's cases, the approval queue)
// labels, formats and sorts it alike; each table picks its columns, in its order, and may relabel one for its context
// or hide it below a breakpoint (`hideBelow`).
type CaseColumnOverride = Partial<Omit<DataTableColumnProps, 'sx'>> & { hideBelow?: HideBelow };
export const caseColumns = (names: CaseColumn[], overrides: Partial<Record<CaseColumn, CaseColumnOverride>> = {}): ReactElement[] =>
  names.map((name) => cloneElement(COLUMNS[name], { key: name, ...overrides[name] }));
