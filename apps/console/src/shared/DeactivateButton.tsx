import BlockIcon from '@mui/icons-material/Block';
import { Confirm, Button, useDelete, useNotify, useRecordContext, useRedirect, useResourceContext } from 'react-admin';
import { useState } from 'react';
import { useNotifyApiError } from './useNotifyApiError';

type Props = { labels: { button: string; title: string; content: string; done: string } };

// DELETE on users and organisations deactivates (the API keeps the row), so the wording says so.
export const DeactivateButton = ({ labels }: Props) => {
  const record = useRecordContext<{ id: string; active?: boolean; fullName?: string; name?: string }>();
  const resource = useResourceContext();
  const notify = useNotify();
  const notifyApiError = useNotifyApiError();
  const redirect = useRedirect();
  const [open, setOpen] = useState(false);
  const [remove, { isPending }] = useDelete();
  if (!record || record.active === false || !resource) return null;
  const confirm = () =>
    remove(
      resource,
      { id: record.id, previousData: record },
      {
        mutationMode: 'pessimistic',
        onSuccess: () => {
          setOpen(false);
          notify(labels.done, { type: 'info' });
          redirect('list', resource);
        },
        onError: (e) => notifyApiError(e),
      },
    );
  return (
    <>
      <Button label={labels.button} color="error" onClick={() => setOpen(true)} data-testid="deactivate">
        <BlockIcon />
      </Button>
      <Confirm
        isOpen={open}
        loading={isPending}
        title={labels.title}
        titleTranslateOptions={{ name: record.fullName ?? record.name ?? '' }}
        content={labels.content}
        onConfirm={() => void confirm()}
        onClose={() => setOpen(false)}
      />
    </>
  );
};
