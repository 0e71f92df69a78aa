import { downloadFile } from '../providers/fileClient';
import { API_URL, httpClient } from '../providers/httpClient';
import type { GoalStatus, Plan, PlanReview } from './planModel';

// The plan's workflow calls beyond ra-data-simple-rest's CRUD (GET/POST/PUT /api/plans go through the data provider).
// Each answers the plan version as the API returns it; a refusal rejects with the HttpError the dialogs notify.

const post = async <T>(path: string, body: unknown = {}): Promise<T> => {
  const { json } = await httpClient(`${API_URL}/plans/${path}`, { method: 'POST', body: JSON.stringify(body) });
  return json as T;
};

export const submitPlan = (id: string) => post<Plan>(`${id}/submit`);
export const approvePlan = (id: string) => post<Plan>(`${id}/approve`);
export const returnPlan = (id: string, comment: string) => post<Plan>(`${id}/return`, { comment });
// a NEW draft version (a copy); the old one stays readable and in force until the new one is approved
export const revisePlan = (id: string) => post<Plan>(`${id}/revise`);
export const recordSignature = (id: string, signedOn: string) => post<Plan>(`${id}/signature`, { signedOn });
export const completePlan = (id: string) => post<Plan>(`${id}/complete`);
export const closePlan = (id: string, reason: string) => post<Plan>(`${id}/close`, { reason });

export type ReviewBody = {
  followUpId?: string;
  reviewedOn: string;
  goals: { goalId: string; status: GoalStatus; progress: string; droppedReason?: string }[];
  noteIds?: string[];
};
export const reviewPlan = (id: string, body: ReviewBody) => post<PlanReview>(`${id}/reviews`, body);

export async function fetchVersions(id: string): Promise<Plan[]> {
  const { json } = await httpClient(`${API_URL}/plans/${id}/versions`);
  return (Array.isArray(json) ? json : []) as Plan[];
}

export async function fetchReviews(id: string): Promise<PlanReview[]> {
  const { json } = await httpClient(`${API_URL}/plans/${id}/reviews`);
  return (Array.isArray(json) ? json : []) as PlanReview[];
}

// The returnee's notes a review may cite (GET /api/returnees/:id/notes, newest first).
export type NoteChoice = { id: string; kind: string; date: string; text: string | null; hidden?: boolean; authorName?: string | null };
export async function fetchNotes(returneeId: string): Promise<NoteChoice[]> {
  const range = encodeURIComponent(JSON.stringify([0, 49]));
  const sort = encodeURIComponent(JSON.stringify(['date', 'DESC']));
  const { json } = await httpClient(`${API_URL}/returnees/${returneeId}/notes?range=${range}&sort=${sort}`);
  return (Array.isArray(json) ? json : []) as NoteChoice[];
}

// The printable plan in Kyrgyz or Russian, as a download (plan-<code>-v<n>.pdf).
export const downloadPlanPdf = (plan: Pick<Plan, 'id' | 'returneeCode' | 'version'>, lang: 'ky' | 'ru') =>
  downloadFile(`${API_URL}/plans/${plan.id}/pdf?lang=${lang}`, `plan-${plan.returneeCode ?? 'returnee'}-v${plan.version}.pdf`);
