import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../scripts/dev-server.js';
import { spawnEntryProcess } from '../helpers/processes.js';
import { temporalAddress } from '../helpers/temporal.js';

/** `npm run api` and `npm run worker` with a database they cannot use: one line naming the variable, exit 1. */
describe('starting without a usable database', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hostflow-db-startup-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function start(entry: 'api/main.ts' | 'worker/main.ts', env: Record<string, string>) {
    const lines: string[] = [];
    const child = spawnEntryProcess(entry, {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: dir,
        SANDBOX: 'on',
        SANDBOX_PORT: String(await freePort()),
        DATA_DIR: dir,
        PORT: String(await freePort()),
        TEMPORAL_ADDRESS: temporalAddress(),
        LOG_LEVEL: 'warn',
        BANDWIDTH_ENSURE_SUBSCRIPTION: 'off',
        ...env,
      },
      onLine: (line) => lines.push(line),
    });
    const exit = await child.exited;
    return { code: exit.code, lines: lines.filter((l) => l.trim() !== '') };
  }

  test.each([['api/main.ts' as const], ['worker/main.ts' as const]])(
    '%s: unreachable, unset',
    async (entry) => {
      const unreachable = await start(entry, { DATABASE_URL: 'postgres://hostflow:secret-pw@127.0.0.1:1/hostflow' });
      expect(unreachable.code).toBe(1);
      expect(unreachable.lines).toEqual([
        `hostflow ${entry === 'api/main.ts' ? 'api' : 'worker'}: DATABASE_URL: hostflow@127.0.0.1:1/hostflow: cannot connect (ECONNREFUSED)`,
      ]);
      const unset = await start(entry, {});
      expect(unset.code).toBe(1);
      expect(unset.lines).toEqual([
        expect.stringMatching(/^hostflow: configuration error: DATABASE_URL must be set for npm run (api|worker) /),
      ]);
    },
    60_000,
  );
});
