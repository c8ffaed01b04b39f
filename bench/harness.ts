import { findTemporalCli } from '../scripts/temporal-cli.js';
import { openContext } from './context.js';
import { describeMachine, machineInfo } from './machine.js';
import { SIZES, type BenchMode } from './modes.js';
import { measureHistory } from './parts/history.js';
import { measureScale } from './parts/scale.js';
import { measureThroughput } from './parts/throughput.js';
import { measureWaiting } from './parts/waiting.js';
import { goalsOf, type BenchResult, type PartialBenchResult } from './report.js';

/** The parts, in the order they run; `--parts` picks some (experiments), the default runs all. */
export const PARTS = ['throughput', 'cost', 'scale', 'waiting'] as const;
export type PartName = (typeof PARTS)[number];

export interface BenchOptions {
  mode: BenchMode;
  /** Only these parts (the result then lacks the others' figures); all when absent. */
  parts?: readonly PartName[];
  /** Use this dev server instead of starting a dedicated one (its CPU is then not accounted). */
  temporalAddress?: string;
  /** The command line, recorded in the result. */
  command: string;
  progress(line: string): void;
}

/** Runs the parts in order on one dev server and one sandbox, and returns the figures. */
export async function runBench(options: BenchOptions & { parts?: undefined }): Promise<BenchResult>;
export async function runBench(options: BenchOptions): Promise<PartialBenchResult>;
export async function runBench(options: BenchOptions): Promise<PartialBenchResult> {
  const wanted = new Set<PartName>(options.parts ?? PARTS);
  const started = performance.now();
  const sizes = SIZES[options.mode];
  const { context, close } = await openContext({
    mode: options.mode,
    sizes,
    temporalAddress: options.temporalAddress,
    progress: options.progress,
  });
  try {
    const part = async <T>(key: PartName, name: string, run: () => Promise<T>): Promise<T | undefined> => {
      if (!wanted.has(key)) return undefined;
      const t0 = performance.now();
      options.progress(`── ${name}`);
      const figures = await run();
      options.progress(`── ${name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      return figures;
    };
    const throughput = await part('throughput', 'throughput and latency', () => measureThroughput(context));
    const history = await part('cost', 'cost per request', () => measureHistory(context));
    const scale = await part('scale', 'scale: one large request', () => measureScale(context));
    const waiting = await part('waiting', 'worker memory and webhook ingestion (the same waiting requests)', () =>
      measureWaiting(context),
    );
    const details = machineInfo(safeTemporalCli());
    const figures = { throughput, webhook: waiting?.webhook, history, scale, memory: waiting?.memory };
    return {
      mode: options.mode,
      sizes,
      command: options.command,
      machine: describeMachine(details),
      machine_details: details,
      when: new Date().toISOString(),
      duration_s: Math.round((performance.now() - started) / 100) / 10,
      dev_server: context.dedicatedServer ? 'dedicated' : 'given',
      ...figures,
      goals: goalsOf(figures),
    };
  } finally {
    await close();
  }
}

function safeTemporalCli(): string | undefined {
  try {
    return findTemporalCli();
  } catch {
    return undefined;
  }
}
