import { Typography } from '@mui/material';
import {
  DataTable,
  FunctionField,
  ListBase,
  Pagination,
  ResourceContextProvider,
  SelectField,
  useListContext,
  useLocaleState,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { choices } from '../shared/choices';
import { formatDateTime, formatDay } from '../shared/dates';
import { DateTimeField } from '../shared/fields';
import { ScrollX } from '../shared/ShowLayout';
import type { CaseEvent, CaseRecord } from './caseModel';

const EVENT_KINDS = choices('case_event', [
  'created',
  'status_changed',
  'assigned',
  'note',
  'field_changed',
  'follow_up_scheduled',
  'follow_up_done',
  'follow_up_cancelled',
  'follow_up_rescheduled',
  'follow_up_reassigned',
  'follow_up_missed',
  'referral_sent',
  'referral_accepted',
  'referral_declined',
  'referral_in_service',
  'referral_completed',
  'referral_cancelled',
  'referral_overdue',
  'referral_note',
  'counselling_note',
  'assistance',
]);

// A referral event names the organisation and, when there is one, the text that came with it.
const referralText = (kind: string, data: Record<string, unknown>, translate: (k: string, o?: Record<string, unknown>) => string): string => {
  const organizationName = typeof data.organizationName === 'string' && data.organizationName ? data.organizationName : translate('app.not_set');
  const key = `app.referrals.events.${kind.slice('referral_'.length)}`;
  const text = translate(key, { organizationName, _: translate('app.referrals.events.other', { organizationName }) });
  const note = [data.reason, data.declinedReason, data.outcome, data.cancelReason, data.text].find(
    (v): v is string => typeof v === 'string' && v.trim() !== '',
  );
  return note ? `${text} — ${note}` : text;
};

type Translate = (k: string, o?: Record<string, unknown>) => string;

// The people an assignment moved work between, by the names the API adds (toName, fromName); someone no longer known
// is "a former staff member", nobody is null.
const assigneeNames = (data: Record<string, unknown>, translate: Translate) => {
  const name = (n: unknown, id: unknown) => (typeof n === 'string' && n ? n : id ? translate('app.cases.event_someone') : null);
  return { to: name(data.toName, data.to), from: name(data.fromName, data.from) };
};

// An assignment names whom the case went to and whom it was taken off.
const assignedText = (data: Record<string, unknown>, translate: Translate): string => {
  const { to, from } = assigneeNames(data, translate);
  if (to && from) return translate('app.cases.event_reassigned', { to, from });
  if (to) return translate('app.cases.event_assigned_to', { to });
  if (from) return translate('app.cases.event_unassigned', { from });
  return translate('app.cases.event_assigned');
};

// Event payloads are diffs or notes; show what a reader needs, in their language.
const EventData = () => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  return (
    <FunctionField<CaseEvent>
      render={(e) => {
        const data = e.data;
        if (typeof data === 'string') return data;
        if (!data || typeof data !== 'object') return '';
        if (e.kind.startsWith('referral_')) return referralText(e.kind, data, translate);
        if (e.kind.startsWith('follow_up_')) {
          const kind = translate(`enums.follow_up_kind.${String(data.kind)}`, { _: String(data.kind ?? '') });
          const at = (v: unknown) => (typeof v === 'string' ? formatDateTime(v, locale) : '');
          if (e.kind === 'follow_up_rescheduled') return translate('app.cases.event_follow_up_moved', { kind, from: at(data.from), to: at(data.to) });
          if (e.kind === 'follow_up_reassigned') {
            const { to, from } = assigneeNames(data, translate);
            return to ? translate('app.cases.event_follow_up_reassigned', { kind, to, from: from ?? translate('app.not_set') }) : kind;
          }
          const text = translate('app.cases.event_follow_up', { kind, dueAt: at(data.dueAt) });
          return typeof data.outcome === 'string' && data.outcome ? `${text}: ${data.outcome}` : text;
        }
        // a counselling or visit note says what kind of contact, when and how long; its text stays on the returnee's notes
        if (e.kind === 'counselling_note') {
          const kind = translate(`enums.note_kind.${String(data.kind)}`, { _: String(data.kind ?? '') });
          const date = typeof data.date === 'string' ? formatDay(data.date, locale) : '';
          return translate('app.cases.event_counselling_note', { kind, date, minutes: Number(data.durationMinutes ?? 0) });
        }
        const status = (v: unknown) => translate(`enums.case_status.${String(v)}`, { _: String(v ?? '') });
        // the reason a supervisor gave (reassignment, reopening, closure) or their send-back comment
        const why = [data.comment, data.reason].filter((v): v is string => typeof v === 'string' && v.trim() !== '').join(' — ');
        const withWhy = (t: string) => (why ? `${t} — ${why}` : t);
        if (e.kind === 'status_changed') return withWhy(translate('app.cases.event_status', { from: status(data.from), to: status(data.to) }));
        if (e.kind === 'created') return translate('app.cases.event_created');
        if (e.kind === 'assigned') return withWhy(assignedText(data, translate));
        if (e.kind === 'note' && typeof data.text === 'string') return data.text;
        const fields = Object.keys(data)
          .map((k) => translate(`resources.cases.fields.${k}`, { _: k }))
          .join(', ');
        return translate('app.cases.event_changed', { fields });
      }}
    />
  );
};

const EventsTable = () => {
  const { total, isPending } = useListContext();
  const translate = useTranslate();
  if (!isPending && total === 0) return <Typography sx={{ py: 2 }}>{translate('app.cases.no_events')}</Typography>;
  return (
    <>
      <ResourceContextProvider value="events">
        <ScrollX>
          <DataTable bulkActionButtons={false} rowClick={false}>
            <DataTable.Col source="at">
              <DateTimeField source="at" />
            </DataTable.Col>
            <DataTable.Col source="actorName" disableSort />
            <DataTable.Col source="kind" disableSort>
              <SelectField source="kind" choices={EVENT_KINDS} />
            </DataTable.Col>
            <DataTable.Col source="data" disableSort>
              <EventData />
            </DataTable.Col>
          </DataTable>
        </ScrollX>
      </ResourceContextProvider>
      <Pagination />
    </>
  );
};

// Reads GET /api/cases/:id/events (append-only timeline).
export const CaseEvents = () => {
  const record = useRecordContext<CaseRecord>();
  if (!record) return null;
  return (
    <ListBase resource={`cases/${record.id}/events`} sort={{ field: 'at', order: 'DESC' }} perPage={25} disableSyncWithLocation>
      <EventsTable />
    </ListBase>
  );
};
