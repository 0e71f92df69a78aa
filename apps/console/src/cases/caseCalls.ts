import { countIn } from '../providers/answer';
import { API_URL, httpClient } from '../providers/httpClient';
import type { toBulkReassign } from './caseModel';

// POST /api/cases/reassign: all or nothing (404/409/422 change no case); answers how many cases were reassigned.
export async function reassignCases(body: ReturnType<typeof toBulkReassign>): Promise<number> {
  const { json } = await httpClient(`${API_URL}/cases/reassign`, { method: 'POST', body: JSON.stringify(body) });
  return countIn(json, 'updated');
}
