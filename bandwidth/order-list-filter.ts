import type { ImportOrderFilter } from './types.js';

/** Query parameters of the order list endpoints; `status` repeats, dates are `yyyy-MM-dd`. */
export function orderListSearchParams(filter: ImportOrderFilter): URLSearchParams {
  const params = new URLSearchParams();
  const single: Array<keyof Omit<ImportOrderFilter, 'status'>> = [
    'customerOrderId',
    'tn',
    'createdDateFrom',
    'createdDateTo',
    'modifiedDateFrom',
    'modifiedDateTo',
    'loaType',
  ];
  for (const name of single) {
    const value = filter[name];
    if (value !== undefined && value !== '') params.append(name, value);
  }
  for (const status of filter.status ?? []) params.append('status', status);
  return params;
}
