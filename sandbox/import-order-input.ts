import type { ApiGeneration } from './api-generation.js';
import { customerOrderIdError, presentText } from './customer-order-id.js';
import { errors, type BandwidthError } from './error-codes.js';
import type { ServiceAddress } from './model.js';
import { readNumberList } from './telephone-numbers.js';
import { childNode, childText, childTexts, type XmlNode } from './xml-parse.js';

export interface ImportOrderInput {
  customerOrderId?: string;
  siteId: string;
  sipPeerId?: string;
  subscriber: { name: string; serviceAddress: ServiceAddress };
  loaAuthorizingPerson: string;
  loaType: string;
  /** 10 digits, whichever generation the request came in. */
  telephoneNumbers: string[];
}

export type ImportOrderInputResult = { ok: true; input: ImportOrderInput } | { ok: false; errors: BandwidthError[] };

const LOA_TYPES = ['SUBSCRIBER', 'CARRIER'];
const REQUIRED_ADDRESS_FIELDS = ['HouseNumber', 'StreetName', 'City', 'StateCode', 'Zip'] as const;
/** numbers.yml `ImportTnOrder` and errors.mdx 25131: the subscriber name is at most 45 characters. */
const MAX_SUBSCRIBER_NAME = 45;

/**
 * Reads and checks an `<ImportTnOrder>` body the way Bandwidth's create call does, every problem at
 * once. `maxNumbers` is the per-order limit (5095 past it).
 */
export function readImportOrderInput(root: XmlNode, api: ApiGeneration, maxNumbers: number): ImportOrderInputResult {
  const customerOrderId = presentText(childText(root, 'CustomerOrderId'));
  const siteId = presentText(childText(root, 'SiteId'));
  const sipPeerId = presentText(childText(root, 'SipPeerId'));
  const subscriber = childNode(root, 'Subscriber');
  const name = presentText(childText(subscriber, 'Name'));
  const address = childNode(subscriber, 'ServiceAddress');
  const addressText = (field: string) => presentText(childText(address, field));
  const loaAuthorizingPerson = presentText(childText(root, 'LoaAuthorizingPerson'));
  const loaType = (presentText(childText(root, 'LoaType')) ?? 'SUBSCRIBER').toUpperCase();
  const numbers = readNumberList(childTexts(childNode(root, 'TelephoneNumbers'), 'TelephoneNumber'), api, {
    max: maxNumbers,
    tooMany: errors.tooManyNumbersInOrder,
    duplicate: () => errors.duplicateInOrder(),
  });

  const found: BandwidthError[] = [];
  const customerOrderIdProblem = customerOrderIdError(customerOrderId);
  if (customerOrderIdProblem) found.push(customerOrderIdProblem);
  if (siteId === undefined) found.push(errors.siteIdMissingOrInvalid());
  else if (!/^\d+$/.test(siteId)) found.push(errors.invalidSiteId());
  if (sipPeerId !== undefined && !/^\d+$/.test(sipPeerId)) found.push(errors.invalidSipPeerId());
  if (subscriber === undefined) found.push(errors.missingSubscriber());
  else {
    if (name === undefined) found.push(errors.missingSubscriberName());
    else if (name.length > MAX_SUBSCRIBER_NAME) found.push(errors.subscriberNameTooLong());
    if (address === undefined) found.push(errors.missingServiceAddress());
    else
      for (const field of REQUIRED_ADDRESS_FIELDS) {
        if (addressText(field) === undefined) found.push(errors.missingAddressField(field));
      }
  }
  const stateCode = addressText('StateCode');
  if (stateCode !== undefined && !/^[A-Za-z]{2}$/.test(stateCode)) found.push(errors.invalidStateCode(stateCode));
  if (loaAuthorizingPerson === undefined) found.push(errors.missingLoaAuthorizingPerson());
  if (!LOA_TYPES.includes(loaType)) found.push(errors.invalidLoaType());
  found.push(...numbers.problems);

  if (found.length > 0 || siteId === undefined || name === undefined || loaAuthorizingPerson === undefined)
    return { ok: false, errors: found };
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
      telephoneNumbers: numbers.telephoneNumbers,
    },
  };
}
