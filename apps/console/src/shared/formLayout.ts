// An array input's row of inputs side by side where they fit and on the next line where they do not (react-admin's
// inline row does not wrap), so inputs shown later in the row (an entry ban's date and authority) stay on screen.
export const ITERATOR_WRAP = {
  '& .RaSimpleFormIterator-form': { flexWrap: 'wrap', flexGrow: 1 },
  '& .RaSimpleFormIterator-form > *': { flex: { sm: '1 1 12rem' }, minWidth: 0, maxWidth: '100%' },
};
