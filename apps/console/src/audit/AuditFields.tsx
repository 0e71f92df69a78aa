import { Box, Chip, Link, Stack, Table, TableBody, TableCell, TableHead, TableRow, Tooltip, Typography } from '@mui/material';
import type { MouseEvent } from 'react';
import { useListContext, useRecordContext, useTranslate } from 'react-admin';
import { actionColor, actionKey, actorText, diffRows, entityKey, sealState, type AuditRecord } from './auditModel';

type ColProps = { label?: string; source?: string };

export const ActionChip = ({ action }: { action: string }) => {
  const translate = useTranslate();
  return (
    <Chip
      size="small"
      color={actionColor(action)}
      variant="outlined"
      label={translate(actionKey(action), { _: action })}
      data-testid="audit-action"
      data-action={action}
    />
  );
};

export const ActionField = (_props: ColProps) => {
  const record = useRecordContext<AuditRecord>();
  return record ? <ActionChip action={record.action} /> : null;
};

export const EntityField = (_props: ColProps) => {
  const record = useRecordContext<AuditRecord>();
  const translate = useTranslate();
  return record ? <span data-testid="audit-entity">{translate(entityKey(record.entity), { _: record.entity })}</span> : null;
};

export const Mono = ({ children, testId }: { children: string | null | undefined; testId?: string }) => {
  const translate = useTranslate();
  if (!children) return <span>{translate('app.not_set')}</span>;
  return (
    <Box component="code" sx={{ fontFamily: 'monospace', fontSize: '0.85em', wordBreak: 'break-all' }} data-testid={testId}>
      {children}
    </Box>
  );
};

export const EntityIdField = (_props: ColProps) => {
  const record = useRecordContext<AuditRecord>();
  return record ? <Mono>{record.entityId}</Mono> : null;
};

export const IpField = (_props: ColProps) => {
  const record = useRecordContext<AuditRecord>();
  const translate = useTranslate();
  if (!record) return null;
  // an address must not break at its dots
  return record.ip ? (
    <Box component="code" sx={{ fontFamily: 'monospace', fontSize: '0.85em', whiteSpace: 'nowrap' }}>
      {record.ip}
    </Box>
  ) : (
    <span>{translate('app.not_set')}</span>
  );
};

// Sealed rows carry their place in the hash chain; the others wait for the worker's next sealing tick.
export const SealChip = ({ record }: { record: Pick<AuditRecord, 'seq'> }) => {
  const translate = useTranslate();
  const state = sealState(record);
  return state.sealed ? (
    <Chip size="small" variant="outlined" label={translate('app.audit.sealed', { seq: state.seq })} data-testid="audit-seal" data-sealed="true" />
  ) : (
    <Tooltip title={translate('app.audit.pending_hint')}>
      <Chip size="small" color="warning" variant="outlined" tabIndex={0} label={translate('app.audit.pending')} data-testid="audit-seal" data-sealed="false" />
    </Tooltip>
  );
};

export const SealField = (_props: ColProps) => {
  const record = useRecordContext<AuditRecord>();
  return record ? <SealChip record={record} /> : null;
};

export const ActorText = ({ record }: { record: AuditRecord }) => {
  const translate = useTranslate();
  const actor = actorText(record);
  if (!actor.primary) return <span>{translate('app.audit.system')}</span>;
  return (
    <Stack>
      <Typography variant="body2" component="span">
        {actor.primary}
      </Typography>
      {actor.secondary && (
        <Typography variant="caption" component="span" color="text.secondary">
          {actor.secondary}
        </Typography>
      )}
    </Stack>
  );
};

// The actor, and a link that narrows the list to that user's entries (keeping the other filters).
export const ActorField = (_props: ColProps) => {
  const record = useRecordContext<AuditRecord>();
  const translate = useTranslate();
  const { filterValues, setFilters, displayedFilters } = useListContext();
  if (!record) return null;
  const actorId = record.actorId;
  const onlyThisActor = (e: MouseEvent) => {
    // the row itself opens the entry: this link only filters
    e.stopPropagation();
    if (actorId) setFilters({ ...filterValues, actorId }, { ...displayedFilters, actorId: true });
  };
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
      <ActorText record={record} />
      {actorId && filterValues.actorId !== actorId && (
        <Link component="button" type="button" variant="caption" onClick={onlyThisActor} data-testid="audit-filter-actor" sx={{ whiteSpace: 'nowrap' }}>
          {translate('app.audit.filter_by_actor')}
        </Link>
      )}
    </Stack>
  );
};

// The stored diff as a key/value table; "[redacted]" is shown as stored, with what it means on hover.
export const DiffTable = ({ diff }: { diff: Record<string, unknown> | null }) => {
  const translate = useTranslate();
  const rows = diffRows(diff);
  if (rows.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary" data-testid="audit-diff-empty">
        {translate('app.audit.diff_empty')}
      </Typography>
    );
  }
  return (
    <Table size="small" data-testid="audit-diff" aria-label={translate('app.audit.section_diff')}>
      <TableHead>
        <TableRow>
          <TableCell component="th" scope="col">
            {translate('app.audit.diff_key')}
          </TableCell>
          <TableCell component="th" scope="col">
            {translate('app.audit.diff_value')}
          </TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={r.key} data-testid="audit-diff-row" data-key={r.key}>
            <TableCell component="th" scope="row">
              <Mono>{r.key}</Mono>
            </TableCell>
            <TableCell sx={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
              {r.redacted ? (
                <Tooltip title={translate('app.audit.redacted_hint')}>
                  <Typography variant="body2" component="span" color="text.secondary" tabIndex={0} data-testid="audit-diff-redacted">
                    {r.value}
                  </Typography>
                </Tooltip>
              ) : r.value === null ? (
                <Typography variant="body2" component="span" color="text.secondary">
                  {translate('app.not_set')}
                </Typography>
              ) : (
                r.value
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
