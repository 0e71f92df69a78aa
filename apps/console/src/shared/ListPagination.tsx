import { useCallback } from 'react';
import { Pagination, useListContext, useLocale, useTranslate, type PaginationProps } from 'react-admin';
import { intlLocale } from './dates';
import type { TotalEstimateMeta } from '../providers/totalEstimate';

// The stock pagination, except that an estimated total (lists of hundreds of thousands of rows) reads "≈ 1 234 567"
// instead of passing for an exact count.
export const ListPagination = (props: PaginationProps) => {
  const { meta } = useListContext();
  const translate = useTranslate();
  const locale = useLocale();
  const estimated = (meta as TotalEstimateMeta | undefined)?.totalEstimated === true;
  const label = useCallback(
    ({ from, to, count }: { from: number; to: number; count: number }) =>
      translate('app.list.page_range_estimated', { offsetBegin: from, offsetEnd: to, total: new Intl.NumberFormat(intlLocale(locale)).format(count) }),
    [translate, locale],
  );
  // react-admin translates the page buttons' names on wide screens only; a phone would read "Go to next page"
  const itemLabel = useCallback((type: string) => translate(`ra.navigation.${type}`), [translate]);
  // (MUI's TablePagination prop, passed through; react-admin's props type leaves it out)
  const ariaLabels = { getItemAriaLabel: itemLabel } as Partial<PaginationProps>;
  return <Pagination {...ariaLabels} {...props} {...(estimated ? { labelDisplayedRows: label } : {})} />;
};
