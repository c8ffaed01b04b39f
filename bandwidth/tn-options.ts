import { fromWireNumber, toWireNumber, type ApiDialect } from './dialect.js';
import { ACCOUNT_LEVEL_TN_OPTION_CODES, BandwidthError, BandwidthXmlError } from './errors.js';
import { idFromLocation, segment } from './location.js';
import { assign } from './optional-fields.js';
import { readOrderSummaries } from './order-reading.js';
import { describeErrors } from './status-errors.js';
import { XML_CONTENT_TYPE, type Transport } from './transport.js';
import {
  TN_OPTION_ORDER_STATUSES,
  type CallOptions,
  type NumberError,
  type TnOptionGroup,
  type TnOptionOrder,
  type TnOptionOrderFilter,
  type TnOptionOrderInput,
  type TnOptionOrderStatus,
  type TnOptionOrderSummary,
  type TnOptionWarning,
} from './types.js';
import { buildXml, optional, telephoneNumbersElement, type XmlTree } from './xml-builder.js';
import type { XmlElement } from './xml-parser.js';
import { childElements, childText, elementAt, rootOrChild, telephoneNumbersOf } from './xml-reader.js';

/*
 * TN option orders (`/tnoptions`, the same path in both dialects) set line options on numbers;
 * hostflow uses them to put hosted numbers on a 10DLC campaign: `<Sms>on</Sms>` and
 * `<A2pSettings><Action>asSpecified</Action><CampaignId>…`. Like import orders they are
 * asynchronous (RECEIVED → PROCESSING → COMPLETE/PARTIAL/FAILED, notified as `tnoptions`), with
 * per-number outcomes in `<ErrorList><Error><Code/><Description/><TelephoneNumber/>` and
 * `<Warnings><Warning><TelephoneNumber/><Description/>`. Refusals of the whole order for the
 * account or location (5133, 5139: A2P not enabled there) are BANDWIDTH_A2P_NOT_ENABLED; those
 * about a number (5160/5163: the account does not own its messaging; 5132: SMS must be on for
 * A2P) stay per-number errors.
 */

function groupXml(group: TnOptionOrderInput['groups'][number], dialect: ApiDialect): XmlTree {
  const a2p = group.a2p;
  return {
    Sms: group.sms === undefined ? undefined : group.sms ? 'on' : 'off',
    A2pSettings:
      a2p === undefined
        ? undefined
        : { MessageClass: optional(a2p.messageClass), CampaignId: optional(a2p.campaignId), Action: a2p.action },
    TelephoneNumbers: telephoneNumbersElement(group.telephoneNumbers.map((tn) => toWireNumber(tn, dialect))),
  };
}

export function tnOptionOrderXml(order: TnOptionOrderInput, dialect: ApiDialect = 'v1'): string {
  return buildXml({
    TnOptionOrder: {
      CustomerOrderId: optional(order.customerOrderId),
      TnOptionGroups: { TnOptionGroup: order.groups.map((group) => groupXml(group, dialect)) },
    },
  });
}

function invalidInput(endpoint: string, what: string): BandwidthError {
  return new BandwidthError(`${endpoint} ${what}`, { code: 'BANDWIDTH_INVALID_INPUT', retryable: false, endpoint });
}

function validate(order: TnOptionOrderInput, endpoint: string): void {
  if (order.groups.length === 0) throw invalidInput(endpoint, 'needs at least one TnOptionGroup');
  order.groups.forEach((group, index) => {
    if (group.telephoneNumbers.length === 0) throw invalidInput(endpoint, `group ${index} has no telephone numbers`);
    if (group.sms === undefined && group.a2p === undefined) {
      throw invalidInput(endpoint, `group ${index} sets no option (sms or a2p)`);
    }
  });
}

function tnOptionStatusOf(value: string | undefined, endpoint: string): TnOptionOrderStatus {
  const status = value?.toUpperCase();
  const known = TN_OPTION_ORDER_STATUSES.find((candidate) => candidate === status);
  if (known === undefined) {
    throw new BandwidthXmlError(
      'BANDWIDTH_XML_INVALID',
      `${endpoint} answered with an unknown ProcessingStatus ${JSON.stringify(value ?? null)}`,
      { endpoint },
    );
  }
  return known;
}

