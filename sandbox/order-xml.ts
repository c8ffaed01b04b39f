import type { OrderExtras } from './dialect.js';
import type { HistoryEntry, ImportOrder, NumberFailure, RemovalOrder, SandboxOrder } from './model.js';
import { el, optionalEl, type XmlElement } from './xml-build.js';

export function telephoneNumbersElement(tns: readonly string[]): XmlElement {
  return el(
    'TelephoneNumbers',
    tns.map((tn) => el('TelephoneNumber', tn)),
  );
}

/** `<Errors/>` on a clean order; else one `<Error>` per code with the numbers it hit. */
export function orderErrorsElement(failures: readonly NumberFailure[]): XmlElement {
  return el(
    'Errors',
    failures.map((failure) =>
      el(
        'Error',
        el('Code', failure.code),
        el('Description', failure.description),
        telephoneNumbersElement(failure.telephoneNumbers),
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
export function importOrderElement(order: ImportOrder, extras: OrderExtras): XmlElement {
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
    telephoneNumbersElement(order.telephoneNumbers),
    el('ProcessingStatus', order.processingStatus),
    orderErrorsElement(order.errors),
    extras.sipPeerIdLast && sipPeerId,
  );
}

export function removalOrderElement(order: RemovalOrder): XmlElement {
  return el(
    'RemoveImportedTnOrder',
    optionalEl('CustomerOrderId', order.customerOrderId),
    el('OrderCreateDate', order.orderCreateDate),
    el('AccountId', order.accountId),
    el('CreatedByUser', order.createdByUser),
    el('OrderId', order.orderId),
    el('LastModifiedDate', order.lastModifiedDate),
    telephoneNumbersElement(order.telephoneNumbers),
    el('ProcessingStatus', order.processingStatus),
    orderErrorsElement(order.errors),
  );
}

/** A list entry; the children's mixed casing is Bandwidth's own. */
export function orderSummaryElement(order: SandboxOrder): XmlElement {
  return el(
    order.kind === 'import' ? 'ImportTnOrderSummary' : 'RemoveImportedTnOrderSummary',
    el('accountId', order.accountId),
    el('CountOfTNs', String(order.telephoneNumbers.length)),
    optionalEl('CustomerOrderId', order.customerOrderId),
    el('userId', order.createdByUser),
    el('lastModifiedDate', order.lastModifiedDate),
    el('OrderDate', order.orderCreateDate),
    el('OrderType', order.kind === 'import' ? 'import_tn_orders' : 'remove_imported_tn_orders'),
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
