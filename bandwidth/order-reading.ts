import { BandwidthXmlError } from './errors.js';
import { readBandwidthErrors } from './error-shapes.js';
import { assign } from './optional-fields.js';
import {
  PROCESSING_STATUSES,
  type ImportOrderSummary,
  type NumberError,
  type OrderHistoryEntry,
  type ProcessingStatus,
} from './types.js';
import type { XmlElement } from './xml-parser.js';
import { childElements, childInteger, childText, telephoneNumbersOf } from './xml-reader.js';

/** What import and remove-imported orders have in common. */
export interface OrderCore {
  orderId: string;
  customerOrderId?: string;
  processingStatus: ProcessingStatus;
  telephoneNumbers: string[];
  errors: NumberError[];
  orderCreateDate?: string;
  lastModifiedDate?: string;
}

export function processingStatusOf(value: string | undefined, endpoint: string): ProcessingStatus {
  const status = value?.toUpperCase();
  const known = PROCESSING_STATUSES.find((candidate) => candidate === status);
  if (known === undefined) {
    throw new BandwidthXmlError(
      'BANDWIDTH_XML_INVALID',
      `${endpoint} answered with an unknown ProcessingStatus ${JSON.stringify(value ?? null)}`,
      {
        endpoint,
      },
    );
  }
  return known;
}

/**
 * Reads an order element. Element order is not stable (real answers put <SipPeerId> after
 * <Errors/>), so nothing here depends on it. The id comes from the body, else from the caller's
 * fallback (the Location header of a create).
 */
export function readOrderCore(order: XmlElement, context: { endpoint: string; fallbackOrderId?: string }): OrderCore {
  const orderId = childText(order, 'OrderId') ?? context.fallbackOrderId;
  if (orderId === undefined) {
    throw new BandwidthXmlError(
      'BANDWIDTH_XML_INVALID',
      `${context.endpoint} answered with an order without <OrderId>`,
      { endpoint: context.endpoint },
    );
  }
  const core: OrderCore = {
    orderId,
    processingStatus: processingStatusOf(childText(order, 'ProcessingStatus'), context.endpoint),
    telephoneNumbers: telephoneNumbersOf(order),
    errors: readBandwidthErrors(order),
  };
  assign(core, 'customerOrderId', childText(order, 'CustomerOrderId'));
  assign(core, 'orderCreateDate', childText(order, 'OrderCreateDate'));
  assign(core, 'lastModifiedDate', childText(order, 'LastModifiedDate'));
  return core;
}

/** `ImportTnOrderSummary`/`RemoveImportedTnOrderSummary` entries of a list answer (mixed casing). */
export function readOrderSummaries(list: XmlElement | undefined, summaryName: string): ImportOrderSummary[] {
  return childElements(list, summaryName).flatMap((summary) => {
    const orderId = childText(summary, 'OrderId');
    if (orderId === undefined) return [];
    const entry: ImportOrderSummary = { orderId, orderStatus: childText(summary, 'OrderStatus')?.toUpperCase() ?? '' };
    assign(entry, 'customerOrderId', childText(summary, 'CustomerOrderId'));
    assign(entry, 'countOfTNs', childInteger(summary, 'CountOfTNs'));
    assign(entry, 'orderDate', childText(summary, 'OrderDate'));
    assign(entry, 'lastModifiedDate', childText(summary, 'lastModifiedDate'));
    return [entry];
  });
}

/** `<OrderHistoryWrapper><OrderHistory>` entries, statuses upper-cased. */
export function readOrderHistory(wrapper: XmlElement): OrderHistoryEntry[] {
  return childElements(wrapper, 'OrderHistory').map((item) => {
    const entry: OrderHistoryEntry = {
      date: childText(item, 'OrderDate') ?? '',
      status: childText(item, 'Status')?.toUpperCase() ?? '',
    };
    assign(entry, 'note', childText(item, 'Note'));
    assign(entry, 'author', childText(item, 'Author'));
    return entry;
  });
}
