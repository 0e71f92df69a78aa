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
  return <Pagination {...props} {...(estimated ? { labelDisplayedRows: label } : {})} />;
};
