import type { TnOptionGroup, TnOptionOrder } from './model.js';
import type { WriteNumber } from './order-xml.js';
import { telephoneNumbersElement } from './order-xml.js';
import { el, optionalEl, type XmlElement } from './xml-build.js';

function groupElement(group: TnOptionGroup, write: WriteNumber): XmlElement {
  return el(
    'TnOptionGroup',
    optionalEl('Sms', group.sms),
    group.a2p &&
      el(
        'A2pSettings',
        optionalEl('MessageClass', group.a2p.messageClass),
        optionalEl('CampaignId', group.a2p.campaignId),
        el('Action', group.a2p.action),
      ),
    telephoneNumbersElement(group.telephoneNumbers.map(write)),
  );
}

/**
 * `<TnOptionOrder>` as numbers.yml/numbers_v2.yml and the Ruby SDK's fixtures show it: per-number
 * errors as `<ErrorList><Error><Code/><Description/><TelephoneNumber/>` (one `Error` per number),
 * `<Warnings><Warning><TelephoneNumber/><Description/>`; both present even when empty.
 */
export function tnOptionOrderElement(order: TnOptionOrder, write: WriteNumber): XmlElement {
  return el(
    'TnOptionOrder',
    optionalEl('CustomerOrderId', order.customerOrderId),
    el('OrderCreateDate', order.orderCreateDate),
    el('AccountId', order.accountId),
    el('CreatedByUser', order.createdByUser),
    el('OrderId', order.orderId),
    el('LastModifiedDate', order.lastModifiedDate),
    el('ProcessingStatus', order.processingStatus),
    el(
      'TnOptionGroups',
      order.groups.map((group) => groupElement(group, write)),
    ),
    el(
      'ErrorList',
      order.errors.flatMap((failure) =>
        failure.telephoneNumbers.map((tn) =>
          el(
            'Error',
            el('Code', failure.code),
            el('Description', failure.description),
            el('TelephoneNumber', write(tn)),
          ),
        ),
      ),
    ),
    el(
      'Warnings',
      order.warnings.map((warning) =>
        el('Warning', el('TelephoneNumber', write(warning.telephoneNumber)), el('Description', warning.description)),
      ),
    ),
  );
}
