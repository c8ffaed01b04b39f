import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { judge, summaryLines, type FuzzSummary, type SchemathesisReport } from './findings.js';
import { ensureSchemathesis, SchemathesisUnavailableError } from './schemathesis-tool.js';
import { startConfiguredStack, type ConfiguredStack } from './configured-stack.js';

/*
 * `npm run test:fuzz`: schema-driven fuzzing of the running API from its own /openapi.json.
 * Starts the whole stack, points schemathesis at it with every check, prints the figures, writes
 * fuzz/results/latest.json and exits non-zero on a 5xx or a response that breaks the document.
 *
 *   --quick                  small run (the one inside `npm test`)
 *   --max-examples N         examples per operation and phase
 *   --max-time S             full: schemathesis's time budget (default 300); quick: a deadline (default 120)
 *   --seed N                 reproduce a run
 *   --temporal-address H:P   use a running Temporal instead of starting a dev server
 *   --output PATH            where the summary JSON goes (default fuzz/results/latest.json)
 */

/*
 * With a time budget schemathesis repeats its fuzzing and stateful phases until the budget is
 * spent, which suits the full run. The quick run is one pass over every phase but the stateful
 * one, bounded by its example count, with a fixed seed so `npm test` is repeatable; its time
 * limit is a deadline (on a loaded machine one pass may take longer than usual, not do less).
 */
const MODES = {
  quick: { maxExamples: 6, maxTimeSeconds: 120, budget: false, phases: 'examples,coverage,fuzzing', seed: '20261127' },
  full: {
    maxExamples: 100,
    maxTimeSeconds: 300,
    budget: true,
    phases: 'examples,coverage,fuzzing,stateful',
    seed: undefined,
  },
} as const;

/** How long past its budget a full run may take to finish its last cases and write the report. */
const GRACE_SECONDS = 120;

const resultsDir = resolve(dirname(fileURLToPath(import.meta.url)), 'results');

function positive(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`--${name} must be a whole number ≥ 1, got ${JSON.stringify(raw)}`);
  return value;
}

/**
 * Per-scheme credentials, named as the document's securitySchemes: the webhook gets Basic, the
 * API its key. The quick run, which shares a loaded machine with the rest of `npm test`, accepts
 * the documented `503 temporal-unavailable`: the API's answer when Temporal has not replied within
 * its 5 s deadline, which a starved worker can cause without any bad input. The full run does not.
 */
function schemathesisConfig(stack: ConfiguredStack, mode: 'quick' | 'full'): string {
  return [
    ...(mode === 'quick' ? ['[checks.not_a_server_error]', 'expected-statuses = ["2xx", "3xx", "4xx", "503"]'] : []),
    '[auth.openapi.apiKey]',
    `bearer = "${stack.secrets.apiKey}"`,
    '[auth.openapi.callbackBasic]',
    `username = "${stack.secrets.webhook.username}"`,
    `password = "${stack.secrets.webhook.password}"`,
    '',
  ].join('\n');
}

class FuzzDeadlineError extends Error {
  override readonly name = 'FuzzDeadlineError';
  readonly code = 'FUZZ_DEADLINE';
}

