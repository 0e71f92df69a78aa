import { API_URL, httpClient } from '../providers/httpClient';
import type { Survey } from './reintegrationModel';

// GET /api/reintegration-scores/survey: the questions the score form is rendered from.
export async function fetchSurvey(): Promise<Survey> {
  const { json } = await httpClient(`${API_URL}/reintegration-scores/survey`);
  return json as Survey;
}
