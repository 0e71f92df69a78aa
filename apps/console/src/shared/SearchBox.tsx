import { SearchInput, useTranslate, type SearchInputProps } from 'react-admin';

// SearchInput with a translated placeholder that says what can be searched.
export const SearchBox = ({ hint, ...props }: SearchInputProps & { hint: string }) => {
  const translate = useTranslate();
  return <SearchInput {...props} placeholder={translate(hint)} sx={{ minWidth: 320 }} />;
};
