import { toWireNumber } from './dialect.js';
import { BandwidthError } from './errors.js';
import { segment } from './location.js';
import type { Transport } from './transport.js';
import type { CallOptions } from './types.js';

/** A number in a path: `+` is a legal path character, so an E.164 number goes as written. */
function numberSegment(telephoneNumber: string, endpoint: string): string {
  return segment(telephoneNumber, endpoint).replace(/^%2B/i, '+');
}

/**
 * Whether a number is in service on the account: `GET /inserviceNumbers/{tn}` answers 200 with no
 * body when it is and 404 when it is not (v2 the same, with the number as `+1…`). Bandwidth's
 * hosted-messaging guide ends with this check, "optional, but recommended", to confirm an import.
 * Any other answer is a BandwidthError as usual.
 */
export async function isInService(
  transport: Transport,
  telephoneNumber: string,
  options: CallOptions = {},
): Promise<boolean> {
  const endpoint = 'GET /inserviceNumbers/{tn}';
  try {
    await transport.send({
      method: 'GET',
      path: `/inserviceNumbers/${numberSegment(toWireNumber(telephoneNumber, transport.dialect), endpoint)}`,
      template: '/inserviceNumbers/{tn}',
      ...options,
    });
    return true;
  } catch (error) {
    if (error instanceof BandwidthError && error.status === 404) return false;
    throw error;
  }
}