function readGroup(element: XmlElement): TnOptionGroup {
  const group: TnOptionGroup = { telephoneNumbers: telephoneNumbersOf(element) };
  assign(group, 'sms', childText(element, 'Sms')?.toLowerCase());
  const settings = elementAt(element, 'A2pSettings');
  if (settings !== undefined) {
    const a2p: NonNullable<TnOptionGroup['a2p']> = {};
    assign(a2p, 'action', childText(settings, 'Action'));
    assign(a2p, 'campaignId', childText(settings, 'CampaignId'));
    assign(a2p, 'messageClass', childText(settings, 'MessageClass'));
    group.a2p = a2p;
  }
  return group;
}

/** `<ErrorList><Error>`; an error names its number as `<TelephoneNumber>` (or a `<TelephoneNumbers>` list). */
function readErrorList(order: XmlElement): NumberError[] {
  return childElements(order, 'ErrorList')
    .flatMap((list) => childElements(list, 'Error'))
    .flatMap((error) => {
      const code = childText(error, 'Code') ?? childText(error, 'ErrorCode');
      const description = childText(error, 'Description') ?? '';
      if (code === undefined && description === '') return [];
      return [{ code: code ?? '', description, telephoneNumbers: telephoneNumbersOf(error) }];
    });
}

function readWarnings(order: XmlElement): TnOptionWarning[] {
  return childElements(order, 'Warnings')
    .flatMap((list) => childElements(list, 'Warning'))
    .map((warning) => ({
      telephoneNumber: fromWireNumber(childText(warning, 'TelephoneNumber') ?? ''),
      description: childText(warning, 'Description') ?? '',
    }));
}

export function readTnOptionOrder(
  order: XmlElement,
  context: { endpoint: string; fallbackOrderId?: string },
): TnOptionOrder {
  const orderId = childText(order, 'OrderId') ?? context.fallbackOrderId;
  if (orderId === undefined) {
    throw new BandwidthXmlError(
      'BANDWIDTH_XML_INVALID',
      `${context.endpoint} answered with an order without <OrderId>`,
      {
        endpoint: context.endpoint,
      },
    );
  }
  const groups = childElements(elementAt(order, 'TnOptionGroups'), 'TnOptionGroup').map(readGroup);
  const errors = readErrorList(order);
  const result: TnOptionOrder = {
    orderId,
    processingStatus: tnOptionStatusOf(childText(order, 'ProcessingStatus'), context.endpoint),
    groups,
    telephoneNumbers: groups.flatMap((group) => group.telephoneNumbers),
    errors,
    warnings: readWarnings(order),
  };
  assign(
    result,
    'accountLevelError',
    errors.find((error) => ACCOUNT_LEVEL_TN_OPTION_CODES.includes(error.code)),
  );
  assign(result, 'customerOrderId', childText(order, 'CustomerOrderId'));
  assign(result, 'orderCreateDate', childText(order, 'OrderCreateDate'));
  assign(result, 'lastModifiedDate', childText(order, 'LastModifiedDate'));
  return result;
}

/** A 400/409 refusing the whole order because A2P is not enabled for the account or location. */
function asAccountRefusal(error: unknown): unknown {
  if (!(error instanceof BandwidthError) || error.code === 'BANDWIDTH_ORDER_TOO_LARGE') return error;
  if (!error.errors.some((e) => ACCOUNT_LEVEL_TN_OPTION_CODES.includes(e.code))) return error;
  return new BandwidthError(
    `Bandwidth refused the TN option order for the account, not a number: A2P is not enabled${describeErrors(error.errors)}`,
    {
      code: 'BANDWIDTH_A2P_NOT_ENABLED',
      ...(error.status === undefined ? {} : { status: error.status }),
      retryable: false,
      errors: error.errors,
      endpoint: error.endpoint,
      cause: error,
    },
  );
}

