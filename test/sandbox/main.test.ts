import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

function runMain(env: Record<string, string>) {
  const child = spawn(tsx, ['sandbox/main.ts'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe('npm run sandbox', () => {
  test('an invalid SANDBOX_PORT stops with one line naming the variable and exit code 1', async () => {
    const run = runMain({ SANDBOX_PORT: 'forty' });
    expect(await run.exited).toBe(1);
    const { stderr } = run.output();
    expect(stderr.trim().split('\n')).toEqual([expect.stringContaining('SANDBOX_PORT')]);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  test('an unknown SANDBOX_DIALECT stops with one line naming the variable and exit code 1', async () => {
    const run = runMain({ SANDBOX_PORT: String(await freePort()), SANDBOX_DIALECT: 'production' });
    expect(await run.exited).toBe(1);
    const { stderr } = run.output();
    expect(stderr.trim().split('\n')).toEqual([expect.stringContaining('SANDBOX_DIALECT')]);
  });

  test('prints its URL, account and dialect, serves the API, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const run = runMain({
      SANDBOX_PORT: String(port),
      SANDBOX_USERNAME: 'main-user',
      SANDBOX_PASSWORD: 'main-pass',
      SANDBOX_DIALECT: 'varied',
    });
    const deadline = Date.now() + 30_000;
    while (!run.output().stdout.includes('\n') && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    const [firstLine] = run.output().stdout.split('\n');
    expect(firstLine).toContain(`http://127.0.0.1:${port}`);
    expect(firstLine).toContain('9900000');
    expect(firstLine).toContain('varied dialect');
    const authorization = `Basic ${Buffer.from('main-user:main-pass').toString('base64')}`;
    const answer = await fetch(`http://127.0.0.1:${port}/api/accounts/9900000/importTnOrders`, {
      headers: { Authorization: authorization },
    });
    expect(answer.status).toBe(200);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });

  test('SANDBOX_DIALECT=v2 starts a v2-only account and says where its API base is', async () => {
    const port = await freePort();
    const run = runMain({ SANDBOX_PORT: String(port), SANDBOX_DIALECT: 'v2' });
    const deadline = Date.now() + 30_000;
    while (run.output().stdout.split('\n').length < 3 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    const [banner, hint] = run.output().stdout.split('\n');
    expect(banner).toContain(`API base http://127.0.0.1:${port}/api/v2`);
    expect(banner).toContain('v2 dialect');
    expect(hint).toContain('v1 hosted-messaging paths answer 404');
    const authorization = `Basic ${Buffer.from('sandbox:sandbox').toString('base64')}`;
    const v1 = await fetch(`http://127.0.0.1:${port}/api/accounts/9900000/importTnOrders`, {
      headers: { Authorization: authorization },
    });
    expect(v1.status).toBe(404);
    const v2 = await fetch(`http://127.0.0.1:${port}/api/v2/accounts/9900000/importTnOrders/messaging`, {
      headers: { Authorization: authorization },
    });
    expect(v2.status).toBe(200);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });
});
