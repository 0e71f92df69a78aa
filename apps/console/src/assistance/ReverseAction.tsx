import { Box, Button } from '@mui/material';
import { useState } from 'react';
import { useLocaleState, usePermissions, useRefresh, useTranslate } from 'react-admin';
import { ReasonDialog } from '../cases/ReasonDialog';
import { API_URL, httpClient } from '../providers/httpClient';
import type { AssistanceItem } from './assistanceModel';
import { formatMoney } from './money';
import { canReverse, reversibleMinor } from './reversalModel';

// POST /api/assistance/:id/reverse: everything paid out and not yet reversed taken back, with the reason (a 'reverse'
// entry in the item's ledger). The version makes it a 409 on a changed item.
const reverseItem = async (item: Pick<AssistanceItem, 'id' | 'version'>, reason: string): Promise<AssistanceItem> => {
  const { json } = await httpClient(`${API_URL}/assistance/${item.id}/reverse`, {
    method: 'POST',
    body: JSON.stringify({ version: item.version, reason }),
  });
  return json as AssistanceItem;
};

// A disbursed item's payment taken back (supervisor, admin): the shared reason dialog asks why; a refusal is notified
// by it (FormDialog), the API's problem with the reason shown under the text.
export const ReverseAction = ({ item, onDone }: { item: AssistanceItem; onDone?: () => void }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const refresh = useRefresh();
  const { permissions } = usePermissions();
  const [open, setOpen] = useState(false);
  if (!canReverse(item, permissions)) return null;
  const amount = formatMoney(reversibleMinor(item), item.currency, locale);
  return (
    <Box onClick={(e) => e.stopPropagation()}>
      <Button size="small" color="error" onClick={() => setOpen(true)} data-testid={`assistance-reverse-${item.id}`}>
        {translate('app.assistance.reverse_amount', { amount })}
      </Button>
      {open && (
        <ReasonDialog
          kind="assistance_reverse"
          titleArgs={{ type: translate(`enums.assistance_type.${item.type}`), amount }}
          onCancel={() => setOpen(false)}
          onConfirm={async (reason) => {
            await reverseItem(item, reason);
            setOpen(false);
            (onDone ?? refresh)();
          }}
        />
      )}
    </Box>
  );
};
