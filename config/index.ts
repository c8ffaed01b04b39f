import { resolve } from 'node:path';
import { parseDuration } from './duration.js';
import { loadOrCreateLocalSecrets } from './local-secrets.js';
import { readTemporalConnection, type TemporalConnectionConfig } from './temporal-connection.js';

/**
 * hostflow's configuration, read and validated once per process from the environment. Every
 * problem is reported as one line naming its variable; secrets are never part of a message.
 */
export interface Config {
  port: number;
  host: string;
  temporal: {
    address: string;
    namespace: string;
    taskQueue: string;
    uiPort: number;
    cli?: string;
    /** The whole connection (TLS, API key, profile) from the SDK's environment configuration. */
    connection: TemporalConnectionConfig;
    /** The namespace's history retention that hostflow's own Temporal setups apply (TEMPORAL_RETENTION). */
    retentionMs: number;
  };
  apiKeys: string[];
  sandbox: { enabled: boolean; port: number };
  bandwidth: {
    accountId: string;
    apiBaseUrl: string;
    tokenUrl: string;
    oauth2?: { clientId: string; clientSecret: string };
    basic?: { username: string; password: string };
    defaultSiteId?: string;
    defaultSipPeerId?: string;
  };
  webhook: { username: string; password: string; generated: boolean } | undefined;
  publicBaseUrl: string;
  dataDir: string;
  orderWait: { pollInitialIntervalMs: number; pollMaxIntervalMs: number; maxWaitMs?: number; loaWaitMs?: number };
  maxNumbersPerOrder: number;
  /**
   * Where the worker's Temporal runtime serves Prometheus metrics (127.0.0.1); unset: off for
   * `npm run worker` (two workers on one machine must not fight for a port), a free port under
   * `npm start`; 0: off.
   */
  workerMetricsPort?: number;
  /** Cap on Bandwidth calls per second across all workers (Temporal's task-queue activity rate limit). */
  bandwidthMaxRequestsPerSecond?: number;
  logLevel: string;
  /** Workflows a worker keeps in memory between tasks. */
  maxCachedWorkflows: number;
  /** Payload encryption keys (base64, 32 bytes); generated under DATA_DIR in sandbox mode. */
  payloadEncryption: { key?: string; previousKeys?: string };
  /** Whether worker startup makes sure Bandwidth's subscriptions point at this service's webhook. */
  ensureSubscription: boolean;
  /** The worker's /healthz and /readyz (WORKER_HEALTH_PORT); off when absent. */
  workerHealth?: { port: number; host: string };
  /** How long a stopping worker lets running activities finish (WORKER_SHUTDOWN_GRACE_TIME). */
  workerShutdownGraceMs: number;
  /** How long a Web UI session for /codec lasts (CODEC_SESSION_TTL). */
  codecSessionTtlMs: number;
  /** Browser origins allowed to call /codec (the Temporal Web UI). */
  codecCorsOrigins: string[];
  /** hostflow's PostgreSQL; unset: `npm start` runs an embedded one under DATA_DIR. */
  databaseUrl?: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);
/** Loopback in URL form too: `[::1]`, the whole 127/8. */
const isLoopbackHost = (hostname: string) =>
  LOOPBACK.has(hostname) || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
/** The variables that point hostflow at a real Bandwidth account: with any set, SANDBOX=auto never means sandbox. */
const BANDWIDTH_ACCOUNT_VARIABLES = [
  'BANDWIDTH_ACCOUNT_ID',
  'BANDWIDTH_API_BASE_URL',
  'BANDWIDTH_TOKEN_URL',
  'BANDWIDTH_CLIENT_ID',
  'BANDWIDTH_CLIENT_SECRET',
  'BANDWIDTH_USERNAME',
  'BANDWIDTH_PASSWORD',
];
export const SANDBOX_ACCOUNT_ID = '9900000';

type Env = Record<string, string | undefined>;

/**
 * `role` says which process reads the configuration: a worker alone needs no API keys (it serves no
 * HTTP); the API alone needs no Bandwidth credentials (it never calls Bandwidth: the worker does,
 * and ensures the subscriptions), so their absence is not an error there.
 */
