import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../config/index.js';
import { parseDuration } from '../../config/duration.js';

describe('configuration', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hostflow-config-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const problemsOf = (env: Record<string, string>) => {
    try {
      loadConfig({ DATA_DIR: dataDir, ...env });
      return [];
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).problems;
    }
  };

  test('with nothing set it runs in sandbox mode with the contract defaults', () => {
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config.sandbox).toEqual({ enabled: true, port: 4010 });
    expect(config.port).toBe(3000);
    expect(config.temporal).toMatchObject({
      address: 'localhost:7233',
      namespace: 'default',
      taskQueue: 'hosted-messaging',
      uiPort: 8233,
    });
    expect(config.bandwidth.apiBaseUrl).toBe('http://127.0.0.1:4010/api');
    expect(config.publicBaseUrl).toBe('http://127.0.0.1:3000');
    expect(config.orderWait).toEqual({
      pollInitialIntervalMs: 300_000,
      pollMaxIntervalMs: 3_600_000,
      maxWaitMs: undefined,
      loaWaitMs: 7 * 86_400_000,
    });
  });

  test('sandbox mode generates webhook credentials once and keeps them under DATA_DIR', async () => {
    const first = loadConfig({ DATA_DIR: dataDir }).webhook!;
    const second = loadConfig({ DATA_DIR: dataDir }).webhook!;
    expect(first.password.length).toBeGreaterThanOrEqual(20);
    expect(second).toEqual(first);
    expect(await readFile(join(dataDir, 'sandbox-secrets.json'), 'utf8')).toContain(first.password);
  });

  test('Bandwidth credentials switch sandbox mode off, OAuth2 preferred over Basic', () => {
    const config = loadConfig({
      DATA_DIR: dataDir,
      BANDWIDTH_ACCOUNT_ID: '9900012',
      BANDWIDTH_CLIENT_ID: 'id',
      BANDWIDTH_CLIENT_SECRET: 'secret',
      BANDWIDTH_USERNAME: 'u',
      BANDWIDTH_PASSWORD: 'p',
      API_KEYS: 'a, b',
      WEBHOOK_USERNAME: 'w',
      WEBHOOK_PASSWORD: 'wp',
      PUBLIC_BASE_URL: 'https://hostflow.example.com',
    });
    expect(config.sandbox.enabled).toBe(false);
    expect(config.bandwidth.apiBaseUrl).toBe('https://dashboard.bandwidth.com/api');
    expect(config.bandwidth.oauth2).toEqual({ clientId: 'id', clientSecret: 'secret' });
    expect(config.apiKeys).toEqual(['a', 'b']);
  });

  test.each([
    [{ PORT: 'eighty' }, /^PORT must be a port number/],
    [{ ORDER_POLL_INITIAL_INTERVAL: '5 minutes' }, /^ORDER_POLL_INITIAL_INTERVAL must be a duration/],
    [{ SANDBOX: 'maybe' }, /^SANDBOX must be on, off or auto/],
    [{ BANDWIDTH_CLIENT_ID: 'id' }, /^BANDWIDTH_CLIENT_SECRET must be set together with BANDWIDTH_CLIENT_ID/],
    [{ HOST: '0.0.0.0' }, /^API_KEYS must be set/],
    [{ MAX_NUMBERS_PER_ORDER: '6000' }, /^MAX_NUMBERS_PER_ORDER must be/],
    [{ BANDWIDTH_API_BASE_URL: 'ftp://x' }, /^BANDWIDTH_API_BASE_URL must be an http\(s\) URL/],
  ])('%o stops startup with one line naming the variable', (env, line) => {
    const problems = problemsOf(env as Record<string, string>);
    expect(problems.some((p) => line.test(p))).toBe(true);
  });

  test('real mode without keys, webhook credentials or account id names each missing variable', () => {
    const problems = problemsOf({ BANDWIDTH_CLIENT_ID: 'id', BANDWIDTH_CLIENT_SECRET: 'top-secret-value' });
    expect(problems.join('\n')).toMatch(/BANDWIDTH_ACCOUNT_ID/);
    expect(problems.join('\n')).toMatch(/API_KEYS/);
    expect(problems.join('\n')).toMatch(/WEBHOOK_USERNAME/);
    expect(problems.join('\n')).not.toContain('top-secret-value');
  });

  test('a worker alone needs no API keys (it serves no HTTP)', () => {
    const env = {
      DATA_DIR: dataDir,
      BANDWIDTH_ACCOUNT_ID: '9900012',
      BANDWIDTH_CLIENT_ID: 'id',
      BANDWIDTH_CLIENT_SECRET: 'secret',
      WEBHOOK_USERNAME: 'bandwidth',
      WEBHOOK_PASSWORD: 'callback-secret',
      PUBLIC_BASE_URL: 'https://hostflow.example.com',
    };
    expect(loadConfig(env, { role: 'worker' }).sandbox.enabled).toBe(false);
    expect(() => loadConfig(env, { role: 'api' })).toThrow(/API_KEYS/);
  });

  test.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['250ms', 250],
    ['1.5h', 5_400_000],
    ['5', undefined],
    ['0s', undefined],
    ['-1m', undefined],
  ])('duration %s is %s ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });
});
