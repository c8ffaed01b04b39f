import { fromWireNumber, toWireNumber, type ApiDialect } from './dialect.js';
import { BandwidthError, BandwidthXmlError } from './errors.js';
import { idFromLocation, segment } from './location.js';
import { assign } from './optional-fields.js';
import { readOrderCore, readOrderHistory, readOrderSummaries } from './order-reading.js';
import { orderListSearchParams } from './order-list-filter.js';
import { XML_CONTENT_TYPE, type Transport } from './transport.js';
import type {
  CallOptions,
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
 * Numbers that were never imported fail with code 5158. v1 serves it at /removeImportedTnOrders,
 * v2 at /removeImportedTnOrders/messaging (transport.paths).
 */

export function removeImportedTnOrderXml(order: RemoveImportedTnOrderInput, dialect: ApiDialect = 'v1'): string {
  return buildXml({
    RemoveImportedTnOrder: {
      CustomerOrderId: optional(order.customerOrderId),
      TelephoneNumbers: telephoneNumbersElement(order.telephoneNumbers.map((tn) => toWireNumber(tn, dialect))),
    },
  });
}

export async function createRemoveImportedTnOrder(
  transport: Transport,
  order: RemoveImportedTnOrderInput,
  options: CallOptions = {},
): Promise<RemoveImportedTnOrder> {
  const base = transport.paths.removeImportedTnOrders;
  const endpoint = `POST ${base}`;
  if (order.telephoneNumbers.length === 0) {
    throw new BandwidthError(`${endpoint} needs at least one telephone number`, {
      code: 'BANDWIDTH_INVALID_INPUT',
      retryable: false,
      endpoint,
    });
  }
  const response = await transport.send({
    method: 'POST',
    path: base,
    template: base,
    body: { contentType: XML_CONTENT_TYPE, data: removeImportedTnOrderXml(order, transport.dialect) },
    ...options,
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
    telephoneNumbers: order.telephoneNumbers.map(fromWireNumber),
    errors: [],
  };
  assign(received, 'customerOrderId', optional(order.customerOrderId));
  return received;
}

export async function getRemoveImportedTnOrder(
  transport: Transport,
  orderId: string,
  options: CallOptions = {},
): Promise<RemoveImportedTnOrder> {
  const base = transport.paths.removeImportedTnOrders;
  const template = `${base}/{orderId}`;
  const endpoint = `GET ${template}`;
  const response = await transport.send({
    method: 'GET',
    path: `${base}/${segment(orderId, endpoint)}`,
    template,
    ...options,
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
  options: CallOptions = {},
): Promise<RemoveImportedTnOrderSummary[]> {
  const base = transport.paths.removeImportedTnOrders;
  const response = await transport.send({
    method: 'GET',
    path: base,
    template: base,
    searchParams: orderListSearchParams(filter, transport.dialect),
    ...options,
  });
  return readOrderSummaries(transport.readXml(response)?.root, 'RemoveImportedTnOrderSummary');
}

export async function getRemoveImportedTnOrderHistory(
  transport: Transport,
  orderId: string,
  options: CallOptions = {},
): Promise<OrderHistoryEntry[]> {
  const base = transport.paths.removeImportedTnOrders;
  const template = `${base}/{orderId}/history`;
  const endpoint = `GET ${template}`;
  const response = await transport.send({
    method: 'GET',
    path: `${base}/${segment(orderId, endpoint)}/history`,
    template,
    ...options,
  });
  const parsed = transport.readXml(response);
  return parsed === undefined ? [] : readOrderHistory(parsed.root);
}
