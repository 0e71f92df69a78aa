import { API_URL, httpClient } from '../providers/httpClient';
import type { Survey } from './reintegrationModel';

// GET /api/assessments/form: the current needs-assessment form the dialog is rendered from.
export async function fetchAssessmentForm(): Promise<Survey> {
  const { json } = await httpClient(`${API_URL}/assessments/form`);
  return json as Survey;
}

// How many assessments the returnee already has (the first one is the intake).
export async function countAssessments(returneeId: string): Promise<number> {
  const filter = encodeURIComponent(JSON.stringify({ returneeId }));
  const { headers } = await httpClient(`${API_URL}/assessments?filter=${filter}&range=${encodeURIComponent('[0,0]')}`);
  const range = headers.get('content-range');
  return range ? Number(range.split('/').pop()) || 0 : 0;
}
