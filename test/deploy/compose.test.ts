import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { generatePayloadKey } from '../../codec/index.js';
import { loadConfig } from '../../config/index.js';
import { payloadCodecFromConfig } from '../../config/payload-codec.js';
import { searchAttributeRegistrations } from '../../workflows/search-attributes.js';

/**
 * No Docker engine runs on the machines that test hostflow, so the compose stack and the
 * Dockerfile are checked statically: they parse, every service is there, and the environment
 * they give hostflow is a configuration hostflow accepts.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (file: string) => readFileSync(join(root, file), 'utf8');

type Service = {
  image?: string;
  build?: string;
  command?: string[] | string;
  environment?: Record<string, string>;
  depends_on?: unknown;
};
const compose = parse(read('temporal.docker-compose.yml'), { merge: true }) as { services: Record<string, Service> };

/** Resolves compose's `${X:-default}` and `${X:?error}` the way `docker compose` would with a filled-in .env. */
function resolve(env: Record<string, string>, given: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).map(([key, value]) => [
      key,
      String(value).replace(
        /\$\{([A-Z_]+)(?::([-?])([^}]*))?\}/g,
        (_m, name: string, kind?: string, rest?: string) => given[name] ?? (kind === '-' ? (rest ?? '') : ''),
      ),
    ]),
  );
}

describe('temporal.docker-compose.yml', () => {
  test("has PostgreSQL, Temporal, search-attribute registration, the Web UI, and hostflow's worker and API", () => {
    expect(Object.keys(compose.services).sort()).toEqual([
      'hostflow-api',
      'hostflow-worker',
      'postgresql',
      'temporal',
      'temporal-search-attributes',
      'temporal-ui',
    ]);
    expect(compose.services['hostflow-api']!.build).toBe('.');
    expect(compose.services['hostflow-worker']!.command).toEqual(['node', '--import', 'tsx', 'worker/main.ts']);
    expect(compose.services['hostflow-api']!.command).toEqual(['node', '--import', 'tsx', 'api/main.ts']);
  });

  test("registers exactly the contract's search attributes", () => {
    const command = ([] as string[]).concat(compose.services['temporal-search-attributes']!.command ?? []).join(' ');
    const registered = [...command.matchAll(/--name (\w+) --type (\w+)/g)].map((m) => ({ name: m[1], type: m[2] }));
    expect(registered).toEqual(searchAttributeRegistrations);
  });

  test("the Web UI decodes payloads through hostflow's codec endpoint, which allows its origin", () => {
    const ui = compose.services['temporal-ui']!.environment!;
    expect(ui.TEMPORAL_CODEC_ENDPOINT).toMatch(/\/codec$/);
    expect(compose.services['hostflow-api']!.environment!.CODEC_CORS_ORIGINS).toContain(
      ui.TEMPORAL_CORS_ORIGINS!.split(',')[0],
    );
  });

  test('gives the worker and the API a configuration hostflow accepts, in real (not sandbox) mode', () => {
    const filled = {
      BANDWIDTH_ACCOUNT_ID: '9900012',
      BANDWIDTH_CLIENT_ID: 'client',
      BANDWIDTH_CLIENT_SECRET: 'secret',
      PAYLOAD_ENCRYPTION_KEY: generatePayloadKey(),
      API_KEYS: 'key-1',
      WEBHOOK_USERNAME: 'bandwidth',
      WEBHOOK_PASSWORD: 'callback-secret',
    };
    const known = new Set([...read('config/index.ts').matchAll(/'([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1]));
    for (const name of ['hostflow-worker', 'hostflow-api']) {
      const env = resolve(compose.services[name]!.environment!, filled);
      expect(Object.keys(env).filter((key) => !known.has(key))).toEqual([]);
      const config = loadConfig(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')), {
        role: name === 'hostflow-worker' ? 'worker' : 'api',
      });
      expect(config.sandbox.enabled).toBe(false);
      expect(config.temporal.address).toBe('temporal:7233');
      expect(config.bandwidth.oauth2).toEqual({ clientId: 'client', clientSecret: 'secret' });
      expect(payloadCodecFromConfig(config).keyId).toMatch(/^[0-9a-f]{8}$/);
    }
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');

  test('copies every folder the worker and the API run from', () => {
    const copied = new Set([...dockerfile.matchAll(/^COPY (\S+) \.\/\1$/gm)].map((m) => m[1]));
    const notShipped = new Set([
      'test',
      'bench',
      'chaos',
      'fuzz',
      'docs',
      'node_modules',
      '.git',
      '.tools',
      '.data',
      '.ci',
    ]);
    const runtimeFolders = readdirSync(root).filter(
      (entry) => !entry.startsWith('.') && !notShipped.has(entry) && statSync(join(root, entry)).isDirectory(),
    );
    expect(runtimeFolders.filter((folder) => !copied.has(folder))).toEqual([]);
    for (const folder of copied) expect(statSync(join(root, folder!)).isDirectory()).toBe(true);
  });

  test('runs as an unprivileged user, with the API as its default command', () => {
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^CMD \["node", "--import", "tsx", "api\/main.ts"\]$/m);
  });
});
