import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SIZES } from '../../bench/modes.js';
import type { BenchResult } from '../../bench/report.js';
import { projectRoot } from '../helpers/processes.js';

/**
 * The figures `npm run bench` promises in bench/results/latest.json (the contract's "Benchmarks"
 * shape, plus the baseline each one is paired with and the profile beside them).
 */
const FIGURES = [
  'throughput.hostflow_per_s',
  'throughput.baseline_per_s',
  'throughput.ratio',
  'throughput.p50_ms',
  'throughput.p95_ms',
  'throughput.p99_ms',
  'throughput.baseline_p50_ms',
  'throughput.baseline_p99_ms',
  'throughput.unloaded_p50_ms',
  'throughput.baseline_unloaded_p50_ms',
  'throughput.cpu_ratio',
  'throughput.cpu_ms_per_request.temporal_server',
  'throughput.cpu_ms_per_request.harness_process',
  'throughput.baseline_cpu_ms_per_request.temporal_server',
  'webhook.hostflow_per_s',
  'webhook.baseline_per_s',
  'webhook.ratio',
  'webhook.p50_ms',
  'webhook.p99_ms',
  'webhook.baseline_p50_ms',
  'webhook.baseline_p99_ms',
  'webhook.cpu_ratio',
  'history.events_per_request',
  'history.actions_per_request',
  'history.minimum_events',
  'history.minimum_actions',
  'history.polling_design_actions',
  'history.one_hour_order_actions',
  'scale.numbers',
  'scale.orders',
  'scale.seconds',
  'scale.max_history_events',
  'scale.max_history_bytes',
  'scale.max_event_bytes',
  'scale.baseline_seconds',
  'scale.baseline_history_bytes',
  'memory.waiting_requests',
  'memory.worker_rss_mb',
  'memory.worker_rss_idle_mb',
  'memory.baseline_rss_mb',
] as const;

function at(result: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], result);
}

/** Runs the CLI as `npm run bench -- --smoke` does and resolves once it exits, with what it printed. */
function runSmoke(out: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--smoke', '--out', out], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

/** A handful of requests per part, so the harness cannot rot unnoticed. */
describe('the benchmark harness, smoke run', () => {
  let dir: string;
  let run: { code: number | null; stdout: string; stderr: string };
  let result: BenchResult;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hostflow-bench-smoke-'));
    run = await runSmoke(join(dir, 'latest.json'));
    if (run.code !== 0) throw new Error(`bench --smoke exited ${run.code}:\n${run.stderr}`);
    result = JSON.parse(await readFile(join(dir, 'latest.json'), 'utf8')) as BenchResult;
  }, 240_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('writes every figure as a finite number, with the machine, the time and the counts it used', () => {
    const notFinite = FIGURES.filter((path) => {
      const value = at(result, path);
      return typeof value !== 'number' || !Number.isFinite(value);
    });
    expect(notFinite).toEqual([]);
    expect(result.mode).toBe('smoke');
    expect(result.sizes).toEqual(SIZES.smoke);
    expect(result.machine).toMatch(/\d+ cores/);
    expect(Date.now() - Date.parse(result.when)).toBeLessThan(10 * 60_000);
    expect(result.goals.map((g) => g.figure.split(' ')[0])).toEqual([
      'throughput.ratio',
      'webhook.ratio',
      'history.events_per_request',
      'history.actions_per_request',
      'memory.worker_rss_mb',
    ]);
  });

  test('measured what it says: every request ended, the large one was split, the polling design costs more than hostflow', () => {
    expect(result.throughput.requests).toBe(SIZES.smoke.throughput.requests * SIZES.smoke.throughput.rounds);
    expect(result.throughput.hostflow_per_s).toBeGreaterThan(0);
    expect(result.webhook.notifications).toBe(
      SIZES.smoke.memory.waitingRequests * SIZES.smoke.webhook.turnsPerSide * SIZES.smoke.webhook.perRequestPerTurn,
    );
    // A hostflow request does at least what the bare workflow of its shape does.
    expect(result.history.events_per_request).toBeGreaterThanOrEqual(result.history.minimum_events);
    expect(result.history.actions_per_request).toBeGreaterThanOrEqual(result.history.minimum_actions);
    expect(result.history.polling_design_actions).toBeGreaterThan(result.history.one_hour_order_actions);
    expect(result.scale).toMatchObject({ numbers: SIZES.smoke.scale.numbers, orders: 2 });
    expect(result.scale.histories).toHaveLength(3);
    expect(result.memory.waiting_requests).toBe(SIZES.smoke.memory.waitingRequests);
  });

  test('prints the table: each part, hostflow beside its baseline', () => {
    for (const row of ['throughput', 'webhook', 'cost', 'scale', 'memory'])
      expect(run.stdout).toMatch(new RegExp(`^${row}\\s`, 'm'));
    expect(run.stdout).toContain('baseline (same run)');
  });
});
