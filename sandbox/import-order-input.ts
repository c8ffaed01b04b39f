import { customerOrderIdError, presentText } from './customer-order-id.js';
import { errors, type BandwidthError } from './error-codes.js';
import type { ServiceAddress } from './model.js';
import { numberListErrors } from './telephone-numbers.js';
import { el, optionalEl, type XmlElement } from './xml-build.js';
import { childNode, childText, childTexts, type XmlNode } from './xml-parse.js';

export interface ImportOrderInput {
  customerOrderId?: string;
  siteId: string;
  sipPeerId?: string;
  subscriber: { name: string; serviceAddress: ServiceAddress };
  loaAuthorizingPerson: string;
  loaType: string;
  telephoneNumbers: string[];
}

export type ImportOrderInputResult =
  | { ok: true; input: ImportOrderInput }
  /** `echo`: the request's own fields, which Bandwidth repeats in its 400 answer. */
  | { ok: false; errors: BandwidthError[]; echo: XmlElement[] };

const LOA_TYPES = ['SUBSCRIBER', 'CARRIER'];
const REQUIRED_ADDRESS_FIELDS = ['HouseNumber', 'StreetName', 'City', 'StateCode', 'Zip'] as const;

/** Reads and checks an `<ImportTnOrder>` body the way Bandwidth's create call does. */
export function readImportOrderInput(root: XmlNode): ImportOrderInputResult {
  const customerOrderId = presentText(childText(root, 'CustomerOrderId'));
  const siteId = presentText(childText(root, 'SiteId'));
  const sipPeerId = presentText(childText(root, 'SipPeerId'));
  const subscriber = childNode(root, 'Subscriber');
  const name = presentText(childText(subscriber, 'Name'));
  const address = childNode(subscriber, 'ServiceAddress');
  const addressText = (field: string) => presentText(childText(address, field));
  const loaAuthorizingPerson = presentText(childText(root, 'LoaAuthorizingPerson'));
  const loaType = presentText(childText(root, 'LoaType')) ?? 'SUBSCRIBER';
  const telephoneNumbers = childTexts(childNode(root, 'TelephoneNumbers'), 'TelephoneNumber');

  const found: BandwidthError[] = [];
  const customerOrderIdProblem = customerOrderIdError(customerOrderId);
  if (customerOrderIdProblem) found.push(customerOrderIdProblem);
  if (siteId === undefined) found.push(errors.missingSiteId());
  else if (!/^\d+$/.test(siteId)) found.push(errors.invalidSiteId(siteId));
  if (sipPeerId !== undefined && !/^\d+$/.test(sipPeerId)) found.push(errors.invalidSipPeerId(sipPeerId));
  if (name === undefined) found.push(errors.missingSubscriberField('Name'));
  else if (name.length > 45) found.push(errors.subscriberNameTooLong());
  for (const field of REQUIRED_ADDRESS_FIELDS) {
    if (addressText(field) === undefined) found.push(errors.missingSubscriberField(`ServiceAddress/${field}`));
  }
  const stateCode = addressText('StateCode');
  if (stateCode !== undefined && !/^[A-Za-z]{2}$/.test(stateCode)) found.push(errors.invalidStateCode(stateCode));
  if (loaAuthorizingPerson === undefined) found.push(errors.missingLoaAuthorizingPerson());
  if (!LOA_TYPES.includes(loaType)) found.push(errors.invalidLoaType(loaType));
  found.push(...numberListErrors(telephoneNumbers));

  if (found.length > 0 || siteId === undefined || name === undefined || loaAuthorizingPerson === undefined) {
    const echo = [
      optionalEl('CustomerOrderId', customerOrderId),
      optionalEl('SiteId', siteId),
      optionalEl('SipPeerId', sipPeerId),
      subscriber &&
        el(
          'Subscriber',
          optionalEl('Name', name),
          address &&
            el(
              'ServiceAddress',
              ...[...REQUIRED_ADDRESS_FIELDS, 'County'].map((field) => optionalEl(field, addressText(field))),
            ),
        ),
      optionalEl('LoaAuthorizingPerson', loaAuthorizingPerson),
      telephoneNumbers.length > 0 &&
        el(
          'TelephoneNumbers',
          telephoneNumbers.map((tn) => el('TelephoneNumber', tn)),
        ),
    ].filter((element): element is XmlElement => Boolean(element));
    return { ok: false, errors: found, echo };
  }
  return {
    ok: true,
    input: {
      ...(customerOrderId !== undefined ? { customerOrderId } : {}),
      siteId,
      ...(sipPeerId !== undefined ? { sipPeerId } : {}),
      subscriber: {
        name,
        serviceAddress: {
          houseNumber: addressText('HouseNumber') ?? '',
          streetName: addressText('StreetName') ?? '',
          city: addressText('City') ?? '',
          stateCode: (stateCode ?? '').toUpperCase(),
          zip: addressText('Zip') ?? '',
          ...(addressText('County') !== undefined ? { county: addressText('County') } : {}),
        },
      },
      loaAuthorizingPerson,
      loaType,
      telephoneNumbers,
    },
  };
}
