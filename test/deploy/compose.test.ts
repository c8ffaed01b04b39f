import { execFile, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Connection } from '@temporalio/client';
import { parse } from 'yaml';
import { createApp } from '../../api/app.js';
import type { HostingGateway } from '../../api/temporal-gateway.js';
import { generatePayloadKey } from '../../codec/index.js';
import { loadConfig } from '../../config/index.js';
import { payloadCodecFromConfig } from '../../config/payload-codec.js';
import { parseDuration } from '../../config/duration.js';
import { createLogger } from '../../logging/logger.js';
import { findTemporalCli } from '../../scripts/temporal-cli.js';
import { createTestRecords, testKeyring } from '../helpers/database.js';
import { startWorkerHealthServer } from '../../worker/health-server.js';
import { searchAttributeRegistrations } from '../../workflows/search-attributes.js';
import { temporalAddress, uniqueId } from '../helpers/temporal.js';

/**
 * No Docker engine runs on the machines that test hostflow, so the compose stack and the
 * Dockerfile are checked without one: they parse, every service is current and there, every
 * variable they give hostflow is one its configuration reads (and a configuration it accepts),
 * every health check reaches a real endpoint of the code, and the Temporal setup job's commands run
 * for real against a dev server with the real `temporal` CLI.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (file: string) => readFileSync(join(root, file), 'utf8');

type Service = {
  image?: string;
  build?: string;
  command?: string[] | string;
  entrypoint?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  stop_grace_period?: string;
  volumes?: string[];
};
const composeText = read('temporal.docker-compose.yml');
const compose = parse(composeText, { merge: true }) as { services: Record<string, Service> };
const service = (name: string) => compose.services[name]!;

/** What a filled-in .env gives compose. */
const filled: Record<string, string> = {
  BANDWIDTH_ACCOUNT_ID: '9900012',
  BANDWIDTH_CLIENT_ID: 'client',
  BANDWIDTH_CLIENT_SECRET: 'secret',
  PAYLOAD_ENCRYPTION_KEY: generatePayloadKey(),
  API_KEYS: 'key-1',
  WEBHOOK_USERNAME: 'bandwidth',
  WEBHOOK_PASSWORD: 'callback-secret',
  HOSTFLOW_PUBLIC_URL: 'https://hostflow.example.com',
  HOSTFLOW_DB_PASSWORD: 'db-secret',
};

/** Resolves compose's `${X:-default}` and `${X:?error}` the way `docker compose` would with `given` as .env. */
function interpolate(text: string, given: Record<string, string>): string {
  return text.replace(
    /\$\{([A-Z_]+)(?::([-?])([^}]*))?\}/g,
    (_m, name: string, kind?: string, rest?: string) => given[name] ?? (kind === '-' ? (rest ?? '') : ''),
  );
}
const environmentOf = (name: string, given = filled) =>
  Object.fromEntries(
    Object.entries(service(name).environment ?? {}).map(([key, value]) => [key, interpolate(String(value), given)]),
  );
/** A service's shell command as `sh -c` gets it (compose turns `$$` into `$`). */
const shellCommand = (name: string) =>
  ([] as string[])
    .concat(service(name).command ?? [])
    .join(' ')
    .replace(/\$\$/g, '$');

