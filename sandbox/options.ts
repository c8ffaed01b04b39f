import { DIALECTS, isDialectName, type DialectName } from './dialect.js';
import type { OAuthClient } from './oauth-tokens.js';
import { XML_ENCODINGS, type XmlEncoding } from './xml-encoding.js';

export interface SandboxOptions {
  /** The one account the sandbox serves. Default '9900000'. */
  accountId?: string;
  /** Accepted legacy Basic credentials. Default sandbox/sandbox. */
  credentials?: { username: string; password: string };
  /** The OAuth2 client allowed to get Bearer tokens. Default sandbox/sandbox, tokens valid 3600 s. */
  oauthClient?: { clientId: string; clientSecret: string; tokenTtlSeconds?: number };
  /** Delay of each status step RECEIVED → PROCESSING → end. Default 300. */
  stepDelayMs?: number;
  /** Gets one line per event worth knowing (order steps, callbacks). Secrets never appear. */
  logger?: (line: string) => void;
  /** How long one callback may take before it counts as failed. Default 10000. */
  callbackTimeoutMs?: number;
  /** When set, orders and subscriptions are kept in this JSON file and loaded at start. */
  stateFile?: string;
  /** Host the server is bound to; `/_sandbox/*` answers requests naming it or a loopback name. */
  host?: string;
  /**
   * How answers are worded: `seed` (default) as the seed document's examples, `varied` as real
   * Bandwidth writes them (plural create root, unstable element order, extra elements, …), `v2` a
   * Universal Platform account: hosted messaging only under `/api/v2` (E.164), v1 paths 404.
   */
  dialect?: DialectName;
  /** The most numbers one import, removal or TN option order may carry (5095 past it). Default 5000. */
  maxNumbersPerOrder?: number;
  /** The most global subscriptions per order type or event type (16006 past it). Default 10. */
  maxSubscriptionsPerType?: number;
  /** The character encoding of XML answers (also switchable as a fault). Default UTF-8. */
  xmlEncoding?: XmlEncoding;
}

export interface ResolvedSandboxOptions {
  accountId: string;
  credentials: { username: string; password: string };
  oauthClient: OAuthClient;
  stepDelayMs: number;
  logger: (line: string) => void;
  callbackTimeoutMs: number;
  stateFile: string | undefined;
  host: string | undefined;
  dialect: DialectName;
  maxNumbersPerOrder: number;
  maxSubscriptionsPerType: number;
  xmlEncoding: XmlEncoding;
}

export class SandboxOptionsError extends Error {
  override readonly name = 'SandboxOptionsError';
  readonly code = 'INVALID_SANDBOX_OPTIONS';
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1)
    throw new SandboxOptionsError(`${name} must be a positive integer, got ${value}`);
  return value;
}

function nonNegativeInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0)
    throw new SandboxOptionsError(`${name} must be a non-negative integer, got ${value}`);
  return value;
}

export function resolveOptions(options: SandboxOptions): ResolvedSandboxOptions {
  const accountId = options.accountId ?? '9900000';
  if (!/^[A-Za-z0-9_-]+$/.test(accountId))
    throw new SandboxOptionsError(`accountId must be letters and digits, got "${accountId}"`);
  const tokenTtlSeconds = options.oauthClient?.tokenTtlSeconds ?? 3600;
  if (!Number.isFinite(tokenTtlSeconds) || tokenTtlSeconds <= 0) {
    throw new SandboxOptionsError(`oauthClient.tokenTtlSeconds must be positive, got ${tokenTtlSeconds}`);
  }
  const dialect = options.dialect ?? 'seed';
  if (!isDialectName(dialect))
    throw new SandboxOptionsError(`dialect must be one of ${DIALECTS.join(', ')}, got "${String(dialect)}"`);
  const xmlEncoding = options.xmlEncoding ?? 'UTF-8';
  if (!XML_ENCODINGS.includes(xmlEncoding))
    throw new SandboxOptionsError(
      `xmlEncoding must be one of ${XML_ENCODINGS.join(', ')}, got "${String(xmlEncoding)}"`,
    );
  return {
    accountId,
    credentials: options.credentials ?? { username: 'sandbox', password: 'sandbox' },
    oauthClient: {
      clientId: options.oauthClient?.clientId ?? 'sandbox',
      clientSecret: options.oauthClient?.clientSecret ?? 'sandbox',
      tokenTtlSeconds,
    },
    stepDelayMs: nonNegativeInteger('stepDelayMs', options.stepDelayMs, 300),
    logger: options.logger ?? (() => {}),
    callbackTimeoutMs: nonNegativeInteger('callbackTimeoutMs', options.callbackTimeoutMs, 10_000),
    stateFile: options.stateFile,
    host: options.host,
    dialect,
    maxNumbersPerOrder: positiveInteger('maxNumbersPerOrder', options.maxNumbersPerOrder, 5000),
    maxSubscriptionsPerType: positiveInteger('maxSubscriptionsPerType', options.maxSubscriptionsPerType, 10),
    xmlEncoding,
  };
}
