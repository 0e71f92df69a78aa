import AddIcon from '@mui/icons-material/AddTask';
import WithdrawIcon from '@mui/icons-material/DoNotDisturbOn';
import { Box, Button, Chip, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useState } from 'react';
import { ListBase, Pagination, useListContext, useLocaleState, usePermissions, useRecordContext, useTranslate } from 'react-admin';
import { EmptyState } from '../shared/EmptyState';
import { formatDateTime } from '../shared/dates';
import { RecordConsentDialog, WithdrawConsentDialog } from './ConsentDialogs';
import { canWithdraw, consentStatus, type ConsentRecord, type ConsentStatus } from './consentModel';

const STATUS_COLOR: Record<ConsentStatus, 'success' | 'default' | 'warning' | 'info'> = {
  active: 'success',
  withdrawn: 'default',
  expired: 'warning',
  pending: 'info',
};

const f = (field: string) => `resources.consents.fields.${field}`;

// Office staff record and withdraw; admins read (the API re-checks scope either way).
const canAct = (role: unknown) => role === 'supervisor' || role === 'caseworker';

const RecordButton = ({ onClick, variant = 'outlined' }: { onClick: () => void; variant?: 'outlined' | 'contained' }) => {
  const translate = useTranslate();
  return (
    <Button variant={variant} size="small" startIcon={<AddIcon />} onClick={onClick} data-testid="record-consent">
      {translate('resources.consents.record')}
    </Button>
  );
};

const ConsentTable = ({ actions, onRecord }: { actions: boolean; onRecord: () => void }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { data, isPending, total, perPage } = useListContext<ConsentRecord>();
  const [withdrawing, setWithdrawing] = useState<ConsentRecord | null>(null);
  if (isPending) {
    return (
      <Typography sx={{ py: 2 }} color="text.secondary">
        {translate('ra.page.loading')}
      </Typography>
    );
  }
  if (!data || data.length === 0) {
    return (
      <EmptyState
        title="resources.consents.empty.title"
        hint="resources.consents.empty.hint"
        testId="consents-empty"
        action={actions ? <RecordButton variant="contained" onClick={onRecord} /> : undefined}
      />
    );
  }
  const now = new Date();
  const day = (iso: string | null) => (iso ? formatDateTime(iso, locale) : translate('app.not_set'));
  return (
    <Box sx={{ overflowX: 'auto', contain: 'inline-size' }} tabIndex={0}>
      <Table size="small" data-testid="consents-table">
        <TableHead>
          <TableRow>
            <TableCell>{translate(f('scope'))}</TableCell>
            <TableCell>{translate(f('givenAt'))}</TableCell>
            <TableCell>{translate(f('expiresAt'))}</TableCell>
            <TableCell>{translate(f('withdrawnAt'))}</TableCell>
            <TableCell>{translate(f('status'))}</TableCell>
            {actions && <TableCell>{translate('resources.consents.actions')}</TableCell>}
          </TableRow>
        </TableHead>
        <TableBody>
          {data.map((c) => {
            const status = consentStatus(c, now);
            return (
              <TableRow key={c.id} data-testid="consent-row" data-id={c.id} data-status={status} hover>
                <TableCell>
                  <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
                    {c.scope.map((s) => (
                      <Chip key={s} size="small" label={translate(`enums.consent_scope.${s}`, { _: s })} />
                    ))}
                  </Stack>
                </TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{day(c.givenAt)}</TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{c.expiresAt ? day(c.expiresAt) : translate('resources.consents.no_expiry')}</TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{c.withdrawnAt ? day(c.withdrawnAt) : ''}</TableCell>
                <TableCell>
                  <Chip size="small" variant="outlined" color={STATUS_COLOR[status]} label={translate(`resources.consents.status.${status}`)} />
                </TableCell>
                {actions && (
                  <TableCell>
                    {canWithdraw(c, now) && (
                      <Button
                        size="small"
                        color="error"
                        startIcon={<WithdrawIcon />}
                        data-testid={`withdraw-consent-${c.id}`}
                        onClick={() => setWithdrawing(c)}
                      >
                        {translate('resources.consents.withdraw')}
                      </Button>
                    )}
                  </TableCell>
                )}
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      {(total ?? 0) > perPage && <Pagination rowsPerPageOptions={[perPage]} />}
      {withdrawing && <WithdrawConsentDialog consent={withdrawing} onClose={() => setWithdrawing(null)} />}
    </Box>
  );
};

// The "consents" tab of a returnee: every consent given, latest first, with what it covers and whether it holds.
export const ReturneeConsents = () => {
  const record = useRecordContext<{ id: string }>();
  const { permissions } = usePermissions();
  const [recording, setRecording] = useState(false);
  if (!record) return null;
  const actions = canAct(permissions);
  return (
    <Box data-testid="returnee-consents">
      {actions && (
        <Box sx={{ display: 'flex', justifyContent: 'flex-end', mb: 1 }}>
          <RecordButton onClick={() => setRecording(true)} />
        </Box>
      )}
      <ListBase resource="consents" filter={{ returneeId: record.id }} sort={{ field: 'givenAt', order: 'DESC' }} perPage={50} disableSyncWithLocation>
        <ConsentTable actions={actions} onRecord={() => setRecording(true)} />
      </ListBase>
      {/* mounted only while open, so each opening starts from the defaults (given now) */}
      {recording && <RecordConsentDialog returneeId={record.id} onClose={() => setRecording(false)} />}
    </Box>
  );
};
