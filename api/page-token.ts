import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Page tokens handed to callers wrap Temporal's own, signed: Temporal treats a token it cannot
 * decode as an unknown error that clients retry until their deadline, so a forged or mangled
 * token must be refused here, as the caller's mistake it is. The signature also binds a token to
 * its filter (a token from another query is refused too).
 */
export interface PageTokens {
  wrap(temporalToken: Uint8Array, query: string): string;
  /** Temporal's token back, or undefined when this token was not issued for this query. */
  unwrap(token: string, query: string): Buffer | undefined;
}

const QUERY_DIGEST_BYTES = 8;

/** `key`: shared by every API instance (derived from the payload key) so paging works behind a load balancer. */
export function createPageTokens(key: Uint8Array = randomBytes(32)): PageTokens {
  const sign = (body: Buffer) => createHmac('sha256', key).update(body).digest().subarray(0, 16);
  const queryDigest = (query: string) => createHash('sha256').update(query).digest().subarray(0, QUERY_DIGEST_BYTES);
  return {
    wrap(temporalToken, query) {
      const body = Buffer.concat([queryDigest(query), Buffer.from(temporalToken)]);
      return `${body.toString('base64url')}.${sign(body).toString('base64url')}`;
    },
    unwrap(token, query) {
      const [bodyText, signatureText, extra] = token.split('.');
      if (!bodyText || !signatureText || extra !== undefined) return undefined;
      const body = Buffer.from(bodyText, 'base64url');
      const signature = Buffer.from(signatureText, 'base64url');
      const expected = sign(body);
      if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) return undefined;
      if (!body.subarray(0, QUERY_DIGEST_BYTES).equals(queryDigest(query))) return undefined;
      return body.subarray(QUERY_DIGEST_BYTES);
    },
  };
}
