import { createPrivateKey, X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { ConnectionOptions, TLSConfig } from '@temporalio/client';
import {
  loadClientConfigProfile,
  type ClientConfigProfile,
  type ClientConfigTLS,
  type ConfigDataSource,
} from '@temporalio/envconfig';
import type { NativeConnectionOptions } from '@temporalio/worker';

/**
 * How every hostflow process reaches Temporal — the worker, the API, `npm start` against a server
 * it did not start, the bench — read once from the SDK's environment configuration
 * (`@temporalio/envconfig`): `TEMPORAL_ADDRESS`, `TEMPORAL_NAMESPACE`, `TEMPORAL_API_KEY`,
 * `TEMPORAL_TLS*`, and the `temporal.toml` profile named by `TEMPORAL_PROFILE` in
 * `TEMPORAL_CONFIG_FILE` (else the SDK's default file), environment variables winning over the
 * file, as the SDK and the `temporal` CLI resolve them. hostflow's own defaults stay:
 * `localhost:7233`, namespace `default`, plaintext unless TLS or an API key is configured.
 */
export interface TemporalConnectionConfig {
  address: string;
  namespace: string;
  /** TLS settings (certificates already read and checked); `false`: plaintext. */
  tls: TLSConfig | false;
  apiKey?: string;
  /** Extra gRPC metadata from the profile (`grpc_meta`) or `TEMPORAL_GRPC_META_*`. */
  metadata?: Record<string, string>;
  /** The profile's name when a `temporal.toml` profile was used. */
  profile?: string;
  /** TLS or an API key: a plaintext local dev server can never stand in for this endpoint. */
  secured: boolean;
  /** For logs and banners: what kind of connection, never a key or a certificate. */
  description: string;
}

type Env = Record<string, string | undefined>;

/** The variables of the SDK's environment configuration that hostflow reads (docs and checks list them). */
export const TEMPORAL_CONNECTION_VARIABLES = [
  'TEMPORAL_ADDRESS',
  'TEMPORAL_NAMESPACE',
  'TEMPORAL_API_KEY',
  'TEMPORAL_TLS',
  'TEMPORAL_TLS_CLIENT_CERT_PATH',
  'TEMPORAL_TLS_CLIENT_KEY_PATH',
  'TEMPORAL_TLS_SERVER_CA_CERT_PATH',
  'TEMPORAL_TLS_SERVER_NAME',
  'TEMPORAL_TLS_CLIENT_CERT_DATA',
  'TEMPORAL_TLS_CLIENT_KEY_DATA',
  'TEMPORAL_TLS_SERVER_CA_CERT_DATA',
  'TEMPORAL_PROFILE',
  'TEMPORAL_CONFIG_FILE',
] as const;

const DEFAULT_ADDRESS = 'localhost:7233';
const DEFAULT_NAMESPACE = 'default';

/**
 * Reads the Temporal connection from the environment. Each problem is pushed to `problems` as one
 * line naming its variable (or its `temporal.toml` key); the result is usable only when none was.
 */
export function readTemporalConnection(env: Env, problems: string[]): TemporalConnectionConfig {
  // Blank variables count as unset, as everywhere else in hostflow's configuration (compose
  // passes `${X:-}` as an empty string); the SDK would take an empty string as a value.
  const given: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined && value.trim()) given[name] = value.trim();

  const tlsSetting = given.TEMPORAL_TLS?.toLowerCase();
  if (tlsSetting !== undefined && !['true', 'false', '1', '0'].includes(tlsSetting)) {
    // The SDK reads anything but `true`/`1` as "off": `TEMPORAL_TLS=on` would silently mean plaintext.
    problems.push(`TEMPORAL_TLS must be true or false, got ${JSON.stringify(given.TEMPORAL_TLS)}`);
  }
  if (tlsSetting !== undefined) given.TEMPORAL_TLS = tlsSetting;

  const configFile = given.TEMPORAL_CONFIG_FILE;
  if (configFile !== undefined && !existsSync(configFile)) {
    // The SDK quietly ignores a missing file; a file named on purpose that is not there is a mistake.
    problems.push(`TEMPORAL_CONFIG_FILE names ${JSON.stringify(configFile)}, which does not exist`);
  }

  let profile: ClientConfigProfile = {};
  try {
    profile = loadClientConfigProfile({ overrideEnvVars: given });
  } catch (error) {
    const message = oneLine((error as Error).message);
    const where = given.TEMPORAL_PROFILE
      ? `TEMPORAL_PROFILE ${JSON.stringify(given.TEMPORAL_PROFILE)}`
      : `TEMPORAL_CONFIG_FILE ${JSON.stringify(configFile ?? 'temporal.toml')}`;
    problems.push(`${where}: ${message}`);
  }
  // The profile in use: the one named, else the file's default one (when there is a file to speak of).
  const profileName = given.TEMPORAL_PROFILE ?? (configFile !== undefined ? 'default' : undefined);

  const address = profile.address ?? DEFAULT_ADDRESS;
  if (!/^[^\s:/]+:\d+$/.test(address) && !/^\[[0-9a-fA-F:]+\]:\d+$/.test(address))
    problems.push(`TEMPORAL_ADDRESS must be host:port, got ${JSON.stringify(address)}`);
  const namespace = profile.namespace ?? DEFAULT_NAMESPACE;
  const apiKey = profile.apiKey;

  const tls = readTls(profile.tls, apiKey !== undefined, given, problems);
  const secured = tls !== false || apiKey !== undefined;
  const host = address.slice(0, address.lastIndexOf(':')).replace(/^\[(.*)\]$/, '$1');
  if (apiKey !== undefined && tls === false && !['localhost', '127.0.0.1', '::1'].includes(host)) {
    // A key sent in plaintext over the network is a key given away (a local TLS-terminating sidecar is fine).
    problems.push(
      `TEMPORAL_API_KEY would travel in plaintext to ${host}: unset TEMPORAL_TLS=false (or tls.disabled) for a non-loopback address`,
    );
  }
  const parts = [address, `namespace ${namespace}`];
  if (tls === false) parts.push('plaintext');
  else {
    parts.push(tls.clientCertPair ? 'mTLS' : 'TLS');
    if (tls.serverNameOverride) parts.push(`server name ${tls.serverNameOverride}`);
    if (tls.serverRootCACertificate) parts.push('own CA');
  }
  if (apiKey !== undefined) parts.push('API key');
  if (profileName) parts.push(`profile ${profileName}`);
  return {
    address,
    namespace,
    tls,
    apiKey,
    metadata: profile.grpcMeta && Object.keys(profile.grpcMeta).length > 0 ? profile.grpcMeta : undefined,
    profile: profileName,
    secured,
    description: parts.join(', '),
  };
}

