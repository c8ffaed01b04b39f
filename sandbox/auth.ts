import type { RequestHandler } from 'express';
import { parseBasicAuthorization, parseBearerAuthorization, secretsEqual } from './credentials.js';
import { errors } from './error-codes.js';
import { responseStatusBody } from './errors.js';
import type { FaultInjector } from './faults.js';
import type { TokenIssuer } from './oauth-tokens.js';
import type { RequestLogLocals } from './request-log.js';
import { sendXml } from './xml-response.js';

export const AUTH_REALM = 'Bandwidth Dashboard API';
export const OAUTH_REALM = 'oauth2';

/**
 * Accepts the legacy Basic API user or a Bearer token from the OAuth2 endpoint; anything else is
 * 401 (1001 "Access Denied"). The authenticated name goes to `res.locals.user` (it becomes
 * `CreatedByUser`). Faults can refuse every Basic call (Bandwidth removed legacy API users on
 * 2 December 2026; OAuth2 Bearer tokens kept working) or every call for a stretch.
 */
export function requireBandwidthAuth(
  credentials: { username: string; password: string },
  tokens: TokenIssuer,
  faults: FaultInjector,
): RequestHandler {
  return (req, res, next) => {
    const header = req.get('authorization');
    const basic = parseBasicAuthorization(header);
    if (faults.unauthorizedNow()) {
      // an outage of Bandwidth's authentication: nothing gets in
    } else if (basic) {
      const userMatches = secretsEqual(basic.username, credentials.username);
      const passwordMatches = secretsEqual(basic.password, credentials.password);
      if (userMatches && passwordMatches && !faults.refusesBasic()) {
        res.locals.user = basic.username;
        next();
        return;
      }
    } else {
      const bearer = parseBearerAuthorization(header);
      const holder = bearer === undefined ? undefined : tokens.holderOf(bearer);
      if (holder !== undefined) {
        res.locals.user = holder.clientId;
        (res.locals as RequestLogLocals).tokenSerial = holder.serial;
        next();
        return;
      }
    }
    res.set('WWW-Authenticate', `Basic realm="${AUTH_REALM}"`);
    sendXml(res, 401, responseStatusBody('ErrorResponse', errors.accessDenied()));
  };
}
