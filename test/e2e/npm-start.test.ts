import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { freePort } from '../../scripts/dev-server.js';
import { findTemporalCli } from '../../scripts/temporal-cli.js';
import { workflowIdFor } from '../../workflows/ids.js';
import type { HostingRequestView } from '../../workflows/types.js';
import { hostingRequestBody, PDF_BYTES } from '../helpers/stack.js';
import { eventually, uniqueId } from '../helpers/temporal.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface Started {
  child: ChildProcess;
  output: () => string;
}

/** `npm start` as a user runs it: a real process tree on free ports, state in a temp DATA_DIR. */
async function npmStart(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await eventually(
    async () => {
      if (child.exitCode !== null) throw new Error(`npm start exited ${child.exitCode}: ${output}`);
      return output.includes('Ctrl-C stops everything') ? true : undefined;
    },
    90_000,
    'the npm start banner',
  );
  return { child, output: () => output };
}

async function stop(started: Started): Promise<number | null> {
  started.child.kill('SIGTERM');
  return eventually(
    async () =>
      started.child.exitCode !== null || started.child.signalCode !== null ? started.child.exitCode : undefined,
    30_000,
    'npm start to stop',
  );
}

describe('npm start, as an operator sees it', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let apiUrl: string;
  let uiUrl: string;
  let temporalAddress: string;
  let started: Started | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hostflow-start-'));
    const [port, sandboxPort, temporalPort, uiPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    temporalAddress = `127.0.0.1:${temporalPort}`;
    apiUrl = `http://127.0.0.1:${port}`;
    uiUrl = `http://127.0.0.1:${uiPort}`;
    env = {
      PORT: String(port),
      SANDBOX_PORT: String(sandboxPort),
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_UI_PORT: String(uiPort),
      WORKER_METRICS_PORT: '0',
      DATA_DIR: dataDir,
      // No API keys: the embedded sandbox default on loopback, so the Web UI can call the codec
      // endpoint and show decrypted payloads and summaries (it cannot send an API key).
    };
    started = await npmStart(env);
  }, 120_000);

  afterAll(async () => {
    if (started && started.child.exitCode === null) await stop(started);
    await rm(dataDir, { recursive: true, force: true });
  });

  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${apiUrl}${path}`, { ...init, headers: { 'content-type': 'application/json', ...init.headers } });
  const view = async (id: string) => (await (await api(`/v1/hosting-requests/${id}`)).json()) as HostingRequestView;

  test('prints the URLs, serves a request to COMPLETE, and the request is searchable and visible in the Web UI', async () => {
    expect(started!.output()).toContain(`HTTP API         ${apiUrl}`);
    expect(started!.output()).toContain(`Temporal Web UI  ${uiUrl}`);
    expect(started!.output()).toContain('SANDBOX mode');

    const id = uniqueId('ui');
    const body = hostingRequestBody({
      customerOrderId: id,
      telephoneNumbers: ['3032281000', '4109235436'],
      loa: { contentType: 'application/pdf', filename: 'loa.pdf', data: PDF_BYTES.toString('base64') },
    });
    expect((await api('/v1/hosting-requests', { method: 'POST', body: JSON.stringify(body) })).status).toBe(202);
    const done = await eventually(
      async () => {
        const v = await view(id);
        return v.status === 'COMPLETE' ? v : undefined;
      },
      30_000,
      'COMPLETE',
    );
    expect(done.loa.status).toBe('UPLOADED');

    // The real temporal CLI finds it by its search attributes.
    const cli = findTemporalCli();
    const listed = await eventually(
      async () => {
        const result = spawnSync(
          cli,
          [
            'workflow',
            'list',
            '--address',
            temporalAddress,
            '--query',
            `CustomerOrderId='${id}' AND HostingStatus='COMPLETE'`,
            '-o',
            'json',
          ],
          { encoding: 'utf8' },
        );
        return result.stdout.includes(workflowIdFor(id)) ? result.stdout : undefined;
      },
      15_000,
      'temporal workflow list',
    );
    expect(listed).toContain(workflowIdFor(id));

    // Temporal's database holds the subscriber's data encrypted: not in what the CLI shows...
    const show = (extra: string[] = []) =>
      spawnSync(
        cli,
        ['workflow', 'show', '--address', temporalAddress, '--workflow-id', workflowIdFor(id), '-o', 'json', ...extra],
        { encoding: 'utf8' },
      ).stdout;
    const base64 = (text: string) => Buffer.from(text).toString('base64');
    // Every payload's data, decoded from the base64 the CLI prints, next to the raw output.
    const readable = (json: string) =>
      json +
      [...json.matchAll(/"data":\s*"([A-Za-z0-9+/=]+)"/g)]
        .map((m) => Buffer.from(m[1]!, 'base64').toString('utf8'))
        .join('\n');
    const raw = readable(show());
    expect(raw).toContain(base64('binary/encrypted'));
    for (const secret of ['ABC Inc.', 'streetName', 'Denver', 'Mark Macchioni']) expect(raw).not.toContain(secret);
    // ...unless an operator decodes it through hostflow's codec endpoint.
    const decoded = readable(show(['--codec-endpoint', `${apiUrl}/codec`]));
    expect(decoded).not.toContain(base64('binary/encrypted'));
    expect(decoded).toContain('"name":"ABC Inc."');

    // And an operator sees it in the Web UI's workflow list.
    if (!existsSync(CHROMIUM)) {
      if (process.env.CI)
        throw new Error(`no Chromium at ${CHROMIUM}: install it (apt-get install chromium) or set CHROMIUM_PATH`);
      console.warn(`Web UI check skipped: no Chromium at ${CHROMIUM}`);
      return;
    }
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    });
    try {
      const page = await browser.newPage();
      const query = encodeURIComponent(`CustomerOrderId="${id}"`);
      await page.goto(`${uiUrl}/namespaces/default/workflows?query=${query}`);
      await page.getByText(workflowIdFor(id)).first().waitFor({ timeout: 30_000 });
      await page.screenshot({ path: join(dataDir, 'web-ui-workflows.png'), fullPage: true });
      await page
        .getByRole('link', { name: workflowIdFor(id) })
        .first()
        .click();
      // The workflow's page tells what each step did, from the summaries hostflow sets (stored
      // encrypted; the UI decodes them through the codec endpoint npm start points it at).
      await page.getByText(`Create import order ${id} for 1 number`).first().waitFor({ timeout: 30_000 });
      await page.screenshot({ path: join(dataDir, 'web-ui-workflow.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  });

  test('stops cleanly on SIGTERM and keeps every request across a restart', async () => {
    const id = uniqueId('keep');
    await api('/v1/hosting-requests', {
      method: 'POST',
      body: JSON.stringify(hostingRequestBody({ customerOrderId: id, telephoneNumbers: ['3032281005'] })),
    });
    await eventually(async () => ((await view(id)).status === 'COMPLETE' ? true : undefined), 30_000, 'COMPLETE');

    expect(await stop(started!)).toBe(0);
    await expect(fetch(`${apiUrl}/healthz`)).rejects.toThrow();

    started = await npmStart(env);
    const after = await view(id);
    expect(after.status).toBe('COMPLETE');
    expect(after.numbers).toEqual([{ telephoneNumber: '3032281005', status: 'HOSTED' }]);
  });
});
