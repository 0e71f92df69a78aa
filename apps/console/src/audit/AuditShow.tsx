import { Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { Labeled, Show, useRecordContext, useTranslate } from 'react-admin';
import { DateTimeField } from '../shared/fields';
import { ScrollX } from '../shared/ShowLayout';
import { ShowSection } from '../shared/ShowSection';
import { ActionChip, ActorText, DiffTable, Mono, SealChip } from './AuditFields';
import { entityKey, type AuditRecord } from './auditModel';

const F = (key: string) => `resources.audit-logs.fields.${key}`;

const Item = ({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) => (
  <Labeled label={label}>
    <Typography variant="body2" component="div" data-testid={testId}>
      {children}
    </Typography>
  </Labeled>
);

const AuditTitle = () => {
  const record = useRecordContext<AuditRecord>();
  const translate = useTranslate();
  return record ? <span>{translate('app.audit.show_title', { id: record.id })}</span> : null;
};

const AuditEntry = () => {
  const record = useRecordContext<AuditRecord>();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <Stack spacing={2} sx={{ p: 2 }} data-testid="audit-show" data-id={record.id}>
      <ShowSection title="app.audit.section_entry">
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={4} useFlexGap sx={{ flexWrap: 'wrap', rowGap: 2 }}>
          <Labeled label={F('at')}>
            <DateTimeField source="at" />
          </Labeled>
          <Item label={F('actorId')}>
            <ActorText record={record} />
          </Item>
          <Item label={F('action')}>
            <ActionChip action={record.action} />
          </Item>
          <Item label={F('entity')} testId="audit-show-entity">
            {translate(entityKey(record.entity), { _: record.entity })}
          </Item>
          <Item label={F('entityId')}>
            <Mono>{record.entityId}</Mono>
          </Item>
          <Item label={F('ip')}>
            <Mono>{record.ip}</Mono>
          </Item>
        </Stack>
      </ShowSection>
      <ShowSection title="app.audit.section_diff">
        <ScrollX>
          <DiffTable diff={record.diff} />
        </ScrollX>
      </ShowSection>
      <ShowSection title="app.audit.section_chain" testId="audit-chain">
        <Stack spacing={1}>
          <Item label={F('seq')}>
            <SealChip record={record} />
          </Item>
          <Item label={F('prevHash')}>
            <Mono testId="audit-prev-hash">{record.prevHash}</Mono>
          </Item>
          <Item label={F('hash')}>
            <Mono testId="audit-hash">{record.hash}</Mono>
          </Item>
        </Stack>
      </ShowSection>
    </Stack>
  );
};

// One audit entry: what happened, the recorded change and where the entry sits in the hash chain. Read-only.
export const AuditShow = () => (
  <Show title={<AuditTitle />} actions={false}>
    <AuditEntry />
  </Show>
);
