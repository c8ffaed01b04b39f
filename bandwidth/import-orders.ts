import { fromWireNumber, toWireNumber, type ApiDialect } from './dialect.js';
import { BandwidthError, BandwidthXmlError } from './errors.js';
import { idFromLocation, segment } from './location.js';
import { assign } from './optional-fields.js';
import { readOrderCore, readOrderHistory, readOrderSummaries } from './order-reading.js';
import { orderListSearchParams } from './order-list-filter.js';
import { XML_CONTENT_TYPE, type Transport } from './transport.js';
import type {
  CallOptions,
  ImportOrder,
  ImportOrderFilter,
  ImportOrderInput,
  ImportOrderSummary,
  OrderHistoryEntry,
} from './types.js';
import { buildXml, optional, telephoneNumbersElement } from './xml-builder.js';
import type { XmlElement } from './xml-parser.js';
import { childText, elementAt, rootOrChild } from './xml-reader.js';

/*
 * Import (hosting) orders. v1 serves them at /importTnOrders, v2 at /importTnOrders/messaging
 * (transport.paths); the documents are the same, with E.164 numbers in v2.
 */

export function importTnOrderXml(order: ImportOrderInput, dialect: ApiDialect = 'v1'): string {
  const address = order.subscriber.serviceAddress;
  return buildXml({
    ImportTnOrder: {
      CustomerOrderId: optional(order.customerOrderId),
      SiteId: order.siteId,
      SipPeerId: optional(order.sipPeerId),
      Subscriber: {
        Name: order.subscriber.name,
        ServiceAddress: {
          HouseNumber: address.houseNumber,
          StreetName: address.streetName,
          City: address.city,
          StateCode: address.stateCode,
          Zip: address.zip,
          County: optional(address.county),
        },
      },
      LoaAuthorizingPerson: order.loaAuthorizingPerson,
      LoaType: order.loaType,
      TelephoneNumbers: telephoneNumbersElement(order.telephoneNumbers.map((tn) => toWireNumber(tn, dialect))),
    },
  });
}

function readImportOrder(order: XmlElement, context: { endpoint: string; fallbackOrderId?: string }): ImportOrder {
  const result: ImportOrder = readOrderCore(order, context);
  assign(result, 'siteId', childText(order, 'SiteId'));
  assign(result, 'sipPeerId', childText(order, 'SipPeerId'));
  assign(result, 'subscriberName', childText(elementAt(order, 'Subscriber'), 'Name'));
  return result;
}

export async function createImportOrder(
  transport: Transport,
  order: ImportOrderInput,
  options: CallOptions = {},
): Promise<ImportOrder> {
  const base = transport.paths.importTnOrders;
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
    body: { contentType: XML_CONTENT_TYPE, data: importTnOrderXml(order, transport.dialect) },
    ...options,
  });
  const locationId = idFromLocation(response.headers);
  const parsed = transport.readXml(response);
  // The docs name the root ImportTnOrderResponse, the current spec ImportTnOrdersResponse.
  const element = rootOrChild(parsed, 'ImportTnOrder');
  if (element !== undefined) {
    return readImportOrder(element, { endpoint, ...(locationId === undefined ? {} : { fallbackOrderId: locationId }) });
  }
  if (locationId === undefined) {
    throw new BandwidthXmlError(
      'BANDWIDTH_XML_INVALID',
      `${endpoint} answered with neither an order nor a Location header`,
      { endpoint },
    );
  }
  // A 201 with only a Location: the order exists and has just been received.
  const received: ImportOrder = {
    orderId: locationId,
    processingStatus: 'RECEIVED',
    telephoneNumbers: order.telephoneNumbers.map(fromWireNumber),
    errors: [],
    siteId: order.siteId,
  };
  assign(received, 'customerOrderId', optional(order.customerOrderId));
  assign(received, 'sipPeerId', optional(order.sipPeerId));
  return received;
}

export async function getImportOrder(
  transport: Transport,
  orderId: string,
  options: CallOptions = {},
): Promise<ImportOrder> {
  const base = transport.paths.importTnOrders;
  const template = `${base}/{orderId}`;
  const endpoint = `GET ${template}`;
  const response = await transport.send({
    method: 'GET',
    path: `${base}/${segment(orderId, endpoint)}`,
    template,
    ...options,
  });
  const parsed = transport.readXml(response);
  // A bare <ImportTnOrder>, though a wrapped one is read too.
  const element = rootOrChild(parsed, 'ImportTnOrder');
  if (element === undefined) {
    throw new BandwidthXmlError('BANDWIDTH_XML_INVALID', `${endpoint} answered without an <ImportTnOrder>`, {
      endpoint,
    });
  }
  return readImportOrder(element, { endpoint, fallbackOrderId: orderId });
}

export async function listImportOrders(
  transport: Transport,
  filter: ImportOrderFilter = {},
  options: CallOptions = {},
): Promise<ImportOrderSummary[]> {
  const base = transport.paths.importTnOrders;
  const response = await transport.send({
    method: 'GET',
    path: base,
    template: base,
    searchParams: orderListSearchParams(filter, transport.dialect),
    ...options,
  });
  const parsed = transport.readXml(response);
  return readOrderSummaries(parsed?.root, 'ImportTnOrderSummary');
}

export async function getImportOrderHistory(
  transport: Transport,
  orderId: string,
  options: CallOptions = {},
): Promise<OrderHistoryEntry[]> {
  const base = transport.paths.importTnOrders;
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
