import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../config/index.js';
import { createTestPki, type TestPki } from '../helpers/grpc-tls-proxy.js';

/** What a production deployment gives every process: no sandbox, real keys. */
const REAL = {
  SANDBOX: 'off',
  API_KEYS: 'api-key-1',
  WEBHOOK_USERNAME: 'bandwidth',
  WEBHOOK_PASSWORD: 'callback-secret',
  PUBLIC_BASE_URL: 'https://hostflow.example.com',
};
const BANDWIDTH = { BANDWIDTH_ACCOUNT_ID: '9900012', BANDWIDTH_CLIENT_ID: 'id', BANDWIDTH_CLIENT_SECRET: 'bw-secret' };

describe('production configuration', () => {
  let dir: string;
  let pki: TestPki;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hostflow-prod-config-'));
    pki = await createTestPki(join(dir, 'pki'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  // HOME points at an empty folder: the SDK's default temporal.toml of whoever runs the tests stays out.
  const load = (env: Record<string, string>, role?: 'api' | 'worker' | 'all') =>
    loadConfig({ DATA_DIR: join(dir, 'data'), HOME: dir, ...env }, { role });
  const problemsOf = (env: Record<string, string>, role?: 'api' | 'worker' | 'all') => {
    try {
      load(env, role);
      return [];
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).problems;
    }
  };

  describe('least privilege', () => {
    test('the API starts with no Bandwidth credentials at all (SANDBOX=off): the worker holds them', () => {
      const config = load(REAL, 'api');
      expect(config.sandbox.enabled).toBe(false);
      expect(config.bandwidth.oauth2).toBeUndefined();
      expect(config.bandwidth.basic).toBeUndefined();
    });

    test('the worker needs the Bandwidth credentials, the webhook credentials it writes into the subscriptions, and PUBLIC_BASE_URL', () => {
      expect(problemsOf(REAL, 'worker')).toEqual([
        'SANDBOX=off needs Bandwidth credentials: set BANDWIDTH_CLIENT_ID and BANDWIDTH_CLIENT_SECRET (or BANDWIDTH_USERNAME and BANDWIDTH_PASSWORD)',
        'BANDWIDTH_ACCOUNT_ID must be set when talking to real Bandwidth',
      ]);
      const { WEBHOOK_USERNAME: _u, WEBHOOK_PASSWORD: _p, PUBLIC_BASE_URL: _b, ...bare } = REAL;
      expect(problemsOf({ ...bare, ...BANDWIDTH }, 'worker')).toEqual([
        'WEBHOOK_USERNAME and WEBHOOK_PASSWORD must be set: Bandwidth must authenticate its callbacks',
        'PUBLIC_BASE_URL must be set outside sandbox mode: it is where Bandwidth calls the webhook',
      ]);
      expect(load({ ...REAL, ...BANDWIDTH }, 'worker').bandwidth.oauth2).toEqual({
        clientId: 'id',
        clientSecret: 'bw-secret',
      });
    });

    test('PUBLIC_BASE_URL on loopback is refused while Bandwidth is not on loopback, and allowed for a local imitation', () => {
      for (const url of ['http://127.0.0.1:3000', 'http://localhost:3000', 'http://[::1]:3000', 'http://127.0.0.2']) {
        expect(problemsOf({ ...REAL, ...BANDWIDTH, PUBLIC_BASE_URL: url })).toEqual([
          expect.stringMatching(
            /^PUBLIC_BASE_URL must be an address Bandwidth can reach: .* is loopback while BANDWIDTH_API_BASE_URL \(dashboard\.bandwidth\.com\) is not$/,
          ),
        ]);
      }
      const local = load({
        ...REAL,
        ...BANDWIDTH,
        PUBLIC_BASE_URL: 'http://127.0.0.1:3000',
        BANDWIDTH_API_BASE_URL: 'http://127.0.0.1:4010/api',
      });
      expect(local.publicBaseUrl).toBe('http://127.0.0.1:3000');
    });

    test.each([
      [{ BANDWIDTH_ACCOUNT_ID: '9900012' }, /^SANDBOX=auto found BANDWIDTH_ACCOUNT_ID but no Bandwidth credentials/],
      [{ BANDWIDTH_API_BASE_URL: 'https://example.com/api' }, /^SANDBOX=auto found BANDWIDTH_API_BASE_URL/],
      [{ BANDWIDTH_CLIENT_ID: 'id' }, /^BANDWIDTH_CLIENT_SECRET must be set together with BANDWIDTH_CLIENT_ID$/],
      [{ BANDWIDTH_PASSWORD: 'p' }, /^BANDWIDTH_USERNAME must be set together with BANDWIDTH_PASSWORD$/],
    ])('SANDBOX=auto with %o never falls back to the sandbox: startup stops, first with this line', (env, line) => {
      // Real mode's other needs (API keys, webhook credentials) follow it, each one line.
      const problems = problemsOf(env as Record<string, string>);
      expect(problems[0]).toMatch(line);
      expect(problems.filter((p) => /SANDBOX|together with/.test(p))).toHaveLength(1);
    });

    test('SANDBOX=auto with nothing of Bandwidth set is the sandbox, as before', () => {
      expect(load({}).sandbox.enabled).toBe(true);
      expect(load({ BANDWIDTH_SITE_ID: '14413' }).sandbox.enabled).toBe(true);
    });
  });

  describe("Temporal connection from the SDK's environment configuration", () => {
    test('the defaults stay: localhost:7233, namespace default, plaintext, retention 30 days', () => {
      const { temporal } = load({});
      expect(temporal.address).toBe('localhost:7233');
      expect(temporal.namespace).toBe('default');
      expect(temporal.connection).toMatchObject({ tls: false, secured: false });
      expect(temporal.retentionMs).toBe(30 * 86_400_000);
    });

    test('an API key turns TLS on (Temporal Cloud) and never shows in the description', () => {
      const { connection } = load({
        TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233',
        TEMPORAL_NAMESPACE: 'ns.acct',
        TEMPORAL_API_KEY: 'cloud-key-value',
      }).temporal;
      expect(connection).toMatchObject({ address: 'ns.acct.tmprl.cloud:7233', namespace: 'ns.acct', tls: {} });
      expect(connection.apiKey).toBe('cloud-key-value');
      expect(connection.secured).toBe(true);
      expect(connection.description).toBe('ns.acct.tmprl.cloud:7233, namespace ns.acct, TLS, API key');
      expect(connection.description).not.toContain('cloud-key-value');
    });

    test('TEMPORAL_TLS_* give mTLS with a private CA and a server name', () => {
      const { connection } = load({
        TEMPORAL_ADDRESS: '127.0.0.1:7233',
        TEMPORAL_TLS_SERVER_CA_CERT_PATH: pki.caCert,
        TEMPORAL_TLS_SERVER_NAME: pki.serverName,
        TEMPORAL_TLS_CLIENT_CERT_PATH: pki.clientCert,
        TEMPORAL_TLS_CLIENT_KEY_PATH: pki.clientKey,
      }).temporal;
      expect(connection.tls).toMatchObject({ serverNameOverride: pki.serverName });
      expect(connection.tls && connection.tls.clientCertPair?.crt.byteLength).toBeGreaterThan(100);
      expect(connection.description).toBe(
        `127.0.0.1:7233, namespace default, mTLS, server name ${pki.serverName}, own CA`,
      );
    });

    test('a temporal.toml profile named by TEMPORAL_PROFILE is used, and environment variables win over it', async () => {
      const file = join(dir, 'temporal.toml');
      await writeFile(
        file,
        `[profile.prod]\naddress = "prod.example.com:7233"\nnamespace = "hosting"\napi_key = "toml-key"\n[profile.prod.tls]\nserver_ca_cert_path = "${pki.caCert}"\n`,
      );
      const fromFile = load({ TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: 'prod' }).temporal;
      expect(fromFile.address).toBe('prod.example.com:7233');
      expect(fromFile.namespace).toBe('hosting');
      expect(fromFile.connection.apiKey).toBe('toml-key');
      expect(fromFile.connection.description).toBe(
        'prod.example.com:7233, namespace hosting, TLS, own CA, API key, profile prod',
      );
      const overridden = load({
        TEMPORAL_CONFIG_FILE: file,
        TEMPORAL_PROFILE: 'prod',
        TEMPORAL_NAMESPACE: 'other',
      }).temporal;
      expect(overridden.namespace).toBe('other');
      expect(overridden.address).toBe('prod.example.com:7233');
    });

    test.each([
      [{ TEMPORAL_TLS: 'on' }, /^TEMPORAL_TLS must be true or false, got "on"$/],
      [{ TEMPORAL_ADDRESS: 'temporal' }, /^TEMPORAL_ADDRESS must be host:port, got "temporal"$/],
      [
        { TEMPORAL_CONFIG_FILE: '/nonexistent/temporal.toml' },
        /^TEMPORAL_CONFIG_FILE names "\/nonexistent\/temporal\.toml", which does not exist$/,
      ],
      [
        { TEMPORAL_TLS_SERVER_CA_CERT_PATH: '/nonexistent/ca.pem' },
        /^TEMPORAL_TLS_SERVER_CA_CERT_PATH names "\/nonexistent\/ca\.pem", which cannot be read \(ENOENT\)$/,
      ],
      [{ TEMPORAL_RETENTION: '12h' }, /^TEMPORAL_RETENTION must be at least 1d$/],
      [
        { TEMPORAL_ADDRESS: 'temporal.example.com:7233', TEMPORAL_API_KEY: 'k', TEMPORAL_TLS: 'false' },
        /^TEMPORAL_API_KEY would travel in plaintext to temporal\.example\.com/,
      ],
      [{ TEMPORAL_RETENTION: 'a month' }, /^TEMPORAL_RETENTION must be a duration/],
      [{ WORKER_HEALTH_PORT: 'x' }, /^WORKER_HEALTH_PORT must be a port number/],
      [{ WORKER_SHUTDOWN_GRACE_TIME: 'soon' }, /^WORKER_SHUTDOWN_GRACE_TIME must be a duration/],
    ])('%o stops startup with one line naming the variable', (env, line) => {
      const problems = problemsOf(env as Record<string, string>);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(line);
    });

    test('a certificate or key file that is not PEM, an unknown profile, half an mTLS pair: one line each', async () => {
      const junk = join(dir, 'junk.pem');
      await writeFile(junk, 'not a certificate');
      expect(problemsOf({ TEMPORAL_TLS_SERVER_CA_CERT_PATH: junk })).toEqual([
        'TEMPORAL_TLS_SERVER_CA_CERT_PATH is not a PEM certificate',
      ]);
      expect(problemsOf({ TEMPORAL_TLS_CLIENT_CERT_PATH: pki.clientCert, TEMPORAL_TLS_CLIENT_KEY_PATH: junk })).toEqual(
        ['TEMPORAL_TLS_CLIENT_KEY_PATH is not a PEM private key'],
      );
      expect(problemsOf({ TEMPORAL_TLS_CLIENT_CERT_PATH: pki.clientCert })).toEqual([
        'TEMPORAL_TLS_CLIENT_KEY_PATH must be set together with TEMPORAL_TLS_CLIENT_CERT_PATH (mTLS needs both)',
      ]);
      const file = join(dir, 'one-profile.toml');
      await writeFile(file, '[profile.default]\naddress = "127.0.0.1:7233"\n');
      expect(problemsOf({ TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: 'staging' })).toEqual([
        `TEMPORAL_PROFILE "staging": Profile 'staging' not found in config data`,
      ]);
    });
  });
});
