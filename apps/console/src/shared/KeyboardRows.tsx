import { forwardRef, type KeyboardEvent } from 'react';
import { DataTableBody, DataTableRow, useDataTableCallbacksContext, type DataTableRowProps } from 'react-admin';

// A list row that opens its record on a click opens it from the keyboard too: it takes the focus in tab order and
// Enter or Space does what the click does. react-admin's clickable rows are mouse-only.
const openOnKey = (event: KeyboardEvent<HTMLTableRowElement>) => {
  if (event.target !== event.currentTarget || (event.key !== 'Enter' && event.key !== ' ')) return;
  event.preventDefault();
  event.currentTarget.click();
};

const KeyboardRow = forwardRef<HTMLTableRowElement, DataTableRowProps>((props, ref) => {
  const { rowClick } = useDataTableCallbacksContext();
  return <DataTableRow ref={ref} {...props} {...(rowClick ? { tabIndex: 0, onKeyDown: openOnKey } : {})} />;
});
KeyboardRow.displayName = 'KeyboardRow';

// Every DataTable's body (set as its default in the theme).
export const KeyboardDataTableBody = (props: object) => <DataTableBody {...props} row={KeyboardRow} />;
