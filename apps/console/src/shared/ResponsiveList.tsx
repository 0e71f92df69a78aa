import { useMediaQuery, type Theme } from '@mui/material';
import type { ReactNode } from 'react';

// A list's rows as a table from MUI 'sm' up and as `phone` (a SimpleList or cards: a few lines per record that fit
// 390 px) below it. Both sit in the same list context, so filters, sort and pagination stay as they are.
export const ResponsiveList = ({ phone, children }: { phone: ReactNode; children: ReactNode }) => {
  const small = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'), { noSsr: true });
  return <>{small ? phone : children}</>;
};

// Secondary text of a phone row: the parts that are set, joined by a middle dot.
export const joinParts = (...parts: Array<string | null | undefined | false>): string => parts.filter(Boolean).join(' · ');
