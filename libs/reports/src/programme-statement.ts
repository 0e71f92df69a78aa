import { bishkekTime, labelOf, reportWords } from '@kaytuu/shared';
import { ReportCell } from './dto/report-query.dto';
import { ExportContext, ExportDoc } from './report-export';

// A programme's donor statement (issue 19) for a range of Bishkek days: per budget line, what stood committed and
// disbursed when the range began, what was committed, released, disbursed and reversed in it, and where the line stood
// at its end. All of it is in the programme's one currency, in minor units, from the append-only ledger, so the figures
// reconcile with the budget bars. No person is named; the people assisted per line are a count, suppressed below 5 as
// the shared reports are (the amounts stay: a statement that did not add up would be no statement).
export type StatementProgramme = { id: string; name: string; funder: string; currency: string; startsOn: string; endsOn: string };
export type StatementLine = {
  assistanceType: string;
  budgetMinor: number;
  openingCommittedMinor: number;
  openingDisbursedMinor: number;
  committedMinor: number;
  releasedMinor: number;
  disbursedMinor: number;
  reversedMinor: number;
  closingCommittedMinor: number;
  closingDisbursedMinor: number;
  availableMinor: number;
  people: number | string;
};
export type StatementDto = {
  programme: StatementProgramme;
  from: string;
  to: string;
  generatedAt: string;
  lines: StatementLine[];
  total: StatementLine;
};

// What the repository reads: each line's budget, its ledger sums by kind before and within the range, its people.
export type LineSums = {
  budgetLineId: string;
  assistanceType: string;
  budgetMinor: number;
  before: Record<string, number>;
  within: Record<string, number>;
  people: number;
};

export const STATEMENT_COLUMNS = [
  'assistanceType',
  'budgetMinor',
  'openingCommittedMinor',
  'openingDisbursedMinor',
  'committedMinor',
  'releasedMinor',
  'disbursedMinor',
  'reversedMinor',
  'closingCommittedMinor',
  'closingDisbursedMinor',
  'availableMinor',
  'people',
] as const;

const SMALL_CELL = '<5';
const suppress = (n: number): number | string => (n > 0 && n < 5 ? SMALL_CELL : n);

// committed = commit − release − disburse; disbursed = disburse − reverse (as libs/assistance budgetState).
const state = (t: Record<string, number>) => {
  const k = (kind: string) => t[kind] ?? 0;
  return { committed: k('commit') - k('release') - k('disburse'), disbursed: k('disburse') - k('reverse') };
};

function lineOf(s: LineSums): StatementLine {
  const k = (kind: string) => s.within[kind] ?? 0;
  const open = state(s.before);
  const all: Record<string, number> = {};
  for (const kind of ['commit', 'release', 'disburse', 'reverse']) all[kind] = (s.before[kind] ?? 0) + k(kind);
  const close = state(all);
  return {
    assistanceType: s.assistanceType,
    budgetMinor: s.budgetMinor,
    openingCommittedMinor: open.committed,
    openingDisbursedMinor: open.disbursed,
    committedMinor: k('commit'),
    releasedMinor: k('release'),
    disbursedMinor: k('disburse'),
    reversedMinor: k('reverse'),
    closingCommittedMinor: close.committed,
    closingDisbursedMinor: close.disbursed,
    availableMinor: s.budgetMinor - close.committed - close.disbursed,
    people: s.people,
  };
}

// `peopleTotal`: the distinct people over all lines (one person may have items on two lines).
export function buildStatement(
  programme: StatementProgramme,
  from: string,
  to: string,
  generatedAt: Date,
  sums: LineSums[],
  peopleTotal: number,
): StatementDto {
  const lines = sums.map(lineOf);
  const total = { assistanceType: 'total' } as StatementLine;
  for (const key of STATEMENT_COLUMNS) {
    if (key === 'assistanceType' || key === 'people') continue;
    total[key] = lines.reduce((acc, l) => acc + l[key], 0);
  }
  total.people = suppress(peopleTotal);
  return { programme, from, to, generatedAt: generatedAt.toISOString(), lines: lines.map((l) => ({ ...l, people: suppress(Number(l.people)) })), total };
}

export const statementFileName = (s: StatementDto, ext: string): string => `kaytuu-statement-${s.programme.id.slice(0, 8)}-${s.from}-${s.to}.${ext}`;

// Codes: ids, codes and the UTC timestamp. For people: words in the requester's language, the type's label.
export function statementDoc(s: StatementDto, ctx: ExportContext): ExportDoc {
  const rows = [...s.lines, s.total];
  if (ctx.codes) {
    return {
      info: [
        ['# statement', s.programme.id],
        ['# currency', s.programme.currency],
        ['# filters', `from=${s.from}; to=${s.to}`],
        ['# generated at', s.generatedAt],
      ],
      header: [...STATEMENT_COLUMNS],
      rows: rows.map((l) => STATEMENT_COLUMNS.map((c) => l[c] as ReportCell)),
      sheet: 'data',
      months: [],
    };
  }
  const w = reportWords(ctx.locale);
  const st = w.statement;
  const cols = st.columns as Record<string, string>;
  return {
    info: [
      [st.title, s.programme.name],
      [st.funder, s.programme.funder],
      [st.currency, s.programme.currency],
      [st.programme_dates, `${s.programme.startsOn} – ${s.programme.endsOn}`],
      [w.period_range, `${s.from} – ${s.to}`],
      [st.amounts, s.programme.currency],
      [w.generated_by, ctx.generatedBy],
      [w.generated_at, bishkekTime(s.generatedAt)],
    ],
    header: STATEMENT_COLUMNS.map((c) => cols[c] ?? c),
    rows: rows.map((l) =>
      STATEMENT_COLUMNS.map((c) => {
        if (c !== 'assistanceType') return l[c] as ReportCell;
        return l.assistanceType === 'total' ? st.total : labelOf(ctx.locale, 'assistance_type', l.assistanceType);
      }),
    ),
    sheet: st.title,
    months: [],
  };
}
