import { List, ListItem, ListItemText, Typography } from '@mui/material';
import { useGetList, useLocaleState, usePermissions, useRecordContext, useTranslate } from 'react-admin';
import type { Note } from '../notes/notesModel';
import { formatDateTime, formatDay } from '../shared/fields';
import type { Returnee } from './returneeModel';

type Entry = { at: string; dateOnly: boolean; text: string };

// One chronological view of what the record says about a person: migration, bans, consent, registration.
export const ReturneeTimeline = () => {
  const record = useRecordContext<Returnee>();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { permissions } = usePermissions();
  // counselling and visit notes: office staff only (the API answers 403 to others); kind, day, minutes and author,
  // never the text, as on the case timeline
  const notesAllowed = permissions === 'supervisor' || permissions === 'caseworker';
  const { data: notes = [] } = useGetList<Note>(
    `returnees/${record?.id}/notes`,
    { pagination: { page: 1, perPage: 100 }, sort: { field: 'date', order: 'DESC' } },
    { enabled: !!record && notesAllowed },
  );
  if (!record) return null;
  const country = (code: string) => translate(`enums.country.${code}`, { _: code });
  const entries: Entry[] = [{ at: record.createdAt, dateOnly: false, text: translate('app.returnees.timeline.registered') }];
  if (record.updatedAt !== record.createdAt) entries.push({ at: record.updatedAt, dateOnly: false, text: translate('app.returnees.timeline.updated') });
  for (const e of record.episodes ?? []) {
    entries.push({ at: e.departedOn, dateOnly: true, text: translate('app.returnees.timeline.departed', { country: country(e.country) }) });
    if (e.returnedOn) {
      const reason = translate(`enums.return_reason.${e.returnReason}`, { _: e.returnReason });
      entries.push({ at: e.returnedOn, dateOnly: true, text: `${translate('app.returnees.timeline.returned', { country: country(e.country) })} — ${reason}` });
    }
  }
  for (const c of record.consents ?? []) {
    const scope = c.scope.map((s) => translate(`enums.consent_scope.${s}`, { _: s })).join(', ');
    entries.push({ at: c.givenAt, dateOnly: false, text: `${translate('app.returnees.timeline.consent_given')}: ${scope}` });
    if (c.withdrawnAt) entries.push({ at: c.withdrawnAt, dateOnly: false, text: translate('app.returnees.timeline.consent_withdrawn') });
  }
  for (const n of notesAllowed ? notes : []) {
    const text = translate('app.notes.timeline_entry', {
      kind: translate(`enums.note_kind.${n.kind}`, { _: n.kind }),
      minutes: n.durationMinutes,
      author: n.authorName ?? translate('app.cases.event_someone'),
    });
    entries.push({ at: n.date, dateOnly: true, text: n.correctsId ? `${text} — ${translate('app.notes.timeline_correction')}` : text });
  }
  entries.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  if (entries.length === 0) return <Typography>{translate('app.returnees.timeline.empty')}</Typography>;
  return (
    <List dense data-testid="returnee-timeline">
      {entries.map((e, i) => (
        <ListItem key={`${e.at}-${i}`} divider>
          <ListItemText primary={e.text} secondary={e.dateOnly ? formatDay(e.at, locale) : formatDateTime(e.at, locale)} />
        </ListItem>
      ))}
    </List>
  );
};
