import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { chromium } from 'playwright-core';
import { freePort } from '../../scripts/dev-server.js';
import { workflowIdFor } from '../../workflows/ids.js';
import type { HostingRequestView } from '../../workflows/types.js';
import { projectRoot } from '../helpers/processes.js';
import { hostingRequestBody } from '../helpers/stack.js';
import { eventually, uniqueId } from '../helpers/temporal.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const API_KEY = 'operator-api-key';

/**
 * Operators decode payloads in the Web UI with API keys on: the UI cannot send an API key, so an
 * operator signs in once at hostflow's /codec/session and the UI's decode calls carry that session
 * cookie ("include cross-origin credentials"). Real `npm start` (its dev server's UI), real
 * Chromium, a real request.
 */
describe('the Web UI decodes payloads with API_KEYS set (codec session cookie)', () => {
  let dataDir: string;
  let child: ChildProcess | undefined;
  let output = '';
  let apiUrl: string;
  let uiUrl: string;
  let temporalAddress: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hostflow-ui-session-'));
    const [port, sandboxPort, temporalPort, uiPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    apiUrl = `http://127.0.0.1:${port}`;
    uiUrl = `http://127.0.0.1:${uiPort}`;
    temporalAddress = `127.0.0.1:${temporalPort}`;
    child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      cwd: projectRoot,
      env: {
        ...process.env,
        PORT: String(port),
        SANDBOX_PORT: String(sandboxPort),
        TEMPORAL_ADDRESS: temporalAddress,
        TEMPORAL_UI_PORT: String(uiPort),
        WORKER_METRICS_PORT: '0',
        DATA_DIR: dataDir,
        API_KEYS: API_KEY,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await eventually(
      async () => {
        if (child!.exitCode !== null) throw new Error(`npm start exited ${child!.exitCode}: ${output}`);
        return output.includes('Ctrl-C stops everything') ? true : undefined;
      },
      90_000,
      'the npm start banner',
    );
  }, 120_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  test("npm start sets the namespace's retention (TEMPORAL_RETENTION, 30 days by default)", async () => {
    const connection = await Connection.connect({ address: temporalAddress });
    try {
      const { config } = await connection.workflowService.describeNamespace({ namespace: 'default' });
      expect(Number(config?.workflowExecutionRetentionTtl?.seconds)).toBe(30 * 86_400);
    } finally {
      await connection.close();
    }
  });

  test("the workflow page shows the request's decoded input once the operator has signed in at /codec/session", async () => {
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` };
    const id = uniqueId('ui-session');
    const created = await fetch(`${apiUrl}/v1/hosting-requests`, {
      method: 'POST',
      headers,
      body: JSON.stringify(hostingRequestBody({ customerOrderId: id, telephoneNumbers: ['3032281000'] })),
    });
    expect(created.status).toBe(202);
    await eventually(
      async () => {
        const view = (await (
          await fetch(`${apiUrl}/v1/hosting-requests/${id}`, { headers })
        ).json()) as HostingRequestView;
        return view.status === 'COMPLETE' ? view : undefined;
      },
      30_000,
      'COMPLETE',
    );

    if (!existsSync(CHROMIUM)) {
      if (process.env.CI)
        throw new Error(`no Chromium at ${CHROMIUM}: install it (apt-get install chromium) or set CHROMIUM_PATH`);
      console.warn(`Web UI codec-session check skipped: no Chromium at ${CHROMIUM}`);
      return;
    }
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
    try {
      const context = await browser.newContext();
      // The UI's own codec setting, as an operator ticks it in its "Codec Server" dialog (stored
      // in this browser): hostflow's endpoint, with cross-origin credentials included. The
      // standalone UI server takes the same from TEMPORAL_CODEC_INCLUDE_CREDENTIALS=true.
      // (A string: this project's TypeScript has no DOM types.)
      await context.addInitScript({
        content: `if (location.origin === ${JSON.stringify(uiUrl)}) {
          localStorage.setItem('endpoint', ${JSON.stringify(JSON.stringify(`${apiUrl}/codec`))});
          localStorage.setItem('includeCredentials', 'true');
          localStorage.setItem('overrideRemoteCodecConfiguration', 'true');
        }`,
      });
      const page = await context.newPage();
      const workflowPage = `${uiUrl}/namespaces/default/workflows/${encodeURIComponent(workflowIdFor(id))}`;

      // Not signed in: the codec endpoint refuses the UI, the subscriber's name is not on the page.
      const refused = page.waitForResponse((r) => r.url().startsWith(`${apiUrl}/codec/decode`) && r.status() === 401, {
        timeout: 30_000,
      });
      await page.goto(workflowPage);
      await refused;
      expect(await page.getByText('ABC Inc.').count()).toBe(0);

      // The operator signs in with an API key on hostflow's page, in the same browser.
      await page.goto(`${apiUrl}/codec/session`);
      await page.getByLabel('API key').fill(API_KEY);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText('Signed in until').waitFor({ timeout: 10_000 });

      // Back in the Web UI: the workflow's input is decoded.
      const decoded = page.waitForResponse((r) => r.url().startsWith(`${apiUrl}/codec/decode`) && r.status() === 200, {
        timeout: 30_000,
      });
      await page.goto(workflowPage);
      await decoded;
      await page.getByText('ABC Inc.').first().waitFor({ timeout: 30_000 });
      await page.screenshot({ path: join(dataDir, 'web-ui-decoded-with-session.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  }, 120_000);
});
