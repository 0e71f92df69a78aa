// Shapes of GET /api/dashboard and /api/dashboard/mine and the pure reshaping the charts need.
export type OpenedClosed = { month: string; type: string; opened: number; closed: number };
export type StatusCount = { status: string; n: number };
export type OverdueWeek = { week: string; overdue: number };
export type ReferralFunnelRow = { organizationId: string; organizationName: string; sent: number; accepted: number; completed: number };
export type FollowUpCompletion = { due: number; done: number; missed: number; rate: number | null };
export type SupervisorDashboardData = {
  openedVsClosed: OpenedClosed[];
  openByStatus: StatusCount[];
  overdueTrend: OverdueWeek[];
  referralFunnel: ReferralFunnelRow[];
  followUpCompletion: FollowUpCompletion;
  returneesByOblast: Array<{ oblast: string; n: number }>;
  returneesByReturnReason: Array<{ returnReason: string; n: number }>;
  plansByStatus: StatusCount[];
};
export type MyDashboardData = { myOverdue: number; myToday: number; myCasesByStatus: StatusCount[] };

// One row per month with `<type>_opened` and `<type>_closed` columns: the dataset a grouped BarChart reads.
export function monthlyDataset(rows: OpenedClosed[], types: readonly string[]): Array<Record<string, string | number>> {
  const byMonth = new Map<string, Record<string, string | number>>();
  for (const r of rows) {
    let m = byMonth.get(r.month);
    if (!m) {
      m = { month: r.month };
      for (const t of types) Object.assign(m, { [`${t}_opened`]: 0, [`${t}_closed`]: 0 });
      byMonth.set(r.month, m);
    }
    m[`${r.type}_opened`] = r.opened;
    m[`${r.type}_closed`] = r.closed;
  }
  return [...byMonth.values()];
}

export const hasAny = (values: number[]): boolean => values.some((v) => v > 0);

// "2026-03-16" (a Monday) → "16.03"
export const weekLabel = (week: string): string => {
  const [, m, d] = week.split('-');
  return m && d ? `${d}.${m}` : week;
};

export const percent = (rate: number | null): string => (rate === null ? '—' : `${Math.round(rate * 100)}%`);
