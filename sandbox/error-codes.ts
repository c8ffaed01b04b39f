/**
 * Bandwidth error codes and wordings the sandbox answers with. Codes marked "published" come from
 * Bandwidth's documents and SDK fixtures; the others are not published, so the sandbox picks one in
 * the same family. Clients should act on the HTTP status and show the description, never switch on
 * an unpublished code.
 */
export interface BandwidthError {
  code: string;
  description: string;
}

const error = (code: string, description: string): BandwidthError => ({ code, description });

export const errors = {
  // published
  invalidNumber: (tn: string) => error('7201', `${tn} is not a valid NANPA telephone number.`),
  notImportable: () => error('19006', 'Bandwidth numbers cannot be imported by this account at this time.'),
  numberNotActive: () => error('7518', 'Telephone Number Not Active.'),
  notPreviouslyImported: () => error('5158', "Telephone number hasn't been previously imported"),
  tooManyNumbers: (max: number) =>
    error('5095', `The count of telephone numbers in the order exceeds the maximum size of ${max}.`),
  invalidCustomerOrderId: () =>
    error(
      '7318',
      'CustomerOrderId may contain only letters, digits, dashes and spaces and must be at most 40 characters long.',
    ),
  missingSiteId: () => error('5016', 'SiteId is required.'),
  invalidSiteId: (siteId: string) => error('7309', `Site Id ${siteId} is not valid.`),
  invalidSipPeerId: (sipPeerId: string) => error('7312', `Sip Peer Id ${sipPeerId} is not valid.`),
  // not published: chosen by the sandbox
  duplicateNumber: (tn: string) => error('7202', `${tn} is duplicated in the request.`),
  noNumbers: () => error('7311', 'At least one telephone number is required.'),
  missingLoaAuthorizingPerson: () => error('7314', 'LoaAuthorizingPerson is required.'),
  invalidLoaType: (loaType: string) => error('7319', `LoaType ${loaType} is not valid; use SUBSCRIBER or CARRIER.`),
  missingSubscriberField: (field: string) => error('7315', `Subscriber ${field} is required.`),
  subscriberNameTooLong: () => error('7316', 'Subscriber Name must be at most 45 characters long.'),
  invalidStateCode: (stateCode: string) => error('7317', `StateCode ${stateCode} is not a two-letter state code.`),
  malformedXml: (detail: string) => error('1001', `The request body is not well-formed XML: ${detail}`),
  unexpectedRoot: (expected: string) => error('1002', `The request body must be a <${expected}> document.`),
  forbiddenXml: () => error('1003', 'DOCTYPE and ENTITY declarations are not accepted.'),
  bodyTooLarge: (limit: string) => error('1004', `The request body exceeds the limit of ${limit}.`),
  unauthorized: () => error('1005', 'Authentication is required: present valid Basic credentials or a Bearer token.'),
  accountNotFound: (accountId: string) => error('1006', `Account ${accountId} was not found.`),
  resourceNotFound: (what: string) => error('1007', `${what} was not found.`),
  invalidQuery: (detail: string) => error('1008', detail),
  internalError: (status: number) => error('1009', `Internal error (HTTP ${status}).`),
  invalidSubscription: (detail: string) => error('12501', detail),
} as const;
