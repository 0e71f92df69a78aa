import { Link, List, ListItem, ListItemText } from '@mui/material';
import { useCreatePath, useLocaleState, useTranslate } from 'react-admin';
import { ConfirmDialog } from '../shared/FormDialog';
import { formatDay } from '../shared/fields';
import type { DuplicateCandidate } from './returneeModel';

type Props = { candidates: DuplicateCandidate[] | null; saving?: boolean; onConfirm: () => void; onCancel: () => void };

// Shown before a new returnee is saved when someone with a similar name and the same birth date exists.
// Escape or "go back" keep the form; the safe choice has the initial focus.
export const DuplicateDialog = ({ candidates, saving, onConfirm, onCancel }: Props) => {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const [locale] = useLocaleState();
  return (
    <ConfirmDialog
      open={!!candidates && candidates.length > 0}
      testId="duplicate-dialog"
      title={translate('app.duplicates.title')}
      content={translate('app.duplicates.intro')}
      onConfirm={onConfirm}
      onClose={onCancel}
      busy={saving}
      cancelLabel="app.duplicates.cancel"
      cancelTestId="duplicate-cancel"
      confirmLabel="app.duplicates.confirm"
      confirmColor="warning"
      confirmTestId="duplicate-confirm"
    >
      <List dense>
        {(candidates ?? []).map((c) => (
          <ListItem key={c.id} data-testid="duplicate-candidate">
            <ListItemText
              primary={
                <Link href={`#${createPath({ resource: 'returnees', id: c.id, type: 'show' })}`} target="_blank" rel="noopener">
                  {c.fullName}
                </Link>
              }
              secondary={`${c.code} · ${formatDay(c.birthDate, locale)}`}
            />
          </ListItem>
        ))}
      </List>
    </ConfirmDialog>
  );
};
