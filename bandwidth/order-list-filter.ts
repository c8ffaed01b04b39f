import { toWireNumber, type ApiDialect } from './dialect.js';
import type { ImportOrderFilter } from './types.js';

/** Query parameters of the order list endpoints; `status` repeats, dates are `yyyy-MM-dd`, `tn` in the dialect's form. */
export function orderListSearchParams(filter: ImportOrderFilter, dialect: ApiDialect = 'v1'): URLSearchParams {
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
    if (value !== undefined && value !== '') params.append(name, name === 'tn' ? toWireNumber(value, dialect) : value);
  }
  for (const status of filter.status ?? []) params.append('status', status);
  return params;
}