async function runSchemathesis(
  bin: string,
  args: string[],
  cwd: string,
  transcript: NodeJS.WritableStream,
  echo: boolean,
  deadlineSeconds: number,
): Promise<number> {
  const child = spawn(bin, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let timedOut = false;
  const deadline = setTimeout(() => {
    timedOut = true;
    child.kill('SIGTERM');
  }, deadlineSeconds * 1000);
  const forward = (chunk: Buffer) => {
    transcript.write(chunk);
    if (echo) process.stdout.write(chunk);
  };
  child.stdout.on('data', forward);
  child.stderr.on('data', forward);
  const stop = () => child.kill('SIGTERM');
  process.once('SIGINT', stop);
  return new Promise((resolveExit, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(deadline);
      process.off('SIGINT', stop);
      if (timedOut) reject(new FuzzDeadlineError(`schemathesis did not finish within ${deadlineSeconds} s`));
      else resolveExit(code ?? 1);
    });
  });
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      'max-examples': { type: 'string' },
      'max-time': { type: 'string' },
      seed: { type: 'string' },
      'temporal-address': { type: 'string' },
      output: { type: 'string' },
      quiet: { type: 'boolean', default: false },
    },
  });
  const mode = values.quick ? 'quick' : 'full';
  const defaults = MODES[mode];
  const maxExamples = positive('max-examples', values['max-examples'], defaults.maxExamples);
  const maxTimeSeconds = positive('max-time', values['max-time'], defaults.maxTimeSeconds);
  const seed = values.seed ?? defaults.seed;
  if (seed !== undefined) positive('seed', seed, 1);
  const output = resolve(values.output ?? join(resultsDir, 'latest.json'));
  const checks = 'all';
  const startedAt = new Date();
  const log = (line: string) => process.stdout.write(`${line}\n`);

  const bin = ensureSchemathesis(log);
  log(
    `starting the stack (dev server, sandbox, worker, API)${values['temporal-address'] ? ` on Temporal ${values['temporal-address']}` : ''}`,
  );
  const stack = await startConfiguredStack(
    values['temporal-address'] ? { temporalAddress: values['temporal-address'] } : {},
  );
  const work = await mkdtemp(join(tmpdir(), 'hostflow-schemathesis-'));
  try {
    await writeFile(join(work, 'schemathesis.toml'), schemathesisConfig(stack, mode), { mode: 0o600 });
    await mkdir(dirname(output), { recursive: true });
    const transcriptPath = output.replace(/\.json$/, '') + '.txt';
    const transcript = createWriteStream(transcriptPath);
    const reportPath = join(work, 'report.json');
    const args = [
      '--config-file',
      join(work, 'schemathesis.toml'),
      'run',
      `${stack.apiUrl}/openapi.json`,
      '--checks',
      checks,
      '--phases',
      defaults.phases,
      '--max-examples',
      String(maxExamples),
      ...(defaults.budget ? ['--max-time', String(maxTimeSeconds)] : []),
      '--workers',
      '1',
      '--request-timeout',
      '15',
      '--generation-database',
      'none',
      // Quick runs report a failing case as found; full runs shrink it to the smallest one.
      ...(defaults.budget ? [] : ['--no-shrink']),
      '--no-color',
      // The credentials are random and die with the stack; the transcript's curl lines should
      // reproduce a failure exactly (schemathesis would hide every value named like a token).
      '--output-sanitize',
      'false',
      '--report',
      'json',
      '--report-json-path',
      reportPath,
      ...(seed === undefined ? [] : ['--seed', seed]),
    ];
    log(`schemathesis ${args.slice(2).join(' ')}`);
    const deadlineSeconds = defaults.budget ? maxTimeSeconds + GRACE_SECONDS : maxTimeSeconds;
    const exitCode = await runSchemathesis(bin, args, work, transcript, !values.quiet, deadlineSeconds);
    await new Promise<void>((done) => transcript.end(done));

    let report: SchemathesisReport;
    try {
      const text = await readFile(reportPath, 'utf8');
      // Seeds are 128-bit integers: read as text, since a JSON number would lose their digits.
      report = { ...(JSON.parse(text) as SchemathesisReport), seed: /"seed":\s*(\d+)/.exec(text)?.[1] ?? null };
    } catch (cause) {
      throw new Error(`schemathesis exited ${exitCode} without a report; see ${transcriptPath}`, { cause });
    }
    const stackErrorLogs = stack.errorLines().length;
    const summary: FuzzSummary = judge(report, {
      mode,
      checks,
      maxExamples,
      maxTimeSeconds,
      phases: defaults.phases,
      startedAt: startedAt.toISOString(),
      wallTimeSeconds: Math.round((Date.now() - startedAt.getTime()) / 100) / 10,
      stackErrorLogs,
    });
    await writeFile(output, `${JSON.stringify(summary, null, 2)}\n`);
    for (const line of summaryLines(summary)) log(line);
    log(`  results      ${output} (transcript ${transcriptPath})`);
    return summary.passed ? 0 : 1;
  } finally {
    await stack.stop();
    await rm(work, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const e = error as Error;
    process.stderr.write(`test:fuzz: ${e?.name ?? 'Error'}: ${e?.message ?? String(error)}\n`);
    // 3: the tool could not be installed (the jest wrapper skips on this one only).
    process.exit(error instanceof SchemathesisUnavailableError ? 3 : 2);
  },
);
