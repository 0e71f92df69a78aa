// Pension-claim arithmetic (a pension claim's `details`): pure functions over the stored periods, so the derived numbers can never
// drift from the periods they are computed from.

export const EAEU_PENSION_COUNTRIES = ['AM', 'BY', 'KZ', 'RU'] as const;
// The EAEU pension agreement counts work from this date on (kg-reference.json: eaeuPensionAgreementInForce).
export const EAEU_AGREEMENT_FROM = '2021-01-01';

export type PensionPeriod = { from: string; to: string; employer?: string | null; documented: boolean };
export type MissingDocument = { index: number; from: string; to: string; employer: string | null };
export type PensionDerived = {
  insuredMonths: number;
  eaeuMonths: number;
  missingDocuments: MissingDocument[];
  underEaeuAgreement: boolean[];
};
export type PeriodProblem = { index: number; field: 'from' | 'to'; message: string };

const DAY_MS = 86_400_000;

// 'YYYY-MM-DD' → days since the epoch (UTC, so no time-zone or DST effects).
function dayNumber(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

function monthIndex(day: number): number {
  const d = new Date(day * DAY_MS);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

function firstDayOfMonth(month: number): number {
  return Date.UTC(Math.floor(month / 12), month % 12, 1) / DAY_MS;
}

// Inverted periods, then overlaps (each later period is checked against every earlier-starting one).
export function findPeriodProblems(periods: readonly PensionPeriod[]): PeriodProblem[] {
  const problems: PeriodProblem[] = [];
  periods.forEach((p, index) => {
    if (dayNumber(p.from) > dayNumber(p.to)) problems.push({ index, field: 'from', message: 'must not be after to' });
  });
  if (problems.length) return problems;
  const order = periods.map((p, index) => ({ index, from: dayNumber(p.from), to: dayNumber(p.to) })).sort((a, b) => a.from - b.from || a.index - b.index);
  for (let i = 1; i < order.length; i++) {
    const prev = order.slice(0, i).find((o) => o.to >= order[i].from);
    if (prev) {
      // name the period that appears later in the form, which is the one the user most likely just added
      const [first, second] = prev.index < order[i].index ? [prev, order[i]] : [order[i], prev];
      problems.push({ index: second.index, field: 'from', message: `overlaps period ${first.index + 1}` });
    }
  }
  return problems;
}

// Inclusive day ranges merged into their union; touching ranges (…-31, 1-…) join.
function union(ranges: Array<[number, number]>): Array<[number, number]> {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

// Calendar months lying wholly inside [a, b] (inclusive days).
function wholeMonthsIn(a: number, b: number): number {
  const firstMonth = monthIndex(a) + (firstDayOfMonth(monthIndex(a)) === a ? 0 : 1);
  const lastMonth = monthIndex(b) - (firstDayOfMonth(monthIndex(b) + 1) - 1 === b ? 0 : 1);
  return Math.max(0, lastMonth - firstMonth + 1);
}

export function isEaeuPensionCountry(country: string): boolean {
  return (EAEU_PENSION_COUNTRIES as readonly string[]).includes(country);
}

// Assumes periods passed findPeriodProblems; still computes over the union so an overlap could never double-count.
export function computePensionDerived(country: string, periods: readonly PensionPeriod[]): PensionDerived {
  const merged = union(periods.map((p) => [dayNumber(p.from), dayNumber(p.to)]));
  const insuredMonths = merged.reduce((n, [a, b]) => n + wholeMonthsIn(a, b), 0);
  const eaeuStart = dayNumber(EAEU_AGREEMENT_FROM);
  const eaeu = isEaeuPensionCountry(country);
  const eaeuMonths = eaeu ? merged.filter(([, b]) => b >= eaeuStart).reduce((n, [a, b]) => n + wholeMonthsIn(Math.max(a, eaeuStart), b), 0) : 0;
  return {
    insuredMonths,
    eaeuMonths,
    missingDocuments: periods.flatMap((p, index) => (p.documented ? [] : [{ index, from: p.from, to: p.to, employer: p.employer ?? null }])),
    underEaeuAgreement: periods.map((p) => eaeu && p.to >= EAEU_AGREEMENT_FROM),
  };
}
