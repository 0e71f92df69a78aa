import { API_URL, httpClient } from '../providers/httpClient';
import type { AssistanceItem, DisbursementMethod, UsedAsIntended } from './assistanceModel';

// The workflow steps of an assistance item beyond ra-data-simple-rest's CRUD (GET /api/assistance and POST a proposal
// go through the data provider). Each answers the item as the API returns it; a refusal rejects with the HttpError the
// dialogs notify. The version makes a step on a changed item a 409.
const step = async (item: Pick<AssistanceItem, 'id' | 'version'>, name: string, body: Record<string, unknown> = {}): Promise<AssistanceItem> => {
  const { json } = await httpClient(`${API_URL}/assistance/${item.id}/${name}`, { method: 'POST', body: JSON.stringify({ version: item.version, ...body }) });
  return json as AssistanceItem;
};

export const approveItem = (item: Pick<AssistanceItem, 'id' | 'version'>) => step(item, 'approve');
export const rejectItem = (item: Pick<AssistanceItem, 'id' | 'version'>, reason: string) => step(item, 'reject', { reason });
export const cancelItem = (item: Pick<AssistanceItem, 'id' | 'version'>, reason: string) => step(item, 'cancel', { reason });
export const disburseItem = (
  item: Pick<AssistanceItem, 'id' | 'version'>,
  body: { disbursedOn: string; method: DisbursementMethod; reference?: string; amountMinor?: number; documentId?: string },
) => step(item, 'disburse', body);
export const verifyItem = (item: Pick<AssistanceItem, 'id' | 'version'>, body: { usedAsIntended: UsedAsIntended; note?: string }) => step(item, 'verify', body);
