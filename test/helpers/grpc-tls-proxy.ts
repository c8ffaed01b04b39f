import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { stopWithParent } from '../../scripts/parent-watchdog.js';
import { freePort } from '../../scripts/dev-server.js';

/**
 * A secured Temporal endpoint on this machine, the way Temporal Cloud or a TLS-terminating ingress
 * looks to a client: Debian's nginx terminates TLS (HTTP/2), checks `authorization: Bearer <key>`
 * and, for mTLS, a client certificate signed by the test CA, and passes the gRPC calls on to a
 * plaintext dev server with `grpc_pass`. Refusals are answered as gRPC errors
 * (`grpc-status: 16 UNAUTHENTICATED`), as Temporal's own frontend answers them.
 *
 * nginx rather than a Temporal server built with TLS from its Go module: it is one apt package,
 * starts in milliseconds, and checks exactly the two things under test (the TLS handshake and the
 * API key) in front of the same dev server every other test uses.
 */

export function nginxPath(): string | undefined {
  for (const candidate of [process.env.NGINX_PATH, '/usr/sbin/nginx', '/usr/bin/nginx']) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  return undefined;
}

export interface TestPki {
  dir: string;
  /** The CA that signed the proxy's and the client's certificates. */
  caCert: string;
  /** Another CA, which signed nothing the proxy presents: trusting it must fail. */
  otherCaCert: string;
  serverCert: string;
  serverKey: string;
  /** The name in the proxy's certificate (not 127.0.0.1: clients must set TEMPORAL_TLS_SERVER_NAME). */
  serverName: string;
  clientCert: string;
  clientKey: string;
}

function openssl(args: string[], cwd: string): void {
  const result = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${result.stderr}`);
}

/** Certificates made for one test run with the openssl CLI: a CA, a server and a client certificate. */
export async function createTestPki(dir: string, serverName = 'temporal.hostflow.test'): Promise<TestPki> {
  await mkdir(dir, { recursive: true });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const ca = (name: string) =>
    openssl(
      [
        'req',
        '-x509',
        ...ec,
        '-keyout',
        `${name}.key`,
        '-out',
        `${name}.pem`,
        '-days',
        '2',
        '-subj',
        `/CN=${name}`,
        '-addext',
        'basicConstraints=critical,CA:TRUE',
        '-addext',
        'keyUsage=critical,keyCertSign,cRLSign',
      ],
      dir,
    );
  ca('hostflow-test-ca');
  ca('hostflow-other-ca');
  const leaf = async (name: string, subject: string, extensions: string) => {
    openssl(['req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${subject}`], dir);
    await writeFile(join(dir, `${name}.ext`), extensions);
    openssl(
      [
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        'hostflow-test-ca.pem',
        '-CAkey',
        'hostflow-test-ca.key',
        '-CAcreateserial',
        '-out',
        `${name}.pem`,
        '-days',
        '2',
        '-extfile',
        `${name}.ext`,
      ],
      dir,
    );
  };
  await leaf(
    'server',
    serverName,
    `basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:${serverName}\n`,
  );
  await leaf(
    'client',
    'hostflow-worker',
    'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n',
  );
  return {
    dir,
    caCert: join(dir, 'hostflow-test-ca.pem'),
    otherCaCert: join(dir, 'hostflow-other-ca.pem'),
    serverCert: join(dir, 'server.pem'),
    serverKey: join(dir, 'server.key'),
    serverName,
    clientCert: join(dir, 'client.pem'),
    clientKey: join(dir, 'client.key'),
  };
}

export interface GrpcTlsProxy {
  /** `127.0.0.1:<port>`, for TEMPORAL_ADDRESS. */
  address: string;
  /** nginx's error log so far, for failure messages. */
  errorLog(): Promise<string>;
  stop(): Promise<void>;
}

export async function startGrpcTlsProxy(options: {
  nginx: string;
  pki: TestPki;
  /** The plaintext Temporal frontend behind it, `host:port`. */
  upstream: string;
  /** The one API key accepted; unset: no key checked. */
  apiKey?: string;
  /** Require a client certificate signed by the test CA (mTLS). */
  requireClientCert?: boolean;
  /** Folder for nginx's configuration, pid, log and temp files. */
  dir: string;
}): Promise<GrpcTlsProxy> {
  await mkdir(options.dir, { recursive: true });
  const port = await freePort();
  const dir = options.dir;
  // Each refusal gets its own status code inside nginx, mapped to a gRPC error by its named location.
  const refuse = (variable: string, test: string, message: string, code: number) =>
    `      if (${variable} ${test}) { return ${code}; }\n      error_page ${code} = @${message.replace(/\W+/g, '_')};\n`;
  const checks: string[] = [];
  const refusals: string[] = [];
  const refusal = (message: string) =>
    `    location @${message.replace(/\W+/g, '_')} {\n` +
    '      default_type application/grpc;\n' +
    '      add_header grpc-status 16 always;\n' +
    `      add_header grpc-message "${message}" always;\n` +
    '      return 200;\n' +
    '    }\n';
  if (options.requireClientCert) {
    checks.push(refuse('$ssl_client_verify', '!= SUCCESS', 'client certificate required', 460));
    refusals.push(refusal('client certificate required'));
  }
  if (options.apiKey !== undefined) {
    checks.push(refuse('$hostflow_api_key_ok', '= 0', 'Request unauthorized', 461));
    refusals.push(refusal('Request unauthorized'));
  }
  const config = `
worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path ${dir}/client-body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  map $http_authorization $hostflow_api_key_ok {
    default 0;
    ${options.apiKey !== undefined ? `"Bearer ${options.apiKey}" 1;` : ''}
  }
  server {
    listen 127.0.0.1:${port} ssl http2;
    ssl_certificate ${options.pki.serverCert};
    ssl_certificate_key ${options.pki.serverKey};
    ${options.requireClientCert ? `ssl_client_certificate ${options.pki.caCert};\n    ssl_verify_client optional;` : ''}
    # Temporal's long polls last up to 70 s; payloads up to a few MB.
    grpc_read_timeout 300s;
    grpc_send_timeout 300s;
    client_max_body_size 0;
    client_body_timeout 300s;
    keepalive_timeout 600s;
    http2_max_concurrent_streams 1000;
    location / {
${checks.join('')}      grpc_pass grpc://${options.upstream};
    }
${refusals.join('')}  }
}
`;
  const configFile = join(dir, 'nginx.conf');
  await writeFile(configFile, config);
  const child: ChildProcess = spawn(options.nginx, ['-p', dir, '-c', configFile], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  stopWithParent(child, { signal: 'SIGTERM' });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const errorLog = () => readFile(join(dir, 'error.log'), 'utf8').catch(() => '');

  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited ${child.exitCode}: ${stderr}${await errorLog()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) break;
    if (Date.now() > deadline) throw new Error(`nginx did not listen on ${port}: ${stderr}${await errorLog()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    address: `127.0.0.1:${port}`,
    errorLog,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
