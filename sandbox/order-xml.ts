import type { OrderExtras } from './dialect.js';
import type { HistoryEntry, ImportOrder, NumberFailure, RemovalOrder, SandboxOrder } from './model.js';
import { el, optionalEl, type XmlElement } from './xml-build.js';

export function telephoneNumbersElement(tns: readonly string[]): XmlElement {
  return el(
    'TelephoneNumbers',
    tns.map((tn) => el('TelephoneNumber', tn)),
  );
}

/** Writes a stored (10-digit) number the way the request's API generation answers. */
export type WriteNumber = (tn: string) => string;

const asStored: WriteNumber = (tn) => tn;

/** `<Errors/>` on a clean order; else one `<Error>` per code with the numbers it hit. */
export function orderErrorsElement(failures: readonly NumberFailure[], write: WriteNumber = asStored): XmlElement {
  return el(
    'Errors',
    failures.map((failure) =>
      el(
        'Error',
        el('Code', failure.code),
        el('Description', failure.description),
        telephoneNumbersElement(failure.telephoneNumbers.map(write)),
      ),
    ),
  );
}

function subscriberElement(order: ImportOrder, extras: OrderExtras): XmlElement {
  const address = order.subscriber.serviceAddress;
  return el(
    'Subscriber',
    el('Name', order.subscriber.name),
    el(
      'ServiceAddress',
      el('HouseNumber', address.houseNumber),
      el('StreetName', address.streetName),
      el('City', address.city),
      el('StateCode', address.stateCode),
      el('Zip', address.zip),
      optionalEl('County', address.county),
      extras.addressDetails && [el('Country', 'United States'), el('AddressType', 'Service')],
    ),
  );
}

/**
 * `<ImportTnOrder>` as Bandwidth writes it, with the optional parts the dialect shows (`extras`).
 * Optional fields the order lacks (CustomerOrderId, SipPeerId, County) are left out, not emptied.
 * The seed's create answer puts `SipPeerId` after `SiteId`; its poll answer after `<Errors/>`.
 */
export function importOrderElement(order: ImportOrder, extras: OrderExtras, write: WriteNumber = asStored): XmlElement {
  const sipPeerId = optionalEl('SipPeerId', order.sipPeerId);
  return el(
    'ImportTnOrder',
    optionalEl('CustomerOrderId', order.customerOrderId),
    el('OrderCreateDate', order.orderCreateDate),
    el('AccountId', order.accountId),
    el('CreatedByUser', order.createdByUser),
    el('OrderId', order.orderId),
    el('LastModifiedDate', order.lastModifiedDate),
    el('SiteId', order.siteId),
    !extras.sipPeerIdLast && sipPeerId,
    subscriberElement(order, extras),
    el('LoaAuthorizingPerson', order.loaAuthorizingPerson),
    extras.loaType && el('LoaType', order.loaType),
    telephoneNumbersElement(order.telephoneNumbers.map(write)),
    el('ProcessingStatus', order.processingStatus),
    orderErrorsElement(order.errors, write),
    extras.sipPeerIdLast && sipPeerId,
  );
}

export function removalOrderElement(order: RemovalOrder, write: WriteNumber = asStored): XmlElement {
  return el(
    'RemoveImportedTnOrder',
    optionalEl('CustomerOrderId', order.customerOrderId),
    el('OrderCreateDate', order.orderCreateDate),
    el('AccountId', order.accountId),
    el('CreatedByUser', order.createdByUser),
    el('OrderId', order.orderId),
    el('LastModifiedDate', order.lastModifiedDate),
    telephoneNumbersElement(order.telephoneNumbers.map(write)),
    el('ProcessingStatus', order.processingStatus),
    orderErrorsElement(order.errors, write),
  );
}

const SUMMARY = {
  import: { element: 'ImportTnOrderSummary', orderType: 'import_tn_orders' },
  removal: { element: 'RemoveImportedTnOrderSummary', orderType: 'remove_imported_tn_orders' },
  // The Ruby SDK's fixture and numbers_v2.yml: `<TnOptionOrderSummary>` with `OrderType` `tn_option`.
  tnOption: { element: 'TnOptionOrderSummary', orderType: 'tn_option' },
} as const;

/** A list entry; the children's mixed casing is Bandwidth's own. */
export function orderSummaryElement(order: SandboxOrder): XmlElement {
  return el(
    SUMMARY[order.kind].element,
    el('accountId', order.accountId),
    el('CountOfTNs', String(order.telephoneNumbers.length)),
    optionalEl('CustomerOrderId', order.customerOrderId),
    el('userId', order.createdByUser),
    el('lastModifiedDate', order.lastModifiedDate),
    el('OrderDate', order.orderCreateDate),
    el('OrderType', SUMMARY[order.kind].orderType),
    el('OrderStatus', order.processingStatus),
    el('OrderId', order.orderId),
  );
}

export function orderHistoryElement(history: readonly HistoryEntry[]): XmlElement {
  return el(
    'OrderHistoryWrapper',
    history.map((entry) =>
      el(
        'OrderHistory',
        el('OrderDate', entry.date),
        el('Note', entry.note),
        el('Author', entry.author),
        el('Status', entry.status),
      ),
    ),
  );
}
