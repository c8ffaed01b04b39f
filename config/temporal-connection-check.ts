import { isIP } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { Connection } from '@temporalio/client';
import { clientConnectionOptions, type TemporalConnectionConfig } from './temporal-connection.js';

/**
 * Temporal refused this process for good: its credentials, its certificates or the server's, the
 * server name, the namespace. Retrying cannot help, so the process stops with this one line.
 */
export class TemporalConnectionError extends Error {
  override readonly name = 'TemporalConnectionError';
  readonly code = 'TEMPORAL_CONNECTION_REFUSED';
}

export interface ConnectionFailure {
  /** True when retrying cannot help (refused credentials, a certificate problem); false for "not reachable yet". */
  permanent: boolean;
  /** One line, naming the variable to look at; never a key or certificate. */
  message: string;
}

const UNAUTHENTICATED = 16;
const PERMISSION_DENIED = 7;
const NOT_FOUND = 5;

/** The gRPC status code and server message in an error from either SDK connection (grpc-js or Core's tonic). */
function grpcStatus(error: unknown): { code?: number; detail?: string } {
  for (let e = error as { code?: unknown; message?: string; cause?: unknown } | undefined; e; e = e.cause as never) {
    if (typeof e.code === 'number') return { code: e.code, detail: e.message?.replace(/^\d+ [A-Z_]+: /, '') };
    const message = e.message ?? '';
    // Core (tonic) words the codes: "code: 'The request does not have valid authentication credentials', message: \"…\"".
    const native = /code: '([^']+)', message: "((?:[^"\\]|\\.)*)"/.exec(message);
    if (native) {
      const code = /authentication credentials/.test(native[1]!)
        ? UNAUTHENTICATED
        : /permission/i.test(native[1]!)
          ? PERMISSION_DENIED
          : /not found/i.test(native[1]!)
            ? NOT_FOUND
            : undefined;
      return { code, detail: native[2] };
    }
  }
  return {};
}

function credentialsHint(connection: TemporalConnectionConfig): string {
  const cert = connection.tls !== false && connection.tls.clientCertPair !== undefined;
  if (connection.apiKey !== undefined && cert) return 'the API key or the client certificate was not accepted';
  if (connection.apiKey !== undefined) return 'the API key was not accepted: check TEMPORAL_API_KEY';
  if (cert)
    return 'the client certificate was not accepted: check TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH';
  return 'it needs credentials: set TEMPORAL_API_KEY, or TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH';
}

/**
 * A TLS handshake with the same settings, made with node:tls: the SDKs' own errors say little
 * ("Failed to connect before the deadline") about why a certificate was refused, node:tls says
 * exactly which check failed. Resolves undefined when the handshake succeeds.
 */
function tlsHandshakeProblem(connection: TemporalConnectionConfig, timeoutMs = 3_000): Promise<string | undefined> {
  const [host, portText] = splitAddress(connection.address);
  const tls = connection.tls === false ? {} : connection.tls;
  const serverName = tls.serverNameOverride ?? host;
  return new Promise((resolve) => {
    const socket = tlsConnect({
      host,
      port: Number(portText),
      // node:tls checks the certificate against `servername` (SNI must not be an IP address).
      ...(isIP(serverName) ? {} : { servername: serverName }),
      ALPNProtocols: ['h2'],
      ...(tls.serverRootCACertificate ? { ca: Buffer.from(tls.serverRootCACertificate) } : {}),
      ...(tls.clientCertPair
        ? { cert: Buffer.from(tls.clientCertPair.crt), key: Buffer.from(tls.clientCertPair.key) }
        : {}),
      timeout: timeoutMs,
    });
    const done = (problem: string | undefined) => {
      socket.destroy();
      resolve(problem);
    };
    socket.once('secureConnect', () => done(undefined));
    socket.once('timeout', () => done(undefined));
    socket.once('error', (error: NodeJS.ErrnoException) => done(describeTlsError(error, connection, serverName)));
  });
}

