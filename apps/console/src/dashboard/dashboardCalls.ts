import { API_URL, httpClient } from '../providers/httpClient';
import type { MyDashboardData, SupervisorDashboardData } from './dashboardModel';

// GET /api/dashboard: the office's numbers (a supervisor's own office; an admin's chosen office, or all).
export async function fetchDashboard(officeId?: string): Promise<SupervisorDashboardData> {
  const q = officeId ? `?officeId=${encodeURIComponent(officeId)}` : '';
  const { json } = await httpClient(`${API_URL}/dashboard${q}`);
  return json as SupervisorDashboardData;
}

// GET /api/dashboard/mine: the signed-in user's own follow-ups and cases.
export async function fetchMyDashboard(): Promise<MyDashboardData> {
  const { json } = await httpClient(`${API_URL}/dashboard/mine`);
  return json as MyDashboardData;
}
