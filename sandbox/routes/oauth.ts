import express, { Router } from 'express';
import type { SandboxContext } from '../context.js';
import { OAUTH_REALM } from '../auth.js';
import { parseBasicAuthorization } from '../credentials.js';

/**
 * `POST /api/v1/oauth2/token`: the client-credentials grant. Client id and secret come in Basic
 * auth (as Bandwidth documents) or, as OAuth2 also allows, in the form body.
 */
export function oauthRoutes(context: SandboxContext): Router {
  const router = Router();
  router.post(
    '/oauth2/token',
    context.gate('token'),
    express.urlencoded({ extended: false, limit: '16kb' }),
    (req, res) => {
      res.set('Cache-Control', 'no-store');
      const form = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, unknown>;
      const basic = parseBasicAuthorization(req.get('authorization'));
      const clientId = basic?.username ?? (typeof form.client_id === 'string' ? form.client_id : undefined);
      const clientSecret = basic?.password ?? (typeof form.client_secret === 'string' ? form.client_secret : undefined);
      const refused = context.faults.unauthorizedNow();
      if (
        refused ||
        clientId === undefined ||
        clientSecret === undefined ||
        !context.tokens.isClient(clientId, clientSecret)
      ) {
        res.set('WWW-Authenticate', `Basic realm="${OAUTH_REALM}"`);
        res.status(401).json({ error: 'invalid_client', error_description: 'Client authentication failed.' });
        return;
      }
      if (form.grant_type !== 'client_credentials') {
        res.status(400).json({
          error: 'unsupported_grant_type',
          error_description: 'Only grant_type=client_credentials is supported.',
        });
        return;
      }
      const token = context.tokens.issue();
      res.status(200).json({ access_token: token.accessToken, token_type: 'Bearer', expires_in: token.expiresIn });
    },
  );
  return router;
}
