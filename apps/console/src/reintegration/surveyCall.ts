import { API_URL, httpClient } from '../providers/httpClient';
import type { Survey } from './reintegrationModel';

// GET /api/reintegration-scores/survey: not a ra-data-simple-rest verb; the form is rendered from it.
export async function fetchSurvey(): Promise<Survey> {
  const { json } = await httpClient(`${API_URL}/reintegration-scores/survey`);
  return json as Survey;
}
