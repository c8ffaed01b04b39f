import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { freePort } from '../../scripts/dev-server.js';
import { projectRoot } from '../helpers/processes.js';
import { eventually } from '../helpers/temporal.js';

/**
 * The dev server keeps a day of history by default and `start-dev` has no flag for it: `npm run
 * temporal` (and `npm start`, through the same dev-server module) set TEMPORAL_RETENTION on the
 * namespace once the server answers. Asked of the server itself, as `temporal operator namespace
 * describe` would.
 */
describe('TEMPORAL_RETENTION', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hostflow-retention-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  test('npm run temporal sets the namespace retention, 30 days unless TEMPORAL_RETENTION says otherwise', async () => {
    const retentionOf = async (env: Record<string, string>) => {
      const [port, uiPort] = [await freePort(), await freePort()];
      const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/temporal.ts'], {
        cwd: projectRoot,
        env: {
          ...process.env,
          TEMPORAL_ADDRESS: `127.0.0.1:${port}`,
          TEMPORAL_UI_PORT: String(uiPort),
          DATA_DIR: join(dataDir, String(port)),
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      try {
        await eventually(
          async () => {
            if (child.exitCode !== null) throw new Error(`npm run temporal exited: ${output}`);
            return output.includes('Ctrl-C stops it') ? true : undefined;
          },
          60_000,
          'the npm run temporal banner',
        );
        const connection = await Connection.connect({ address: `127.0.0.1:${port}` });
        try {
          const { config } = await connection.workflowService.describeNamespace({ namespace: 'default' });
          return { seconds: Number(config?.workflowExecutionRetentionTtl?.seconds), banner: output };
        } finally {
          await connection.close();
        }
      } finally {
        child.kill('SIGTERM');
        await exited;
      }
    };

    const byDefault = await retentionOf({});
    expect(byDefault.seconds).toBe(30 * 86_400);
    expect(byDefault.banner).toContain('Namespace default, history retention 30d');
    expect((await retentionOf({ TEMPORAL_RETENTION: '7d' })).seconds).toBe(7 * 86_400);
  }, 120_000);
});
