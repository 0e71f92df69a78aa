import { Box, Button, Card, CardContent, Chip, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useState } from 'react';
import { useGetMany, useLocaleState, useTranslate } from 'react-admin';
import { formatDateTime, formatDay } from '../shared/dates';
import { STATUS_COLORS, type AssistanceItem, type Programme } from './assistanceModel';
import { ItemActions } from './AssistanceDialogs';
import { formatMoney } from './money';
import { ReverseAction } from './ReverseAction';

const f = (field: string) => `app.assistance.fields.${field}`;

export const StatusChip = ({ item }: { item: Pick<AssistanceItem, 'status' | 'firstApprovedBy' | 'needsSecondApproval'> }) => {
  const translate = useTranslate();
  // proposed and approved once, above the threshold: waiting for the admin's second approval
  const second = item.status === 'proposed' && !!item.firstApprovedBy && item.needsSecondApproval;
  return (
    <Chip
      size="small"
      color={STATUS_COLORS[item.status]}
      label={translate(second ? 'app.assistance.awaiting_second' : `enums.assistance_status.${item.status}`)}
      data-testid="assistance-status"
      data-status={item.status}
    />
  );
};

const Line = ({ label, children }: { label: string; children: React.ReactNode }) => {
  const translate = useTranslate();
  return (
    <Typography variant="body2" sx={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
      <Box component="span" sx={{ color: 'text.secondary' }}>
        {translate(label)}:
      </Box>{' '}
      {children}
    </Typography>
  );
};

// The item's ledger entries (commit, release, disburse, reverse): how its amount moved on the budget line.
const Ledger = ({ item }: { item: AssistanceItem }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const [open, setOpen] = useState(false);
  if (item.ledger.length === 0) return null;
  const id = `assistance-ledger-${item.id}`;
  return (
    <Box>
      <Button size="small" onClick={() => setOpen(!open)} aria-expanded={open} aria-controls={id} data-testid="assistance-ledger-toggle">
        {translate(open ? 'app.assistance.hide_ledger' : 'app.assistance.show_ledger', { smart_count: item.ledger.length })}
      </Button>
      {open && (
        <Box sx={{ overflowX: 'auto', contain: 'inline-size' }} tabIndex={0} id={id}>
          <Table size="small" data-testid="assistance-ledger">
            <TableHead>
              <TableRow>
                <TableCell>{translate('app.assistance.ledger.at')}</TableCell>
                <TableCell>{translate('app.assistance.ledger.kind')}</TableCell>
                <TableCell align="right">{translate('app.assistance.ledger.amount')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {item.ledger.map((e) => (
                <TableRow key={e.id} data-testid="assistance-ledger-row" data-kind={e.kind}>
                  <TableCell>{formatDateTime(e.at, locale)}</TableCell>
                  <TableCell>{translate(`enums.ledger_kind.${e.kind}`, { _: e.kind })}</TableCell>
                  <TableCell align="right">{formatMoney(e.amountMinor, item.currency, locale)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <Payments item={item} />
        </Box>
      )}
    </Box>
  );
};

// The item's payments: each tranche paid (its day, method and reference), each reversal and the release of the
// unpaid rest (with the reason written for it).
const Payments = ({ item }: { item: AssistanceItem }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const rows = item.disbursements ?? [];
  if (rows.length === 0) return null;
  return (
    <>
      <Typography variant="subtitle2" component="h4" sx={{ mt: 1.5 }}>
        {translate('app.assistance.payments')}
      </Typography>
      <Table size="small" data-testid="assistance-payments">
        <TableHead>
          <TableRow>
            <TableCell>{translate('app.assistance.ledger.at')}</TableCell>
            <TableCell>{translate('app.assistance.ledger.kind')}</TableCell>
            <TableCell align="right">{translate('app.assistance.ledger.amount')}</TableCell>
            <TableCell>{translate('app.assistance.ledger.details')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((d) => (
            <TableRow key={d.id} data-testid="assistance-payment-row" data-kind={d.kind}>
              <TableCell>{d.disbursedOn ? formatDay(d.disbursedOn, locale) : formatDateTime(d.at, locale)}</TableCell>
              <TableCell>{translate(`enums.disbursement_kind.${d.kind}`, { _: d.kind })}</TableCell>
              <TableCell align="right">{formatMoney(d.amountMinor, item.currency, locale)}</TableCell>
              <TableCell sx={{ overflowWrap: 'anywhere' }}>
                {d.kind === 'disburse'
                  ? [d.method && translate(`enums.disbursement_method.${d.method}`), d.reference].filter(Boolean).join(' · ')
                  : (d.reason ?? '')}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
};

// One item as a card: what, how much, its state, why, its details and each step taken, the ledger, and the buttons.
export const AssistanceCard = ({ item, programme, onDone }: { item: AssistanceItem; programme?: Programme; onDone?: () => void }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const money = (n: number) => formatMoney(n, item.currency, locale);
  const d = item.details ?? {};
  return (
    <Card variant="outlined" data-testid="assistance-item" data-id={item.id} data-status={item.status}>
      <CardContent>
        <Stack spacing={0.75}>
          <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
            <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 500 }}>
              {translate(`enums.assistance_type.${item.type}`, { _: item.type })} · <span data-testid="assistance-amount-shown">{money(item.amountMinor)}</span>
            </Typography>
            <StatusChip item={item} />
          </Stack>
          <Typography variant="body2" color="text.secondary">
            {[programme?.name, formatDateTime(item.createdAt, locale)].filter(Boolean).join(' · ')}
          </Typography>
          <Line label={f('justification')}>{item.justification}</Line>
          {d.items && (
            <Line label={f('items')}>
              {d.items.map((i) => `${i.name} × ${i.quantity}`).join(', ')}
              {d.supplier ? ` — ${d.supplier}` : ''}
            </Line>
          )}
          {d.course && (
            <Line label={f('course')}>
              {d.course}
              {d.provider ? ` — ${d.provider}` : ''}
            </Line>
          )}
          {item.rejectionReason && <Line label={f('rejectionReason')}>{item.rejectionReason}</Line>}
          {item.cancelReason && <Line label={f('cancelReason')}>{item.cancelReason}</Line>}
          {item.disbursedOn && (
            <Line label={f('disbursement')}>
              {[
                formatDay(item.disbursedOn, locale),
                item.disbursementMethod && translate(`enums.disbursement_method.${item.disbursementMethod}`),
                item.disbursedMinor != null && money(item.disbursedMinor),
                item.disbursementReference,
              ]
                .filter(Boolean)
                .join(' · ')}
            </Line>
          )}
          {item.usedAsIntended && (
            <Line label={f('usedAsIntended')}>
              {translate(`enums.used_as_intended.${item.usedAsIntended}`)}
              {item.verificationNote ? ` — ${item.verificationNote}` : ''}
            </Line>
          )}
          <Ledger item={item} />
          <ItemActions item={item} onDone={onDone} />
          <ReverseAction item={item} onDone={onDone} />
        </Stack>
      </CardContent>
    </Card>
  );
};

// The programmes of some items, for their names (office staff read only the active ones: an item of a closed
// programme shows without the name).
export const useProgrammesOf = (items: AssistanceItem[]) => {
  const ids = [...new Set(items.map((i) => i.programmeId))];
  const { data = [] } = useGetMany<Programme>('programmes', { ids }, { enabled: ids.length > 0 });
  return (id: string) => data.find((p) => p?.id === id);
};
