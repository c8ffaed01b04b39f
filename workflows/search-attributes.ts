import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * What an operator searches by in the Temporal Web UI. Ids and numbers only: no subscriber
 * names or addresses ever go here, because search attributes are stored in the clear.
 */
export const HostingStatusKey = defineSearchAttributeKey('HostingStatus', SearchAttributeType.KEYWORD);
export const CustomerOrderIdKey = defineSearchAttributeKey('CustomerOrderId', SearchAttributeType.KEYWORD);
export const BandwidthOrderIdKey = defineSearchAttributeKey('BandwidthOrderId', SearchAttributeType.KEYWORD);
export const TelephoneNumbersKey = defineSearchAttributeKey('TelephoneNumbers', SearchAttributeType.KEYWORD_LIST);
export const SiteIdKey = defineSearchAttributeKey('SiteId', SearchAttributeType.KEYWORD);

/** Registration list for dev servers and the compose stack: name → Temporal CLI type name. */
export const searchAttributeRegistrations: ReadonlyArray<{ name: string; type: 'Keyword' | 'KeywordList' }> = [
  { name: HostingStatusKey.name, type: 'Keyword' },
  { name: CustomerOrderIdKey.name, type: 'Keyword' },
  { name: BandwidthOrderIdKey.name, type: 'Keyword' },
  { name: TelephoneNumbersKey.name, type: 'KeywordList' },
  { name: SiteIdKey.name, type: 'Keyword' },
];

/**
 * Temporal caps one search-attribute value at 2 KB by default (Temporal Cloud too), about 150
 * ten-digit numbers in a KeywordList; a request beyond that is searchable by its first numbers.
 */
export const MAX_SEARCHABLE_NUMBERS = 150;

export function searchableNumbers(numbers: readonly string[]): string[] {
  return numbers.slice(0, MAX_SEARCHABLE_NUMBERS);
}
