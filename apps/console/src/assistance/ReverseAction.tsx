import { Box, Button, Stack } from '@mui/material';
import { useState } from 'react';
import { useLocaleState, useNotify, usePermissions, useRefresh, useTranslate } from 'react-admin';
import { ReasonDialog } from '../cases/ReasonDialog';
import { API_URL, httpClient } from '../providers/httpClient';
import type { AssistanceItem } from './assistanceModel';
import { MoneyInput } from './MoneyInput';
import { formatMoney } from './money';
import { canRelease, canReverse, reverseAmountMinor, reverseAmountProblem, reversibleMinor } from './reversalModel';

// POST /api/assistance/:id/reverse (money paid out taken back: a 'reverse' entry in the item's ledger, of the amount
// given or of everything paid out and not yet reversed) and /release (the unpaid rest of a partly paid grant back to
// the budget line: a 'release' entry), each with its reason. The version makes either a 409 on a changed item.
const itemStep = async (item: Pick<AssistanceItem, 'id' | 'version'>, step: 'reverse' | 'release', body: Record<string, unknown>): Promise<AssistanceItem> => {
  const { json } = await httpClient(`${API_URL}/assistance/${item.id}/${step}`, {
    method: 'POST',
    body: JSON.stringify({ version: item.version, ...body }),
  });
  return json as AssistanceItem;
};

// The supervisor's and admin's corrections of a paid item, each through the shared reason dialog (a refusal is
// notified by it, the API's problem with a field shown under it): reversing a payment — all of it, or the amount typed,
// in the programme's currency — and releasing what is still committed and will not be paid.
export const ReverseAction = ({ item, onDone }: { item: AssistanceItem; onDone?: () => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const [locale] = useLocaleState();
  const refresh = useRefresh();
  const { permissions } = usePermissions();
  const [open, setOpen] = useState<'reverse' | 'release' | null>(null);
  const reverse = canReverse(item, permissions);
  const release = canRelease(item, permissions);
  if (!reverse && !release) return null;
  const reversible = reversibleMinor(item);
  const money = (minor: number) => formatMoney(minor, item.currency, locale);
  const type = translate(`enums.assistance_type.${item.type}`);
  const done = () => {
    setOpen(null);
    (onDone ?? refresh)();
  };
  return (
    <Box onClick={(e) => e.stopPropagation()}>
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
        {reverse && (
          <Button size="small" color="error" onClick={() => setOpen('reverse')} data-testid={`assistance-reverse-${item.id}`}>
            {translate('app.assistance.reverse_amount', { amount: money(reversible) })}
          </Button>
        )}
        {release && (
          <Button size="small" color="warning" onClick={() => setOpen('release')} data-testid={`assistance-release-${item.id}`}>
            {translate('app.assistance.release_amount', { amount: money(item.committedMinor ?? 0) })}
          </Button>
        )}
      </Stack>
      {open === 'reverse' && (
        <ReasonDialog
          kind="assistance_reverse"
          titleArgs={{ type, amount: money(reversible) }}
          onCancel={() => setOpen(null)}
          // the amount starts at all of it; MoneyInput reads the currency from the form
          extraValues={{ currency: item.currency, amountMinor: reversible }}
          validate={(v) => ({ amountMinor: reverseAmountProblem(v.amountMinor, reversible) })}
          onConfirm={async (reason, v) => {
            const amountMinor = reverseAmountMinor(v.amountMinor, reversible);
            await itemStep(item, 'reverse', { reason, ...(amountMinor !== undefined ? { amountMinor } : {}) });
            done();
          }}
        >
          <MoneyInput
            source="amountMinor"
            label="app.assistance.fields.reverse_amount"
            helperText={translate('app.assistance.reverse_amount_hint', { amount: money(reversible) })}
            testId="assistance-reverse-amount"
          />
        </ReasonDialog>
      )}
      {open === 'release' && (
        <ReasonDialog
          kind="assistance_release"
          titleArgs={{ type, amount: money(item.committedMinor ?? 0) }}
          onCancel={() => setOpen(null)}
          onConfirm={async (reason) => {
            await itemStep(item, 'release', { reason });
            notify('app.assistance.released', { type: 'info' });
            done();
          }}
        />
      )}
    </Box>
  );
};
