/**
 * Bandwidth error codes and wordings the sandbox answers with. Every code is used only for the
 * meaning Bandwidth gives it. Sources, in the order they are cited below:
 *  - errors.mdx: Bandwidth/api-docs `site/docs/numbers/errors.mdx` (the code tables);
 *  - numbers.yml / numbers_v2.yml: Bandwidth/api-docs `site/specs/…` (examples of real answers);
 *  - notes: codes the project's Bandwidth notes name but no stored source shows (subscriptions:
 *    14505, 14506, 14508, 16006, 16008); sandbox/README.md lists them as unconfirmed.
 * Where a wording has a `%s`, the sandbox fills it in; otherwise the text is Bandwidth's.
 */
export interface BandwidthError {
  code: string;
  description: string;
}

const error = (code: string, description: string): BandwidthError => ({ code, description });

/** How a number appears in a description: 10 digits on v1, E.164 on v2 (numbers_v2.yml says "NANP"). */
export type NumberWording = 'NANPA' | 'NANP';

export const errors = {
  // --- telephone numbers (errors.mdx "LNP Checker", numbers.yml importTnChecker 400 example) ---
  invalidNumber: (tn: string, wording: NumberWording = 'NANPA') =>
    error('7201', `${tn} is not a valid ${wording} telephone number.`),
  /** errors.mdx 7316 (LNP checker): the list is empty. */
  noNumbers: () => error('7316', 'At least one telephone number must be provided.'),
  /** errors.mdx 7314 (LNP checker): the checker's 5000-number limit. */
  tooManyNumbersToCheck: (max: number) =>
    error('7314', `The number of telephone numbers provided exceeds the maximum ${max}`),
  /** errors.mdx 5095; numbers.yml's import-order error table gives it "of 5000". */
  tooManyNumbersInOrder: (max: number) =>
    error('5095', `The count of telephone numbers in order exceeds the maximum size of ${max}`),
  /** errors.mdx 1009 (SystemError). */
  duplicated: (value: string) => error('1009', `'${value}' is duplicated`),
  /** errors.mdx 5093; numbers.yml's import-order error table. */
  duplicateInOrder: () => error('5093', 'Order cannot contain duplicate telephone numbers'),

  // --- inside orders ---
  notImportable: () => error('19006', 'Bandwidth numbers cannot be imported by this account at this time.'),
  numberNotActive: () => error('7518', 'Telephone Number Not Active.'),
  notPreviouslyImported: () => error('5158', "Telephone number hasn't been previously imported."),

  // --- the import order body (errors.mdx "LNP or /portins errors", "ExternalTnsErrorType") ---
  invalidCustomerOrderId: () =>
    error(
      '7318',
      'Customer order ID is invalid. Only alphanumeric values, dashes and spaces are allowed. Max length is 40 characters.',
    ),
  /** errors.mdx 7309, the wording of numbers.yml's create-400 example. */
  siteIdMissingOrInvalid: () => error('7309', 'The site id was not supplied or is invalid.'),
  /** errors.mdx 5016 (the Java SDK's fixture has it for a bad site too). */
  invalidSiteId: () => error('5016', 'The SiteId submitted is invalid.'),
  /** errors.mdx 7312, numbers.yml's create-400 example. */
  invalidSipPeerId: () => error('7312', 'The sippeer id is invalid.'),
  missingLoaAuthorizingPerson: () => error('7115', 'The LOA authorizing person is required'),
  missingSubscriber: () => error('7104', 'Subscriber information is required'),
  missingSubscriberName: () => error('7105', 'The subscriber name is required'),
  missingServiceAddress: () => error('7107', 'The service address is required'),
  /** errors.mdx 7108–7112, one per required ServiceAddress field. */
  missingAddressField: (field: 'HouseNumber' | 'StreetName' | 'City' | 'StateCode' | 'Zip') =>
    ({
      HouseNumber: error('7108', 'The service address house number is required'),
      StreetName: error('7109', 'The service address street name is required'),
      City: error('7110', 'The service address city is required'),
      StateCode: error('7111', 'The service address state code is required'),
      Zip: error('7112', 'The service address zip code is required'),
    })[field],
  /** errors.mdx 25131 (ExternalTnsErrorType: numbers brought to Bandwidth). */
  subscriberNameTooLong: () => error('25131', 'The Subscriber Name is too long. Maximum length is 45 characters.'),
  /** errors.mdx 25110. */
  invalidLoaType: () => error('25110', 'LoaType is absent or invalid. Possible values: carrier, subscriber'),
  /** errors.mdx 12543. */
  invalidStateCode: (stateCode: string) =>
    error('12543', `StateCode '${stateCode}' is invalid. It is must be abbreviation of the two characters`),
  /** errors.mdx 5149 / 5150: the account may not use the import API (the `account.importDisabled` fault). */
  importNotEnabled: () => error('5149', 'The importTnOrder API is not enabled'),

  // --- TN option orders (errors.mdx "OrderErrorType") ---
  tnOptionCustomerOrderId: () =>
    error(
      '5052',
      'Customer order ID is invalid. Only alphanumeric values, dashes and spaces are allowed. Max length is 40 characters.',
    ),
  /** errors.mdx 5070. */
  numberInvalid: (tn: string) => error('5070', `Telephone number is invalid. ${tn}`),
  invalidSms: (value: string) => error('5113', `Sms '${value}' is invalid. Valid values are: on, off, unchanged`),
  noTnOption: (tns: string) => error('5115', `At least one of the TN option attributes must be applied for ${tns}`),
  smsOffForA2p: () => error('5132', "SMS attribute should be 'ON' for provisioning A2P"),
  invalidA2pAction: () =>
    error('5138', "Action value is invalid. Valid values are: 'unchanged', 'systemDefault', 'off', 'asSpecified'."),
  /** errors.mdx 12822. */
  invalidCampaignId: (campaignId: string) =>
    error(
      '12822',
      `A2P Campaign ID '${campaignId}' is not valid. Needs to be between 1 and 64 characters. Only alphanumeric values, dashes, underscores and dots are allowed.`,
    ),
  /** errors.mdx 5218: the 409 of a TN option order naming a number another open one holds. */
  numberInProcess: () =>
    error('5218', 'Telephone number cannot be ordered because it is already processing on another order.'),
  /** errors.mdx 5076: a TN option on a number the account does not have. */
  notOnAccount: () => error('5076', 'Number does not belong to this account.'),
  /** errors.mdx 5074. */
  notInService: () => error('5074', 'Telephone number is not in service.'),
  /** errors.mdx 5160, the contract's test number ending 7777. */
  messagingNotOwned: (tn: string, attributes: string) =>
    error(
      '5160',
      `The account does not own messaging service on the number ${tn}. These attributes cannot be overwritten: ${attributes}`,
    ),

  // --- subscriptions (numbers.yml: 404 for validation failures, 409 for a duplicate; codes: notes) ---
  basicNeedsBoth: () => error('14505', 'BasicAuthentication requires both a Username and a Password.'),
  invalidUrl: (url: string) => error('14506', `The callback URL '${url}' is not valid.`),
  orderTypeOrEventType: () => error('14508', 'Exactly one of OrderType or EventType must be provided.'),
  tooManySubscriptions: (max: number) =>
    error('16006', `Only ${max} global subscriptions are permitted for any supported order-type`),
  duplicateSubscription: () => error('16008', 'Duplicate subscription: a subscription for this target already exists.'),
  /** errors.mdx 5087. */
  invalidOrderType: () => error('5087', 'The input order type is not a valid entry.'),

  // --- generic (errors.mdx "SystemError") ---
  internalError: () => error('1000', 'Internal Server Error. Please try again.'),
  accessDenied: () => error('1001', 'Access Denied'),
  notNonNegative: (name: string) => error('1002', `${name} must be a non-negative number`),
  required: (name: string) => error('1003', `${name} is required`),
  notADate: (value: string) => error('1007', `${value} is not a valid date format.`),
  notAUuid: (value: string) => error('1008', `'${value}' is not a valid UUID`),
  notAValue: (value: string) => error('1008', `'${value}' is not a valid value`),
  tooLong: (name: string, max: string) => error('1011', `${name} is too long. Max length ${max} characters`),
  badRequest: (detail: string) =>
    error('1019', `Bad request encountered. Please check your request and try again. ${detail}`),
  /** errors.mdx 12020 (AdminError). */
  accountNotFound: (accountId: string) => error('12020', `Account '${accountId}' does not exist`),
  /** errors.mdx 13056–13058: the page and size of a paged list. */
  pageNotNumeric: () => error('13056', "'page' parameter should be numeric"),
  sizeNotNumeric: () => error('13057', "'size' parameter should be numeric"),
  pageOrSizeTooSmall: () => error('13058', 'page and size must be greater than or equal to 1'),
} as const;

/**
 * Bandwidth's 404 carries no code, only this description (numbers.yml/numbers_v2.yml, e.g. the TN
 * option order and address 404 examples).
 */
export const RESOURCE_DOES_NOT_EXIST = 'The resource does not exist';
