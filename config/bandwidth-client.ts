import { basicAuth, createBandwidthClient, oauth2ClientCredentials, type BandwidthClient } from '../bandwidth/index.js';
import type { Config } from './index.js';

/** The Bandwidth client this configuration asks for: OAuth2 when its credentials are set, else Basic. */
export function bandwidthClientFromConfig(config: Pick<Config, 'bandwidth'>): BandwidthClient {
  const { bandwidth } = config;
  const auth = bandwidth.oauth2
    ? oauth2ClientCredentials({ tokenUrl: bandwidth.tokenUrl, ...bandwidth.oauth2 })
    : bandwidth.basic
      ? basicAuth(bandwidth.basic)
      : undefined;
  if (!auth) throw new Error('no Bandwidth credentials configured');
  return createBandwidthClient({ baseUrl: bandwidth.apiBaseUrl, accountId: bandwidth.accountId, auth });
}

export function authModeOf(config: Pick<Config, 'bandwidth'>): 'oauth2' | 'basic' {
  return config.bandwidth.oauth2 ? 'oauth2' : 'basic';
}
