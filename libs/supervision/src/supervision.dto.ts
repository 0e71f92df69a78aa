import { IsOptional, IsUUID } from 'class-validator';

export type CaseloadRowDto = {
  id: string;
  fullName: string;
  role: string;
  officeId: string;
  openCases: number;
  openHealthReferral: number;
  openLegalAid: number;
  openJobPlacement: number;
  openPensionClaim: number;
  openLow: number;
  openNormal: number;
  openHigh: number;
  openUrgent: number;
  overdueCases: number;
  missedFollowUps: number;
  referralsAwaiting: number;
  oldestOpenDays: number | null;
};

export type OpenedClosedDto = { month: string; type: string; opened: number; closed: number };
export type StatusCountDto = { status: string; n: number };
export type OverdueWeekDto = { week: string; overdue: number };
export type ReferralFunnelDto = { organizationId: string; organizationName: string; sent: number; accepted: number; completed: number };
export type FollowUpCompletionDto = { due: number; done: number; missed: number; rate: number | null };
export type OblastCountDto = { oblast: string; n: number };
export type ReturnReasonCountDto = { returnReason: string; n: number };

export type DashboardDto = {
  // when these aggregates were read (from the rollups, so current to the last committed change; a result is reused
  // for DASHBOARD_CACHE_SECONDS only if that is set above 0 and it took AGGREGATE_CACHE_MIN_COMPUTE_MS)
  generatedAt: string;
  openedVsClosed: OpenedClosedDto[];
  openByStatus: StatusCountDto[];
  overdueTrend: OverdueWeekDto[];
  referralFunnel: ReferralFunnelDto[];
  followUpCompletion: FollowUpCompletionDto;
  returneesByOblast: OblastCountDto[];
  returneesByReturnReason: ReturnReasonCountDto[];
  // reintegration plans (the newest version of each) by status, every status listed
  plansByStatus: StatusCountDto[];
};

export type MyDashboardDto = { myOverdue: number; myToday: number; myCasesByStatus: StatusCountDto[] };

// Admins may narrow the dashboard to one office; a supervisor's scope is always their own office.
export class DashboardQuery {
  @IsOptional() @IsUUID('all', { message: 'must be a UUID' }) officeId?: string;
}
