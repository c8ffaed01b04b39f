import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError, Option } from 'commander';
import { PARTS, runBench, type PartName } from './harness.js';
import type { BenchMode } from './modes.js';
import { formatTable } from './report.js';

/**
 * `npm run bench` (full), `npm run bench -- --quick` (under three minutes), `--smoke` (seconds; the
 * test suite's run). Progress goes to stderr, the table to stdout, the figures to
 * bench/results/latest.json (or --out).
 */
const defaultOut = fileURLToPath(new URL('./results/latest.json', import.meta.url));
const program = new Command('bench')
  .description("hostflow's benchmark: every figure against a baseline measured in the same run")
  .addOption(new Option('--quick', 'smaller counts, under three minutes').conflicts('smoke'))
  .addOption(new Option('--smoke', 'a handful of requests per part (seconds): checks the harness works'))
  .option('--out <file>', 'where the JSON goes', defaultOut)
  .option('--temporal-address <host:port>', 'use this Temporal dev server instead of starting a dedicated one')
  .addOption(
    new Option(
      '--parts <names>',
      `run only these parts, comma-separated (${PARTS.join(', ')}); for experiments: the JSON then lacks the others`,
    ).argParser((value) =>
      value.split(',').map((part) => {
        if (!(PARTS as readonly string[]).includes(part))
          throw new InvalidArgumentError(`unknown part "${part}" (parts: ${PARTS.join(', ')})`);
        return part as PartName;
      }),
    ),
  )
  .parse();

const opts = program.opts<{
  quick?: boolean;
  smoke?: boolean;
  out: string;
  temporalAddress?: string;
  parts?: PartName[];
}>();
const mode: BenchMode = opts.smoke ? 'smoke' : opts.quick ? 'quick' : 'full';
const t0 = performance.now();
const progress = (line: string) =>
  process.stderr.write(`[bench ${((performance.now() - t0) / 1000).toFixed(1).padStart(6)}s] ${line}\n`);

try {
  const result = await runBench({
    mode,
    temporalAddress: opts.temporalAddress,
    parts: opts.parts,
    command: ['npx tsx bench/run.ts', ...process.argv.slice(2)].join(' '),
    progress,
  });
  const out = resolve(opts.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`\n${formatTable(result)}\n\nwritten to ${out}\n`);
  process.exit(0);
} catch (error) {
  const e = error as Error;
  process.stderr.write(`bench failed: ${e.name}: ${e.message}\n`);
  if (e.cause) process.stderr.write(`  cause: ${String((e.cause as Error).message ?? e.cause)}\n`);
  if (process.env.DEBUG) process.stderr.write(`${e.stack ?? ''}\n`);
  process.exit(1);
}