function describeTlsError(
  error: NodeJS.ErrnoException,
  connection: TemporalConnectionConfig,
  serverName: string,
): string | undefined {
  const code = error.code ?? '';
  if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH'].includes(code))
    return undefined; // not a TLS problem: not reachable (yet)
  const ownCa =
    connection.tls !== false && connection.tls.serverRootCACertificate
      ? 'TEMPORAL_TLS_SERVER_CA_CERT_PATH'
      : 'the system CAs (set TEMPORAL_TLS_SERVER_CA_CERT_PATH for a private CA)';
  switch (code) {
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'CERT_SIGNATURE_FAILURE':
      return `the server's certificate is not signed by a CA this process trusts (${ownCa})`;
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `the server's certificate is not valid for the name ${serverName}: set TEMPORAL_TLS_SERVER_NAME to a name it holds`;
    case 'CERT_HAS_EXPIRED':
      return "the server's certificate has expired";
    case 'CERT_NOT_YET_VALID':
      return "the server's certificate is not valid yet";
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
    case 'EPROTO':
      return 'the server does not speak TLS: unset TEMPORAL_TLS (and TEMPORAL_TLS_*) for a plaintext server';
    default:
      if (/alert (certificate required|bad certificate|unknown ca|handshake failure)/i.test(error.message))
        return `the server refused this process's TLS handshake (${error.message.replace(/^.*alert /i, 'alert ')}): check TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH`;
      return `TLS handshake failed (${code || error.message})`;
  }
}

/** A plaintext client that meets a TLS server. */
function speaksTls(connection: TemporalConnectionConfig, timeoutMs = 2_000): Promise<boolean> {
  const [host, port] = splitAddress(connection.address);
  return new Promise((resolve) => {
    const socket = tlsConnect({ host, port: Number(port), rejectUnauthorized: false, timeout: timeoutMs });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.once('secureConnect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

function splitAddress(address: string): [string, string] {
  const at = address.lastIndexOf(':');
  return [address.slice(0, at).replace(/^\[(.*)\]$/, '$1'), address.slice(at + 1)];
}

/**
 * Says why a connection to Temporal failed, in one line, and whether retrying can help. Refused
 * credentials and certificate problems are permanent; a server not answering (yet) is not.
 */
export async function explainConnectionFailure(
  error: unknown,
  connection: TemporalConnectionConfig,
): Promise<ConnectionFailure> {
  const at = `Temporal at ${connection.address}`;
  const { code, detail } = grpcStatus(error);
  if (code === UNAUTHENTICATED || code === PERMISSION_DENIED) {
    return {
      permanent: true,
      message: `${at} refused the connection (${detail ?? (code === UNAUTHENTICATED ? 'unauthenticated' : 'permission denied')}): ${credentialsHint(connection)}`,
    };
  }
  if (code === NOT_FOUND && /namespace/i.test(detail ?? '')) {
    return {
      permanent: true,
      message: `${at} has no namespace ${connection.namespace} (${detail}): check TEMPORAL_NAMESPACE`,
    };
  }
  if (connection.tls !== false) {
    const problem = await tlsHandshakeProblem(connection);
    if (problem) return { permanent: true, message: `${at} refused the connection: ${problem}` };
  } else if (await speaksTls(connection)) {
    return {
      permanent: true,
      message: `${at} expects TLS, and this process connects in plaintext: set TEMPORAL_TLS=true (and TEMPORAL_TLS_SERVER_CA_CERT_PATH for a private CA)`,
    };
  }
  const reason = oneLine((error as Error)?.message ?? String(error));
  return { permanent: false, message: `${at} is not reachable (${reason})` };
}

/**
 * Checks, once at startup, that Temporal accepts this process: a real call (`GetSystemInfo`,
 * then `DescribeNamespace`) over the configured connection. A refusal throws
 * TemporalConnectionError; a server that does not answer within `timeoutMs` is reported (the
 * caller decides whether to wait for it), since a stack may start before its Temporal.
 */
export async function checkTemporalConnection(
  connection: TemporalConnectionConfig,
  options: { timeoutMs?: number } = {},
): Promise<{ reachable: true } | { reachable: false; message: string }> {
  let client: Connection | undefined;
  try {
    client = await Connection.connect({
      ...clientConnectionOptions(connection),
      connectTimeout: options.timeoutMs ?? 5_000,
    });
    const probe = client;
    await probe.withDeadline(Date.now() + (options.timeoutMs ?? 5_000), () =>
      probe.workflowService.describeNamespace({ namespace: connection.namespace }),
    );
    return { reachable: true };
  } catch (error) {
    const failure = await explainConnectionFailure(error, connection);
    if (failure.permanent) throw new TemporalConnectionError(failure.message);
    return { reachable: false, message: failure.message };
  } finally {
    await client?.close().catch(() => undefined);
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
