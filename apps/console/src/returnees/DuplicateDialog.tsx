import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, List, ListItem, ListItemText, Link } from '@mui/material';
import { useCreatePath, useLocaleState, useTranslate } from 'react-admin';
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
    <Dialog open={!!candidates && candidates.length > 0} onClose={onCancel} aria-labelledby="duplicate-dialog-title" data-testid="duplicate-dialog">
      <DialogTitle id="duplicate-dialog-title">{translate('app.duplicates.title')}</DialogTitle>
      <DialogContent>
        <DialogContentText>{translate('app.duplicates.intro')}</DialogContentText>
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
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel} autoFocus data-testid="duplicate-cancel">
          {translate('app.duplicates.cancel')}
        </Button>
        <Button onClick={onConfirm} color="warning" variant="contained" disabled={saving} data-testid="duplicate-confirm">
          {translate('app.duplicates.confirm')}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
