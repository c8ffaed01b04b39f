import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { figuresTable } from './figures.js';
import { FULL_RUN, QUICK_RUN, runChaos, type ChaosResult } from './suite.js';

/**
 * `npm run test:chaos`: the fault and crash suite. Prints progress while it runs, then the
 * figures; writes them to chaos/results/latest.json; exits 0 only if nothing was lost,
 * duplicated or wrong.
 */
const positive = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('must be a positive whole number');
  return n;
};

const program = new Command()
  .name('test:chaos')
  .description('hostflow under faults and crashes: every request checked against the sandbox')
  .option('--quick', `${QUICK_RUN.requests} requests instead of ${FULL_RUN.requests} (what npm test runs)`)
  .option('--requests <n>', 'number of requests', positive)
  .option('--seed <n>', 'seed of the fault decisions and kill times (random when absent)', positive)
  .option('--deadline <minutes>', 'give up (and fail) after this long', positive)
  .option(
    '--out <file>',
    'where to write the figures',
    fileURLToPath(new URL('./results/latest.json', import.meta.url)),
  )
  .option(
    '--log-dir <dir>',
    'keep the logs of every part here (default: a temporary folder, kept only when the run fails)',
  );
program.parse();
const flags = program.opts<{
  quick?: boolean;
  requests?: number;
  seed?: number;
  deadline?: number;
  out: string;
  logDir?: string;
}>();

const base = flags.quick ? QUICK_RUN : FULL_RUN;
const say = (line: string) => process.stdout.write(`${line}\n`);

let result: ChaosResult;
try {
  result = await runChaos({
    ...base,
    requests: flags.requests ?? base.requests,
    mode: flags.requests !== undefined ? `${base.mode} (${flags.requests} requests)` : base.mode,
    seed: flags.seed ?? Math.floor(Math.random() * 2 ** 31),
    deadlineMs: flags.deadline !== undefined ? flags.deadline * 60_000 : base.deadlineMs,
    logDir: flags.logDir ? resolve(flags.logDir) : undefined,
    log: say,
  });
} catch (error) {
  process.stderr.write(`test:chaos: the run could not complete: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(2);
}

say('');
say(figuresTable(result.figures));
for (const problem of result.problems.slice(0, 30)) {
  const what = [
    ...(problem.lost ? ['lost'] : []),
    ...problem.duplicated.map((d) => `duplicated: ${d}`),
    ...problem.wrong,
  ];
  say(`  ${problem.id}: ${what.join('; ')}`);
}
if (result.problems.length > 30) say(`  … and ${result.problems.length - 30} more`);
for (const order of result.strayOrders.slice(0, 10))
  say(`  stray order ${order.orderId} (CustomerOrderId ${order.customerOrderId ?? 'none'})`);
if (result.open.length > 0) {
  say(`still open at the deadline (${result.open.length}):`);
  for (const open of result.open.slice(0, 30)) say(`  ${open.id} (${open.kind}): ${open.waitingOn}`);
}
for (const rejected of result.notAccepted.slice(0, 10)) say(`  not accepted: ${rejected.id}: ${rejected.reason}`);

await mkdir(dirname(flags.out), { recursive: true });
await writeFile(flags.out, `${JSON.stringify({ passed: result.ok, ...result.figures }, null, 2)}\n`);
say(`figures written to ${flags.out}`);
if (result.logDir) say(`logs kept in ${result.logDir}`);
say(result.ok ? 'PASS: nothing lost, duplicated or wrong' : 'FAIL');
process.exit(result.ok ? 0 : 1);
