import { BandwidthError, BandwidthXmlError } from './errors.js';
import { idFromLocation, segment } from './location.js';
import { assign } from './optional-fields.js';
import { readOrderCore, readOrderHistory, readOrderSummaries } from './order-reading.js';
import { orderListSearchParams } from './order-list-filter.js';
import { XML_CONTENT_TYPE, type Transport } from './transport.js';
import type {
  OrderHistoryEntry,
  RemoveImportedTnOrder,
  RemoveImportedTnOrderFilter,
  RemoveImportedTnOrderInput,
  RemoveImportedTnOrderSummary,
} from './types.js';
import { buildXml, optional, telephoneNumbersElement } from './xml-builder.js';
import { rootOrChild } from './xml-reader.js';

/*
 * Un-hosting: a removeImportedTnOrder takes previously imported numbers off the account.
 * Numbers that were never imported fail with code 5158.
 */

export function removeImportedTnOrderXml(order: RemoveImportedTnOrderInput): string {
  return buildXml({
    RemoveImportedTnOrder: {
      CustomerOrderId: optional(order.customerOrderId),
      TelephoneNumbers: telephoneNumbersElement(order.telephoneNumbers),
    },
  });
}

export async function createRemoveImportedTnOrder(
  transport: Transport,
  order: RemoveImportedTnOrderInput,
): Promise<RemoveImportedTnOrder> {
  const endpoint = 'POST /removeImportedTnOrders';
  if (order.telephoneNumbers.length === 0) {
    throw new BandwidthError(`${endpoint} needs at least one telephone number`, {
      code: 'BANDWIDTH_INVALID_INPUT',
      retryable: false,
      endpoint,
    });
  }
  const response = await transport.send({
    method: 'POST',
    path: '/removeImportedTnOrders',
    template: '/removeImportedTnOrders',
    body: { contentType: XML_CONTENT_TYPE, data: removeImportedTnOrderXml(order) },
  });
  const locationId = idFromLocation(response.headers);
  // <RemoveImportedTnOrdersResponse><RemoveImportedTnOrder>…
  const element = rootOrChild(transport.readXml(response), 'RemoveImportedTnOrder');
  if (element !== undefined) {
    return readOrderCore(element, { endpoint, ...(locationId === undefined ? {} : { fallbackOrderId: locationId }) });
  }
  if (locationId === undefined) {
    throw new BandwidthXmlError(
      'BANDWIDTH_XML_INVALID',
      `${endpoint} answered with neither an order nor a Location header`,
      { endpoint },
    );
  }
  const received: RemoveImportedTnOrder = {
    orderId: locationId,
    processingStatus: 'RECEIVED',
    telephoneNumbers: [...order.telephoneNumbers],
    errors: [],
  };
  assign(received, 'customerOrderId', optional(order.customerOrderId));
  return received;
}

export async function getRemoveImportedTnOrder(transport: Transport, orderId: string): Promise<RemoveImportedTnOrder> {
  const endpoint = 'GET /removeImportedTnOrders/{orderId}';
  const response = await transport.send({
    method: 'GET',
    path: `/removeImportedTnOrders/${segment(orderId, endpoint)}`,
    template: '/removeImportedTnOrders/{orderId}',
  });
  const element = rootOrChild(transport.readXml(response), 'RemoveImportedTnOrder');
  if (element === undefined) {
    throw new BandwidthXmlError('BANDWIDTH_XML_INVALID', `${endpoint} answered without a <RemoveImportedTnOrder>`, {
      endpoint,
    });
  }
  return readOrderCore(element, { endpoint, fallbackOrderId: orderId });
}

export async function listRemoveImportedTnOrders(
  transport: Transport,
  filter: RemoveImportedTnOrderFilter = {},
): Promise<RemoveImportedTnOrderSummary[]> {
  const response = await transport.send({
    method: 'GET',
    path: '/removeImportedTnOrders',
    template: '/removeImportedTnOrders',
    searchParams: orderListSearchParams(filter),
  });
  return readOrderSummaries(transport.readXml(response)?.root, 'RemoveImportedTnOrderSummary');
}

export async function getRemoveImportedTnOrderHistory(
  transport: Transport,
  orderId: string,
): Promise<OrderHistoryEntry[]> {
  const endpoint = 'GET /removeImportedTnOrders/{orderId}/history';
  const response = await transport.send({
    method: 'GET',
    path: `/removeImportedTnOrders/${segment(orderId, endpoint)}/history`,
    template: '/removeImportedTnOrders/{orderId}/history',
  });
  const parsed = transport.readXml(response);
  return parsed === undefined ? [] : readOrderHistory(parsed.root);
}
