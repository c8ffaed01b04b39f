import { startSandbox } from '../sandbox/index.js';
import { exitWithParent } from './child-process.js';

/**
 * The Bandwidth sandbox in a process of its own: in production Bandwidth's side costs hostflow no
 * CPU, so the harness keeps the imitation's work out of the process it measures. Silent (one line
 * per order step would cost more than the steps). Prints one JSON line once listening.
 * Env: BENCH_SANDBOX_STEP_DELAY_MS (default 0: orders end at once).
 */
exitWithParent();
const running = await startSandbox({
  port: 0,
  host: '127.0.0.1',
  stepDelayMs: Number(process.env.BENCH_SANDBOX_STEP_DELAY_MS ?? 0),
});
process.stdout.write(
  `${JSON.stringify({ ready: true, url: running.url, apiBaseUrl: running.apiBaseUrl, accountId: running.accountId })}\n`,
);
const stop = () => void running.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
