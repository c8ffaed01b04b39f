import { readEitherForm, type ApiGeneration } from './api-generation.js';
import { customerOrderIdError, presentText } from './customer-order-id.js';
import { errors, type BandwidthError } from './error-codes.js';
import type { TnOptionGroup } from './model.js';
import { childList, childNode, childText, childTexts, isNode, type XmlNode } from './xml-parse.js';

export interface TnOptionOrderInput {
  customerOrderId?: string;
  groups: TnOptionGroup[];
}

export type TnOptionInputResult = { ok: true; input: TnOptionOrderInput } | { ok: false; error: BandwidthError };

const SMS_VALUES = ['on', 'off', 'unchanged'];
/** errors.mdx 5138 and numbers_v2.yml's A2pSettings table (which adds `delete`), in Bandwidth's spelling. */
const A2P_ACTIONS = ['unchanged', 'systemDefault', 'off', 'asSpecified', 'delete'];
/** errors.mdx 12822. */
const CAMPAIGN_ID = /^[A-Za-z0-9._-]{1,64}$/;

const refuse = (error: BandwidthError): TnOptionInputResult => ({ ok: false, error });

/**
 * Reads a `<TnOptionOrder>` (numbers.yml/numbers_v2.yml `POST /tnoptions`). The sandbox keeps what
 * hosted messaging needs — `Sms` and `A2pSettings` — and ignores the voice options. On v2 a
 * 10-digit number is taken too: numbers_v2.yml says TN option orders assume "NANPA 10 digit format
 * number if string is not E.164 formatted". Bandwidth answers a refused order with one
 * `<ResponseStatus>`: the first problem found.
 */
export function readTnOptionOrder(root: XmlNode, api: ApiGeneration, maxNumbers: number): TnOptionInputResult {
  const customerOrderId = presentText(childText(root, 'CustomerOrderId'));
  const customerOrderIdProblem = customerOrderIdError(customerOrderId, errors.tnOptionCustomerOrderId);
  if (customerOrderIdProblem) return refuse(customerOrderIdProblem);
  const groupNodes = childList(childNode(root, 'TnOptionGroups'), 'TnOptionGroup').map((value) =>
    isNode(value) ? value : {},
  );
  if (groupNodes.length === 0) return refuse(errors.required('TnOptionGroups'));
  const groups: TnOptionGroup[] = [];
  const seen = new Set<string>();
  for (const node of groupNodes) {
    const raws = childTexts(childNode(node, 'TelephoneNumbers'), 'TelephoneNumber');
    if (raws.length === 0) return refuse(errors.required('TelephoneNumbers'));
    const telephoneNumbers: string[] = [];
    for (const raw of raws) {
      const reading = api.readNumber(raw);
      const tn = 'tn' in reading ? reading.tn : api.name === 'v2' ? readEitherForm(raw) : undefined;
      if (tn === undefined) return refuse(errors.numberInvalid(raw));
      if (seen.has(tn)) return refuse(errors.duplicateInOrder());
      seen.add(tn);
      telephoneNumbers.push(tn);
    }
    if (seen.size > maxNumbers) return refuse(errors.tooManyNumbersInOrder(maxNumbers));
    const group = readGroupOptions(node, telephoneNumbers);
    if ('error' in group) return refuse(group.error);
    groups.push(group);
  }
  return { ok: true, input: { ...(customerOrderId !== undefined ? { customerOrderId } : {}), groups } };
}

function readGroupOptions(node: XmlNode, telephoneNumbers: string[]): TnOptionGroup | { error: BandwidthError } {
  const attributes = Object.keys(node).filter((name) => name !== 'TelephoneNumbers');
  if (attributes.length === 0) return { error: errors.noTnOption(telephoneNumbers.join(', ')) };
  const smsText = presentText(childText(node, 'Sms'));
  const sms = smsText?.toLowerCase();
  if (smsText !== undefined && !SMS_VALUES.includes(sms!)) return { error: errors.invalidSms(smsText) };
  const a2pNode = childNode(node, 'A2pSettings');
  let a2p: TnOptionGroup['a2p'];
  if (a2pNode !== undefined) {
    // numbers_v2.yml: `asSpecified` "is the default if unspecified".
    const actionText = presentText(childText(a2pNode, 'Action')) ?? 'asSpecified';
    const action = A2P_ACTIONS.find((known) => known.toLowerCase() === actionText.toLowerCase());
    if (action === undefined) return { error: errors.invalidA2pAction() };
    const campaignId = presentText(childText(a2pNode, 'CampaignId'));
    const messageClass = presentText(childText(a2pNode, 'MessageClass'));
    if (action === 'asSpecified' && campaignId === undefined) return { error: errors.required('CampaignId') };
    if (campaignId !== undefined && !CAMPAIGN_ID.test(campaignId))
      return { error: errors.invalidCampaignId(campaignId) };
    if (action === 'asSpecified' && sms === 'off') return { error: errors.smsOffForA2p() };
    a2p = {
      action,
      ...(campaignId !== undefined ? { campaignId } : {}),
      ...(messageClass !== undefined ? { messageClass } : {}),
    };
  }
  return { ...(sms !== undefined ? { sms } : {}), ...(a2p ? { a2p } : {}), telephoneNumbers };
}