export async function createTnOptionOrder(
  transport: Transport,
  order: TnOptionOrderInput,
  options: CallOptions = {},
): Promise<TnOptionOrder> {
  const endpoint = 'POST /tnoptions';
  validate(order, endpoint);
  let response;
  try {
    response = await transport.send({
      method: 'POST',
      path: '/tnoptions',
      template: '/tnoptions',
      body: { contentType: XML_CONTENT_TYPE, data: tnOptionOrderXml(order, transport.dialect) },
      ...options,
    });
  } catch (error) {
    throw asAccountRefusal(error);
  }
  const locationId = idFromLocation(response.headers);
  // <TnOptionOrderResponse><TnOptionOrder>…; Bandwidth's Node SDK also expects a bare 201 with Location.
  const element = rootOrChild(transport.readXml(response), 'TnOptionOrder');
  if (element !== undefined) {
    return readTnOptionOrder(element, {
      endpoint,
      ...(locationId === undefined ? {} : { fallbackOrderId: locationId }),
    });
  }
  if (locationId === undefined) {
    throw new BandwidthXmlError(
      'BANDWIDTH_XML_INVALID',
      `${endpoint} answered with neither an order nor a Location header`,
      {
        endpoint,
      },
    );
  }
  const groups: TnOptionGroup[] = order.groups.map((group) => {
    const read: TnOptionGroup = { telephoneNumbers: group.telephoneNumbers.map(fromWireNumber) };
    if (group.sms !== undefined) read.sms = group.sms ? 'on' : 'off';
    if (group.a2p !== undefined) {
      const a2p: NonNullable<TnOptionGroup['a2p']> = { action: group.a2p.action };
      assign(a2p, 'campaignId', optional(group.a2p.campaignId));
      assign(a2p, 'messageClass', optional(group.a2p.messageClass));
      read.a2p = a2p;
    }
    return read;
  });
  const received: TnOptionOrder = {
    orderId: locationId,
    processingStatus: 'RECEIVED',
    groups,
    telephoneNumbers: groups.flatMap((group) => group.telephoneNumbers),
    errors: [],
    warnings: [],
  };
  assign(received, 'customerOrderId', optional(order.customerOrderId));
  return received;
}

export async function getTnOptionOrder(
  transport: Transport,
  orderId: string,
  options: CallOptions = {},
): Promise<TnOptionOrder> {
  const endpoint = 'GET /tnoptions/{orderId}';
  const response = await transport.send({
    method: 'GET',
    path: `/tnoptions/${segment(orderId, endpoint)}`,
    template: '/tnoptions/{orderId}',
    ...options,
  });
  // A bare <TnOptionOrder>, though a wrapped one is read too.
  const element = rootOrChild(transport.readXml(response), 'TnOptionOrder');
  if (element === undefined) {
    throw new BandwidthXmlError('BANDWIDTH_XML_INVALID', `${endpoint} answered without a <TnOptionOrder>`, {
      endpoint,
    });
  }
  return readTnOptionOrder(element, { endpoint, fallbackOrderId: orderId });
}

function tnOptionListSearchParams(filter: TnOptionOrderFilter, dialect: ApiDialect): URLSearchParams {
  const params = new URLSearchParams();
  const single = ['customerOrderId', 'createdDateFrom', 'createdDateTo', 'modifiedDateFrom', 'modifiedDateTo'] as const;
  for (const name of single) {
    const value = filter[name];
    if (value !== undefined && value !== '') params.append(name, value);
  }
  if (filter.tn !== undefined && filter.tn !== '') params.append('tn', toWireNumber(filter.tn, dialect));
  for (const status of filter.status ?? []) params.append('status', status);
  return params;
}

/**
 * TN option orders of the account: `<TnOptionOrders>` (bare, as the SDK fixtures have it, or under
 * `<TnOptionOrderReportResponse>`, as the spec does) of `<TnOptionOrderSummary>` entries, or of
 * whole `<TnOptionOrder>` entries, both read as summaries. Summaries may lack `CustomerOrderId`.
 */
export async function listTnOptionOrders(
  transport: Transport,
  filter: TnOptionOrderFilter = {},
  options: CallOptions = {},
): Promise<TnOptionOrderSummary[]> {
  const response = await transport.send({
    method: 'GET',
    path: '/tnoptions',
    template: '/tnoptions',
    searchParams: tnOptionListSearchParams(filter, transport.dialect),
    ...options,
  });
  const list = rootOrChild(transport.readXml(response), 'TnOptionOrders');
  const summaries = readOrderSummaries(list, 'TnOptionOrderSummary');
  const detailed = childElements(list, 'TnOptionOrder').flatMap((element): TnOptionOrderSummary[] => {
    const orderId = childText(element, 'OrderId');
    if (orderId === undefined) return [];
    const summary: TnOptionOrderSummary = {
      orderId,
      orderStatus: childText(element, 'ProcessingStatus')?.toUpperCase() ?? '',
    };
    assign(summary, 'customerOrderId', childText(element, 'CustomerOrderId'));
    assign(summary, 'orderDate', childText(element, 'OrderCreateDate'));
    assign(summary, 'lastModifiedDate', childText(element, 'LastModifiedDate'));
    const count = readTnOptionNumbersCount(element);
    if (count > 0) summary.countOfTNs = count;
    return [summary];
  });
  return [...summaries, ...detailed];
}

function readTnOptionNumbersCount(order: XmlElement): number {
  return childElements(elementAt(order, 'TnOptionGroups'), 'TnOptionGroup').reduce(
    (total, group) => total + telephoneNumbersOf(group).length,
    0,
  );
}