/** Options for `Connection.connect` / `Connection.lazy` (the API, clients). */
export function clientConnectionOptions(connection: TemporalConnectionConfig): ConnectionOptions {
  return {
    address: connection.address,
    tls: connection.tls === false ? false : connection.tls,
    ...(connection.apiKey !== undefined ? { apiKey: connection.apiKey } : {}),
    ...(connection.metadata ? { metadata: connection.metadata } : {}),
  };
}

/** Options for `NativeConnection.connect` (the worker). */
export function nativeConnectionOptions(connection: TemporalConnectionConfig): NativeConnectionOptions {
  return {
    address: connection.address,
    tls: connection.tls === false ? false : connection.tls,
    ...(connection.apiKey !== undefined ? { apiKey: connection.apiKey } : {}),
    ...(connection.metadata ? { metadata: connection.metadata } : {}),
  };
}

/** Which variable (or temporal.toml key) a TLS file came from, for messages. */
const SOURCES = {
  clientCert: { variable: 'TEMPORAL_TLS_CLIENT_CERT', toml: 'tls.client_cert' },
  clientKey: { variable: 'TEMPORAL_TLS_CLIENT_KEY', toml: 'tls.client_key' },
  serverCACert: { variable: 'TEMPORAL_TLS_SERVER_CA_CERT', toml: 'tls.server_ca_cert' },
} as const;

function readTls(
  settings: ClientConfigTLS | undefined,
  hasApiKey: boolean,
  given: Record<string, string>,
  problems: string[],
): TLSConfig | false {
  // As the SDK decides: explicit TLS settings win; otherwise an API key turns TLS on.
  if (settings?.disabled === true) return false;
  if (settings === undefined) return hasApiKey ? {} : false;

  const read = (field: keyof typeof SOURCES, kind: 'certificate' | 'key'): Buffer | undefined => {
    const source: ConfigDataSource | undefined = settings[field];
    if (!source) return undefined;
    const { variable, toml } = SOURCES[field];
    const name =
      'path' in source
        ? given[`${variable}_PATH`] !== undefined
          ? `${variable}_PATH`
          : `${toml}_path`
        : given[`${variable}_DATA`] !== undefined
          ? `${variable}_DATA`
          : `${toml}_data`;
    let bytes: Buffer;
    try {
      bytes = 'path' in source ? readFileSync(source.path) : Buffer.from(source.data);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      problems.push(
        `${name} names ${JSON.stringify('path' in source ? source.path : '')}, which cannot be read (${code ?? 'error'})`,
      );
      return undefined;
    }
    try {
      if (kind === 'certificate') new X509Certificate(bytes);
      else createPrivateKey(bytes);
    } catch {
      problems.push(`${name} is not a PEM ${kind === 'certificate' ? 'certificate' : 'private key'}`);
      return undefined;
    }
    return bytes;
  };
  const crt = read('clientCert', 'certificate');
  const key = read('clientKey', 'key');
  const ca = read('serverCACert', 'certificate');
  if ((settings.clientCert === undefined) !== (settings.clientKey === undefined)) {
    problems.push(
      settings.clientCert
        ? 'TEMPORAL_TLS_CLIENT_KEY_PATH must be set together with TEMPORAL_TLS_CLIENT_CERT_PATH (mTLS needs both)'
        : 'TEMPORAL_TLS_CLIENT_CERT_PATH must be set together with TEMPORAL_TLS_CLIENT_KEY_PATH (mTLS needs both)',
    );
  }
  return {
    ...(settings.serverName ? { serverNameOverride: settings.serverName } : {}),
    ...(ca ? { serverRootCACertificate: ca } : {}),
    ...(crt && key ? { clientCertPair: { crt, key } } : {}),
  };
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
