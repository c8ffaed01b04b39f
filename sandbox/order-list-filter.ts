import type { Request } from 'express';
import { readEitherForm } from './api-generation.js';
import { errors } from './error-codes.js';
import { responseStatusError } from './errors.js';
import type { SandboxOrder } from './model.js';

/** Bandwidth returns at most this many orders from a list call. */
export const MAX_LIST_RESULTS = 1000;

export interface OrderListFilter {
  customerOrderId?: string;
  tn?: string;
  statuses: string[];
  loaType?: string;
  createdFromMs?: number;
  createdToMs?: number;
  modifiedFromMs?: number;
  modifiedToMs?: number;
}

/** Every value of a query parameter, whether given once or repeated. */
export function queryValues(query: Request['query'], name: string): string[] {
  const value = query[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter((entry): entry is string => typeof entry === 'string');
}

const DAY_MS = 24 * 60 * 60 * 1000;

function dayStart(name: string, value: string | undefined, responseRoot: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00.000Z`) : Number.NaN;
  // errors.mdx 1007 "%s is not a valid date format." (the docs ask for yyyy-MM-dd)
  if (Number.isNaN(ms)) throw responseStatusError(400, responseRoot, errors.notADate(`${name} ${value}`));
  return ms;
}

/** Reads the list filters Bandwidth documents: customerOrderId, tn, status (repeatable), dates, loaType. */
export function readOrderListFilter(req: Request, responseRoot: string): OrderListFilter {
  const first = (name: string) => queryValues(req.query, name)[0];
  const createdTo = dayStart('createdDateTo', first('createdDateTo'), responseRoot);
  const modifiedTo = dayStart('modifiedDateTo', first('modifiedDateTo'), responseRoot);
  const filter: OrderListFilter = {
    statuses: queryValues(req.query, 'status').map((status) => status.toUpperCase()),
    createdFromMs: dayStart('createdDateFrom', first('createdDateFrom'), responseRoot),
    // "To" dates include the whole day.
    createdToMs: createdTo === undefined ? undefined : createdTo + DAY_MS,
    modifiedFromMs: dayStart('modifiedDateFrom', first('modifiedDateFrom'), responseRoot),
    modifiedToMs: modifiedTo === undefined ? undefined : modifiedTo + DAY_MS,
  };
  const customerOrderId = first('customerOrderId');
  const tn = first('tn');
  const loaType = first('loaType');
  if (customerOrderId !== undefined) filter.customerOrderId = customerOrderId;
  // Either form: a v2 list call names E.164 numbers, the sandbox keeps 10 digits.
  if (tn !== undefined) filter.tn = readEitherForm(tn) ?? tn;
  if (loaType !== undefined) filter.loaType = loaType.toUpperCase();
  return filter;
}

export function orderMatches(order: SandboxOrder, filter: OrderListFilter): boolean {
  const created = Date.parse(order.orderCreateDate);
  const modified = Date.parse(order.lastModifiedDate);
  return (
    (filter.customerOrderId === undefined || order.customerOrderId === filter.customerOrderId) &&
    (filter.tn === undefined || order.telephoneNumbers.includes(filter.tn)) &&
    (filter.statuses.length === 0 || filter.statuses.includes(order.processingStatus)) &&
    (filter.loaType === undefined || (order.kind === 'import' && order.loaType === filter.loaType)) &&
    (filter.createdFromMs === undefined || created >= filter.createdFromMs) &&
    (filter.createdToMs === undefined || created < filter.createdToMs) &&
    (filter.modifiedFromMs === undefined || modified >= filter.modifiedFromMs) &&
    (filter.modifiedToMs === undefined || modified < filter.modifiedToMs)
  );
}