/** Every variable name hostflow's configuration code reads (string literals in config/). */
const configVariables = new Set(
  readdirSync(join(root, 'config'))
    .filter((file) => file.endsWith('.ts'))
    .flatMap((file) => [...read(`config/${file}`).matchAll(/'([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1]!)),
);
// Read by hostflow's system of record (issue 10: `DATABASE_URL`, migrations at startup), which
// lands beside this stack; once its configuration is in config/, this list changes nothing.
const recordsVariables = new Set(['DATABASE_URL']);

describe('temporal.docker-compose.yml', () => {
  test('has PostgreSQL, the schema job, the Temporal server, the namespace job, the Web UI, and the worker and API', () => {
    expect(Object.keys(compose.services).sort()).toEqual([
      'hostflow-api',
      'hostflow-worker',
      'postgresql',
      'temporal',
      'temporal-admin-tools',
      'temporal-setup',
      'temporal-ui',
    ]);
    expect(service('hostflow-api').build).toBe('.');
    expect(service('hostflow-worker').command).toEqual(['node', '--import', 'tsx', 'worker/main.ts']);
    expect(service('hostflow-api').command).toEqual(['node', '--import', 'tsx', 'api/main.ts']);
  });

  test('is current: temporalio/server with admin-tools of the same release, no auto-setup, no tctl, every image pinned', () => {
    const server = service('temporal').image!;
    expect(server).toMatch(/^temporalio\/server:1\.(\d+)\.\d+$/);
    expect(Number(/^temporalio\/server:1\.(\d+)/.exec(server)![1])).toBeGreaterThanOrEqual(29);
    const release = server.split(':')[1];
    expect(service('temporal-admin-tools').image).toBe(`temporalio/admin-tools:${release}`);
    expect(service('temporal-setup').image).toBe(`temporalio/admin-tools:${release}`);
    expect(composeText).not.toMatch(/auto-setup|tctl/);
    for (const [name, s] of Object.entries(compose.services)) {
      if (s.build) continue;
      expect([name, s.image]).toEqual([name, expect.stringMatching(/^[\w./-]+:\d[\w.-]*$/)]);
    }
    // Worker Deployments pages arrived in the UI's 2.3x releases.
    const [major, minor] = service('temporal-ui').image!.split(':')[1]!.split('.').map(Number);
    expect(major! * 1000 + minor!).toBeGreaterThanOrEqual(2039);
  });

  test('the schema job sets up both Temporal databases before the server starts', () => {
    const command = shellCommand('temporal-admin-tools');
    expect(command).toContain('for db in temporal temporal_visibility');
    for (const step of ['create', 'setup-schema -v 0.0', 'update-schema -d /etc/temporal/schema/postgresql/v12/'])
      expect(command).toContain(step);
    expect(service('temporal').depends_on!['temporal-admin-tools']).toEqual({
      condition: 'service_completed_successfully',
    });
  });

  test("the namespace job registers exactly the contract's search attributes, with the configuration's default retention", () => {
    const command = shellCommand('temporal-setup');
    const registered = [...command.matchAll(/--name (\w+) --type (\w+)/g)].map((m) => ({ name: m[1], type: m[2] }));
    expect(registered).toEqual(searchAttributeRegistrations);
    const retention = environmentOf('temporal-setup', {}).TEMPORAL_RETENTION!;
    expect(parseDuration(retention)).toBe(loadConfig({ DATA_DIR: join(root, '.data') }).temporal.retentionMs);
    for (const name of ['hostflow-worker', 'hostflow-api'])
      expect(service(name).depends_on!['temporal-setup']).toEqual({ condition: 'service_completed_successfully' });
  });

  test('the namespace job, run for real with the temporal CLI, creates the namespace with its retention and the search attributes', async () => {
    const namespace = uniqueId('compose-setup');
    const cli = findTemporalCli();
    const env = {
      PATH: `${dirname(cli)}:${process.env.PATH ?? ''}`,
      HOME: process.env.HOME ?? '/tmp',
      ...environmentOf('temporal-setup', {}),
      TEMPORAL_ADDRESS: temporalAddress(),
      TEMPORAL_NAMESPACE: namespace,
      TEMPORAL_RETENTION: '45d',
    };
    for (let run = 1; run <= 2; run++) {
      // A second `up` finds everything in place and still succeeds.
      const result = spawnSync('/bin/sh', ['-c', shellCommand('temporal-setup')], { env, encoding: 'utf8' });
      expect([run, result.status, result.stderr]).toEqual([run, 0, result.stderr]);
    }
    const connection = await Connection.connect({ address: temporalAddress() });
    try {
      const { config } = await connection.workflowService.describeNamespace({ namespace });
      expect(Number(config?.workflowExecutionRetentionTtl?.seconds)).toBe(45 * 86_400);
      const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
      for (const { name } of searchAttributeRegistrations) expect(Object.keys(customAttributes ?? {})).toContain(name);
    } finally {
      await connection.close();
    }
  }, 60_000);

  test('every variable given to the worker and the API is one hostflow reads, and a configuration it accepts in real mode', () => {
    for (const name of ['hostflow-worker', 'hostflow-api']) {
      const env = environmentOf(name);
      expect([name, Object.keys(env).filter((key) => !configVariables.has(key) && !recordsVariables.has(key))]).toEqual(
        [name, []],
      );
      const config = loadConfig(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')), {
        role: name === 'hostflow-worker' ? 'worker' : 'api',
      });
      expect(config.sandbox.enabled).toBe(false);
      expect(config.temporal.address).toBe('temporal:7233');
      expect(config.publicBaseUrl).toBe('https://hostflow.example.com');
      expect(payloadCodecFromConfig(config).keyId).toMatch(/^[0-9a-f]{8}$/);
    }
  });

  test('least privilege: the worker holds the Bandwidth credentials, the API none', () => {
    const api = environmentOf('hostflow-api');
    const worker = environmentOf('hostflow-worker');
    for (const secret of ['BANDWIDTH_CLIENT_ID', 'BANDWIDTH_CLIENT_SECRET', 'BANDWIDTH_USERNAME', 'BANDWIDTH_PASSWORD'])
      expect([secret, api[secret]]).toEqual([secret, undefined]);
    expect(loadConfig(worker, { role: 'worker' }).bandwidth.oauth2).toEqual({
      clientId: 'client',
      clientSecret: 'secret',
    });
    expect(worker.API_KEYS).toBeUndefined();
  });

  test("hostflow's own database and user live beside Temporal's, and both processes get them as DATABASE_URL", () => {
    for (const name of ['hostflow-worker', 'hostflow-api']) {
      const url = new URL(environmentOf(name).DATABASE_URL!);
      expect([url.protocol, url.hostname, url.port, url.pathname, url.username, url.password]).toEqual([
        'postgres:',
        'postgresql',
        '5432',
        '/hostflow',
        'hostflow',
        filled.HOSTFLOW_DB_PASSWORD,
      ]);
    }
    expect(environmentOf('postgresql').HOSTFLOW_DB_PASSWORD).toBe(filled.HOSTFLOW_DB_PASSWORD);
    expect(service('postgresql').volumes).toContain('./deploy/postgres:/docker-entrypoint-initdb.d:ro');
    const init = read('deploy/postgres/10-hostflow-database.sh');
    expect(init).toContain("CREATE ROLE hostflow LOGIN PASSWORD :'hostflow_password';");
    expect(init).toContain('CREATE DATABASE hostflow OWNER hostflow;');
    expect(statSync(join(root, 'deploy/postgres/10-hostflow-database.sh')).mode & 0o111).not.toBe(0);
  });

  describe('health checks reach real endpoints', () => {
    /** Runs a `node -e` health check as Docker would, without blocking this process (which serves the endpoint). */
    const exitOf = (script: string) =>
      new Promise<number | null>((resolve) => {
        execFile(process.execPath, ['-e', script], { timeout: 10_000 }, (error) =>
          resolve(error ? ((error as { code?: number }).code ?? null) : 0),
        );
      });
    /** The health check's URL, and its command run against another port (no fixed ports here). */
    const healthCheckOf = (name: string) => {
      const test = service(name).healthcheck!.test;
      expect(test.slice(0, 3)).toEqual(['CMD', 'node', '-e']);
      const url = new URL(/fetch\('([^']+)'\)/.exec(test[3]!)![1]!);
      return {
        url,
        runAgainst: (port: number) => exitOf(test[3]!.replace(`:${url.port}/`, `:${port}/`)),
      };
    };

    test("the worker's: WORKER_HEALTH_PORT's /readyz, answered by the worker's health server", async () => {
      const check = healthCheckOf('hostflow-worker');
      const env = environmentOf('hostflow-worker');
      expect(check.url.pathname).toBe('/readyz');
      expect(check.url.port).toBe(env.WORKER_HEALTH_PORT);
      const config = loadConfig(env, { role: 'worker' });
      expect(config.workerHealth).toEqual({ port: Number(env.WORKER_HEALTH_PORT), host: '127.0.0.1' });
      // The real server, on a free port: not connected to Temporal, so not ready (exit 1)...
      const health = await startWorkerHealthServer({
        host: '127.0.0.1',
        port: 0,
        source: { namespace: 'default', taskQueue: 'hosted-messaging' },
      });
      try {
        const port = Number(new URL(health.url).port);
        expect(await check.runAgainst(port)).toBe(1);
        // ...and the same command on /healthz of that server passes: it is the answer that counts.
        expect(
          await exitOf(
            service('hostflow-worker').healthcheck!.test[3]!.replace(`:${check.url.port}/readyz`, `:${port}/healthz`),
          ),
        ).toBe(0);
      } finally {
        await health.close();
      }
      // Docker's SIGKILL comes after stop_grace_period: it must outlast the worker's own grace.
      expect(parseDuration(service('hostflow-worker').stop_grace_period!)!).toBeGreaterThan(
        config.workerShutdownGraceMs,
      );
    });

    test("the API's: PORT's /readyz, answered by the API's app (200 when Temporal is reachable, 503 when not)", async () => {
      const check = healthCheckOf('hostflow-api');
      expect(check.url.pathname).toBe('/readyz');
      expect(check.url.port).toBe(environmentOf('hostflow-api').PORT);
      for (const [reachable, exit] of [
        [true, 0],
        [false, 1],
      ] as const) {
        // The real app with a gateway that only answers readiness: what the health check reads.
        const keyring = testKeyring();
        const testRecords = await createTestRecords(keyring);
        const app = createApp({
          gateway: { ready: async () => reachable } as unknown as HostingGateway,
          records: testRecords.records,
          keyring,
          logger: createLogger({ name: 'compose-test', level: 'silent' }),
          config: {
            apiKeys: ['k'],
            webhook: undefined,
            orderWait: { pollInitialIntervalMs: 1_000, pollMaxIntervalMs: 1_000 },
          },
        });
        const server: Server = app.listen(0, '127.0.0.1');
        await once(server, 'listening');
        try {
          expect(await check.runAgainst((server.address() as AddressInfo).port)).toBe(exit);
        } finally {
          await new Promise<void>((resolve) => server.close(() => resolve()));
          await testRecords.close();
        }
      }
    });

    test("Temporal's and PostgreSQL's check their own ports and users", () => {
      expect(service('temporal').healthcheck!.test).toEqual(['CMD', 'nc', '-z', 'localhost', '7233']);
      expect(service('postgresql').healthcheck!.test.join(' ')).toContain(
        `pg_isready -U ${service('postgresql').environment!.POSTGRES_USER}`,
      );
    });
  });

  test("the Web UI decodes through hostflow's codec endpoint with credentials (the session cookie), from an allowed origin", () => {
    const ui = environmentOf('temporal-ui');
    expect(ui.TEMPORAL_CODEC_ENDPOINT).toBe(`${filled.HOSTFLOW_PUBLIC_URL}/codec`);
    expect(ui.TEMPORAL_CODEC_INCLUDE_CREDENTIALS).toBe('true');
    expect(environmentOf('hostflow-api').CODEC_CORS_ORIGINS!.split(',')).toContain(ui.TEMPORAL_CORS_ORIGINS);
  });

  test('.env.example names every variable the stack requires', () => {
    const example = new Set([...read('.env.example').matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));
    const required = new Set([...composeText.matchAll(/\$\{([A-Z_]+):\?/g)].map((m) => m[1]));
    expect([...required].filter((name) => !example.has(name))).toEqual([]);
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');

  test('builds on Node 24', () => {
    expect(dockerfile).toMatch(/^FROM node:24-bookworm-slim$/m);
  });

  test('copies every folder the worker and the API run from', () => {
    const copied = new Set([...dockerfile.matchAll(/^COPY (\S+) \.\/\1$/gm)].map((m) => m[1]));
    const notShipped = new Set([
      'test',
      'bench',
      'chaos',
      'fuzz',
      'docs',
      'deploy',
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