export function loadConfig(env: Env = process.env, options: { role?: 'api' | 'worker' | 'all' } = {}): Config {
  const servesHttp = options.role !== 'worker';
  const callsBandwidth = options.role !== 'api';
  const problems: string[] = [];
  const get = (name: string) => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  const port = (name: string, fallback: number) => {
    const raw = get(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0 || value > 65_535) {
      problems.push(`${name} must be a port number (0-65535), got ${JSON.stringify(raw)}`);
      return fallback;
    }
    return value;
  };
  const duration = (name: string, fallback?: number) => {
    const raw = get(name);
    if (raw === undefined) return fallback;
    const value = parseDuration(raw);
    if (value === undefined)
      problems.push(`${name} must be a duration such as 30s, 5m or 1h, got ${JSON.stringify(raw)}`);
    return value ?? fallback;
  };
  const url = (name: string, fallback: string) => {
    const raw = get(name) ?? fallback;
    try {
      const parsed = new URL(raw);
      if (!/^https?:$/.test(parsed.protocol)) throw new Error('scheme');
      return raw.replace(/\/+$/, '');
    } catch {
      problems.push(`${name} must be an http(s) URL, got ${JSON.stringify(raw)}`);
      return fallback;
    }
  };
  const pair = (a: string, b: string) => {
    const first = get(a);
    const second = get(b);
    if ((first === undefined) !== (second === undefined))
      problems.push(`${first ? b : a} must be set together with ${first ? a : b}`);
    return first !== undefined && second !== undefined ? ([first, second] as const) : undefined;
  };

  const apiPort = port('PORT', 3000);
  const host = get('HOST') ?? '127.0.0.1';
  const oauth = pair('BANDWIDTH_CLIENT_ID', 'BANDWIDTH_CLIENT_SECRET');
  const basic = pair('BANDWIDTH_USERNAME', 'BANDWIDTH_PASSWORD');
  const hasCredentials = Boolean(oauth || basic);

  const sandboxSetting = (get('SANDBOX') ?? 'auto').toLowerCase();
  if (!['on', 'off', 'auto'].includes(sandboxSetting))
    problems.push(`SANDBOX must be on, off or auto, got ${JSON.stringify(get('SANDBOX'))}`);
  const bandwidthVariables = BANDWIDTH_ACCOUNT_VARIABLES.filter((name) => get(name) !== undefined);
  // SANDBOX=auto means sandbox only when nothing points at a real account: a half-configured
  // Bandwidth (an account id without credentials, one half of a pair) stops startup instead.
  const sandboxEnabled =
    sandboxSetting === 'on' ||
    (sandboxSetting !== 'off' &&
      (callsBandwidth ? !hasCredentials && bandwidthVariables.length === 0 : bandwidthVariables.length === 0));
  const halfPair = ['BANDWIDTH_CLIENT_ID', 'BANDWIDTH_CLIENT_SECRET', 'BANDWIDTH_USERNAME', 'BANDWIDTH_PASSWORD'].some(
    (name) => get(name) !== undefined,
  );
  if (sandboxSetting === 'auto' && callsBandwidth && !hasCredentials && bandwidthVariables.length > 0 && !halfPair) {
    problems.push(
      `SANDBOX=auto found ${bandwidthVariables.join(', ')} but no Bandwidth credentials: set BANDWIDTH_CLIENT_ID and BANDWIDTH_CLIENT_SECRET for real Bandwidth, or SANDBOX=on for the sandbox`,
    );
  } else if (!sandboxEnabled && !hasCredentials && callsBandwidth && sandboxSetting === 'off') {
    problems.push(
      'SANDBOX=off needs Bandwidth credentials: set BANDWIDTH_CLIENT_ID and BANDWIDTH_CLIENT_SECRET (or BANDWIDTH_USERNAME and BANDWIDTH_PASSWORD)',
    );
  }
  const sandboxPort = port('SANDBOX_PORT', 4010);
  // In sandbox mode the client talks to the local sandbox with the sandbox's own credentials.
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  const sandboxBasic = {
    username: get('SANDBOX_USERNAME') ?? 'sandbox',
    password: get('SANDBOX_PASSWORD') ?? 'sandbox',
  };
  const accountId = get('BANDWIDTH_ACCOUNT_ID') ?? (sandboxEnabled ? SANDBOX_ACCOUNT_ID : undefined);
  if (!accountId) {
    if (callsBandwidth) problems.push('BANDWIDTH_ACCOUNT_ID must be set when talking to real Bandwidth');
  } else if (!/^[A-Za-z0-9-]+$/.test(accountId))
    problems.push('BANDWIDTH_ACCOUNT_ID must be letters, digits and dashes');

  const apiKeys = (get('API_KEYS') ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  if (servesHttp && apiKeys.length === 0 && !(sandboxEnabled && LOOPBACK.has(host))) {
    problems.push(
      'API_KEYS must be set: the API may run without keys only in sandbox mode bound to loopback (HOST=127.0.0.1)',
    );
  }

  const ensureRaw = (get('BANDWIDTH_ENSURE_SUBSCRIPTION') ?? 'on').toLowerCase();
  if (!['on', 'off'].includes(ensureRaw))
    problems.push(
      `BANDWIDTH_ENSURE_SUBSCRIPTION must be on or off, got ${JSON.stringify(get('BANDWIDTH_ENSURE_SUBSCRIPTION'))}`,
    );
  // The worker writes the webhook credentials into Bandwidth's subscriptions; the API checks them.
  const ensuresSubscriptions = callsBandwidth && ensureRaw !== 'off';
  const webhookPair = pair('WEBHOOK_USERNAME', 'WEBHOOK_PASSWORD');
  if ((servesHttp || ensuresSubscriptions) && !webhookPair && !sandboxEnabled) {
    problems.push('WEBHOOK_USERNAME and WEBHOOK_PASSWORD must be set: Bandwidth must authenticate its callbacks');
  }
  const dataDir = resolve(get('DATA_DIR') ?? '.data');
  let webhook: Config['webhook'];
  if (webhookPair) webhook = { username: webhookPair[0], password: webhookPair[1], generated: false };
  else if (sandboxEnabled && problems.length === 0) {
    const secrets = loadOrCreateLocalSecrets(dataDir);
    webhook = { username: secrets.webhookUsername, password: secrets.webhookPassword, generated: true };
  }

  const temporalConnection = readTemporalConnection(env, problems);
  const retentionMs = duration('TEMPORAL_RETENTION', 30 * 86_400_000)!;
  // Temporal refuses a namespace retention under a day.
  if (retentionMs < 86_400_000) problems.push('TEMPORAL_RETENTION must be at least 1d');

  const pollInitialIntervalMs = duration('ORDER_POLL_INITIAL_INTERVAL', 5 * 60_000)!;
  const pollMaxIntervalMs = duration('ORDER_POLL_MAX_INTERVAL', 60 * 60_000)!;
  if (pollMaxIntervalMs < pollInitialIntervalMs)
    problems.push('ORDER_POLL_MAX_INTERVAL must not be shorter than ORDER_POLL_INITIAL_INTERVAL');
  const maxWaitMs = duration('ORDER_MAX_WAIT');
  // LOA_WAIT=0 is allowed: end at once when the order ends without an LOA.
  const loaWaitMs = get('LOA_WAIT') === '0' ? 0 : duration('LOA_WAIT', 7 * 86_400_000);

  const maxNumbersRaw = get('MAX_NUMBERS_PER_ORDER');
  const maxNumbersPerOrder = maxNumbersRaw === undefined ? 5000 : Number(maxNumbersRaw);
  if (!Number.isInteger(maxNumbersPerOrder) || maxNumbersPerOrder < 1 || maxNumbersPerOrder > 5000) {
    problems.push(`MAX_NUMBERS_PER_ORDER must be a whole number from 1 to 5000, got ${JSON.stringify(maxNumbersRaw)}`);
  }

  const rateRaw = get('BANDWIDTH_MAX_REQUESTS_PER_SECOND');
  const bandwidthMaxRequestsPerSecond = rateRaw === undefined ? undefined : Number(rateRaw);
  if (
    bandwidthMaxRequestsPerSecond !== undefined &&
    !(bandwidthMaxRequestsPerSecond > 0 && Number.isFinite(bandwidthMaxRequestsPerSecond))
  ) {
    problems.push(`BANDWIDTH_MAX_REQUESTS_PER_SECOND must be a positive number, got ${JSON.stringify(rateRaw)}`);
  }
  const logLevel = (get('LOG_LEVEL') ?? 'info').toLowerCase();
  if (!['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'].includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of debug, info, warn, error, silent, got ${JSON.stringify(get('LOG_LEVEL'))}`);
  }

  const uiPort = port('TEMPORAL_UI_PORT', 8233);
  const cacheRaw = get('WORKER_MAX_CACHED_WORKFLOWS');
  const maxCachedWorkflows = cacheRaw === undefined ? 100 : Number(cacheRaw);
  if (!Number.isInteger(maxCachedWorkflows) || maxCachedWorkflows < 0)
    problems.push(`WORKER_MAX_CACHED_WORKFLOWS must be a whole number (0 or more), got ${JSON.stringify(cacheRaw)}`);
  const workerHealthPort = get('WORKER_HEALTH_PORT') === undefined ? 0 : port('WORKER_HEALTH_PORT', 0);
  const workerShutdownGraceMs =
    get('WORKER_SHUTDOWN_GRACE_TIME') === '0' ? 0 : duration('WORKER_SHUTDOWN_GRACE_TIME', 30_000)!;
  const codecSessionTtlMs = duration('CODEC_SESSION_TTL', 12 * 3_600_000)!;

  const apiBaseUrl = url(
    'BANDWIDTH_API_BASE_URL',
    sandboxEnabled ? `${sandboxUrl}/api` : 'https://dashboard.bandwidth.com/api',
  );
  const givenPublicBaseUrl = get('PUBLIC_BASE_URL');
  // Bandwidth calls the webhook at PUBLIC_BASE_URL: real Bandwidth cannot call loopback, and a
  // loopback URL on a real (account-wide) subscription would silently lose every notification.
  if (!sandboxEnabled && callsBandwidth && givenPublicBaseUrl === undefined) {
    problems.push('PUBLIC_BASE_URL must be set outside sandbox mode: it is where Bandwidth calls the webhook');
  }
  const publicBaseUrl = url('PUBLIC_BASE_URL', `http://127.0.0.1:${apiPort}`);
  if (!sandboxEnabled && givenPublicBaseUrl !== undefined && URL.canParse(publicBaseUrl) && URL.canParse(apiBaseUrl)) {
    const publicHost = new URL(publicBaseUrl).hostname;
    if (isLoopbackHost(publicHost) && !isLoopbackHost(new URL(apiBaseUrl).hostname)) {
      problems.push(
        `PUBLIC_BASE_URL must be an address Bandwidth can reach: ${publicHost} is loopback while BANDWIDTH_API_BASE_URL (${new URL(apiBaseUrl).host}) is not`,
      );
    }
  }

  const databaseUrl = get('DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\/./.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres://user:password@host:port/database URL');
  }

  const config: Config = {
    databaseUrl,
    port: apiPort,
    host,
    temporal: {
      address: temporalConnection.address,
      namespace: temporalConnection.namespace,
      taskQueue: get('TEMPORAL_TASK_QUEUE') ?? 'hosted-messaging',
      uiPort,
      cli: get('TEMPORAL_CLI'),
      connection: temporalConnection,
      retentionMs,
    },
    apiKeys,
    sandbox: { enabled: sandboxEnabled, port: sandboxPort },
    bandwidth: {
      accountId: accountId ?? '',
      apiBaseUrl,
      tokenUrl: url(
        'BANDWIDTH_TOKEN_URL',
        sandboxEnabled ? `${sandboxUrl}/api/v1/oauth2/token` : 'https://api.bandwidth.com/api/v1/oauth2/token',
      ),
      oauth2: oauth ? { clientId: oauth[0], clientSecret: oauth[1] } : undefined,
      basic: basic ? { username: basic[0], password: basic[1] } : oauth || !sandboxEnabled ? undefined : sandboxBasic,
      defaultSiteId: get('BANDWIDTH_SITE_ID'),
      defaultSipPeerId: get('BANDWIDTH_SIP_PEER_ID'),
    },
    webhook,
    publicBaseUrl,
    dataDir,
    orderWait: { pollInitialIntervalMs, pollMaxIntervalMs, maxWaitMs, loaWaitMs },
    maxNumbersPerOrder,
    workerMetricsPort: get('WORKER_METRICS_PORT') === undefined ? undefined : port('WORKER_METRICS_PORT', 0),
    ensureSubscription: ensureRaw !== 'off',
    workerHealth: workerHealthPort
      ? { port: workerHealthPort, host: get('WORKER_HEALTH_HOST') ?? '127.0.0.1' }
      : undefined,
    workerShutdownGraceMs,
    codecSessionTtlMs,
    maxCachedWorkflows,
    payloadEncryption: { key: get('PAYLOAD_ENCRYPTION_KEY'), previousKeys: get('PAYLOAD_ENCRYPTION_PREVIOUS_KEYS') },
    codecCorsOrigins: (get('CODEC_CORS_ORIGINS') ?? `http://127.0.0.1:${uiPort},http://localhost:${uiPort}`)
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    bandwidthMaxRequestsPerSecond,
    logLevel,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
