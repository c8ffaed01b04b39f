/**
 * The exact XML of Bandwidth's "Hosting Numbers" guide (kept here: tests never read the shared
 * documents at run time).
 */
export const SEED_CHECKER_REQUEST = `<ImportTnCheckerPayload>
<TelephoneNumbers>
<TelephoneNumber>3032281000</TelephoneNumber>
<TelephoneNumber>4109235436</TelephoneNumber>
<TelephoneNumber>4104685864</TelephoneNumber>
</TelephoneNumbers>
<SiteId>486</SiteId>
<SipPeerId>500025</SipPeerId>
</ImportTnCheckerPayload>`;

export const SEED_CHECKER_ANSWER = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<ImportTnCheckerResponse>
<ImportTnCheckerPayload>
<TelephoneNumbers><!--These can be hosted for messaging-->
<TelephoneNumber>3032281000</TelephoneNumber>
</TelephoneNumbers>
<ImportTnErrors>
<ImportTnError>
<Code>19006</Code>
<Description>Bandwidth numbers cannot be imported by this account at this time.</Description>
<TelephoneNumbers><!--These can NOT be hosted for messaging-->
<TelephoneNumber>4109235436</TelephoneNumber>
<TelephoneNumber>4104685864</TelephoneNumber>
</TelephoneNumbers>
</ImportTnError>
</ImportTnErrors>
</ImportTnCheckerPayload>
</ImportTnCheckerResponse>`;

export const SEED_ORDER_REQUEST = `<ImportTnOrder>
<CustomerOrderId>marktestorders</CustomerOrderId>
<SiteId>14413</SiteId>
<SipPeerId>521952</SipPeerId>
<Subscriber>
<Name>ABC Inc.</Name>
<ServiceAddress>
<HouseNumber>11235</HouseNumber>
<StreetName>Back</StreetName>
<City>Denver</City>
<StateCode>CO</StateCode>
<Zip>27541</Zip>
<County>Canyon</County>
</ServiceAddress>
</Subscriber>
<LoaAuthorizingPerson>markmacc</LoaAuthorizingPerson>
<TelephoneNumbers>
<TelephoneNumber>3032281000</TelephoneNumber>
<TelephoneNumber>3032280004</TelephoneNumber>
</TelephoneNumbers>
</ImportTnOrder>`;

/** An order like the seed's, with other numbers and customer order id (null: none). */
export function orderRequest(numbers: string[], customerOrderId: string | null = 'marktestorders'): string {
  return SEED_ORDER_REQUEST.replace(
    /<TelephoneNumbers>[\s\S]*<\/TelephoneNumbers>/,
    `<TelephoneNumbers>${numbers.map((tn) => `<TelephoneNumber>${tn}</TelephoneNumber>`).join('')}</TelephoneNumbers>`,
  ).replace(
    '<CustomerOrderId>marktestorders</CustomerOrderId>',
    customerOrderId === null ? '' : `<CustomerOrderId>${customerOrderId}</CustomerOrderId>`,
  );
}

export function subscriptionRequest(
  url: string,
  credentials?: { username: string; password: string },
  orderType = 'importtnorders',
): string {
  const auth = credentials
    ? `<CallbackCredentials><BasicAuthentication><Username>${credentials.username}</Username><Password>${credentials.password}</Password></BasicAuthentication></CallbackCredentials>`
    : '';
  return `<Subscription><OrderType>${orderType}</OrderType><CallbackSubscription><URL>${url}</URL><Expiry>3153600000</Expiry>${auth}</CallbackSubscription></Subscription>`;
}
