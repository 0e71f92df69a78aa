import { API_URL, httpClient } from '../providers/httpClient';
import { parseVerifyResult, type VerifyResult } from './auditModel';

// GET /api/audit/verify: seals what is pending, then walks the whole chain (can take seconds on a large log).
export async function verifyAuditChain(): Promise<VerifyResult> {
  const { json } = await httpClient(`${API_URL}/audit/verify`);
  const result = parseVerifyResult(json);
  if (!result) throw new Error('unexpected answer from /api/audit/verify');
  return result;
}
