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

// GET /api/assessments/form/:version: the form an assessment was taken under (an older one renders with its own
// questions). Versions never change, so each is fetched once per page load.
const forms = new Map<string, Promise<Survey>>();
export function fetchAssessmentFormVersion(version: string): Promise<Survey> {
  let f = forms.get(version);
  if (!f) {
    f = httpClient(`${API_URL}/assessments/form/${encodeURIComponent(version)}`).then(({ json }) => json as Survey);
    f.catch(() => forms.delete(version));
    forms.set(version, f);
  }
  return f;
}
