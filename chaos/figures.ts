import type { InjectedCounts, NotificationDelivery, SandboxOrderView } from '../sandbox/index.js';
import type { Verdict } from './expected-outcome.js';
import type { RequestKind } from './request-mix.js';

/** The figures of one chaos run, as printed and as written to chaos/results/latest.json. */
export interface ChaosFigures {
  mode: string;
  seed: number;
  startedAt: string;
  wallTimeSeconds: number;
  requests: {
    total: number;
    byKind: Partial<Record<RequestKind, number>>;
    accepted: number;
    ended: number;
    /** Ended while faults and kills were still going on. */
    endedDuringChaos: number;
    lost: number;
    duplicated: number;
    wrong: number;
    strayOrders: number;
  };
  /** How long faults and kills went on, from the start of the run. */
  chaosSeconds: number;
  /** What the sandbox injected, by kind (`GET /_sandbox/faults`). */
  faultsInjected: InjectedCounts;
  crashes: {
    workerKills: number;
    unexpectedWorkerExits: number;
    failedWorkerStarts: number;
    workerStartupMedianMs: number | null;
    serverRestarts: number;
    serverDowntimeMs: number;
    /** hostflow's own PostgreSQL stopped and started again (full runs). */
    databaseRestarts: number;
    databaseDowntimeMs: number;
  };
  /** Bandwidth's callbacks: made (after faults), answered 2xx, not (e.g. while Temporal was down). */
  notifications: { made: number; delivered: number; notDelivered: number; droppedByFault: number };
  /** What Bandwidth holds at the end. */
  bandwidth: { orders: number; loaUploads: number };
  /** From the API's 202 to the request's end being seen (seen every second or so). */
  timeToEndSeconds: { p50: number | null; p95: number | null; max: number | null };
  settings: {
    submitPerSecond: number;
    hangMs: number;
    orderPoll: { initial: string; max: string };
    workerLifetimeMs: readonly [number, number];
    restartServerAt: number;
  };
}

export interface FiguresInput {
  options: {
    mode: string;
    seed: number;
    submitPerSecond: number;
    hangMs: number;
    orderPoll: { initial: string; max: string };
    workerLifetimeMs: readonly [number, number];
    restartServerAt: number;
  };
  startedAt: number;
  tracked: Array<{ kind: RequestKind; acceptedAt?: number; endedAt?: number; ended: boolean; endedInChaos: boolean }>;
  chaosSeconds: number;
  verdicts: Verdict[];
  strays: number;
  orders: SandboxOrderView[];
  notifications: NotificationDelivery[];
  injected: InjectedCounts;
  worker: { kills: number; unexpectedExits: number; failedStarts: number; startupMs: number[] };
  server: { restarts: number; downtimeMs: number };
  database: { restarts: number; downtimeMs: number };
}

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const seconds = (ms: number) => Math.round(ms / 100) / 10;

export function figuresOf(input: FiguresInput): ChaosFigures {
  const byKind: Partial<Record<RequestKind, number>> = {};
  for (const t of input.tracked) byKind[t.kind] = (byKind[t.kind] ?? 0) + 1;
  const durations = input.tracked
    .filter((t) => t.acceptedAt !== undefined && t.endedAt !== undefined)
    .map((t) => t.endedAt! - t.acceptedAt!)
    .sort((a, b) => a - b);
  const startups = [...input.worker.startupMs].sort((a, b) => a - b);
  const made = input.notifications.filter((n) => n.fault !== 'dropped');
  const delivered = made.filter((n) => n.delivered).length;
  const p = (q: number) => {
    const value = percentile(durations, q);
    return value === null ? null : seconds(value);
  };
  return {
    mode: input.options.mode,
    seed: input.options.seed,
    startedAt: new Date(input.startedAt).toISOString(),
    wallTimeSeconds: seconds(Date.now() - input.startedAt),
    requests: {
      total: input.tracked.length,
      byKind,
      accepted: input.tracked.filter((t) => t.acceptedAt !== undefined).length,
      ended: input.tracked.filter((t) => t.ended).length,
      endedDuringChaos: input.tracked.filter((t) => t.endedInChaos).length,
      lost: input.verdicts.filter((v) => v.lost).length,
      duplicated: input.verdicts.filter((v) => v.duplicated.length > 0).length,
      wrong: input.verdicts.filter((v) => v.wrong.length > 0).length,
      strayOrders: input.strays,
    },
    chaosSeconds: seconds(input.chaosSeconds * 1000),
    faultsInjected: input.injected,
    crashes: {
      workerKills: input.worker.kills,
      unexpectedWorkerExits: input.worker.unexpectedExits,
      failedWorkerStarts: input.worker.failedStarts,
      workerStartupMedianMs: percentile(startups, 50),
      serverRestarts: input.server.restarts,
      serverDowntimeMs: input.server.downtimeMs,
      databaseRestarts: input.database.restarts,
      databaseDowntimeMs: input.database.downtimeMs,
    },
    notifications: {
      made: made.length,
      delivered,
      notDelivered: made.length - delivered,
      droppedByFault: input.notifications.length - made.length,
    },
    bandwidth: { orders: input.orders.length, loaUploads: input.orders.reduce((sum, o) => sum + o.loas.length, 0) },
    timeToEndSeconds: { p50: p(50), p95: p(95), max: p(100) },
    settings: {
      submitPerSecond: input.options.submitPerSecond,
      hangMs: input.options.hangMs,
      orderPoll: input.options.orderPoll,
      workerLifetimeMs: input.options.workerLifetimeMs,
      restartServerAt: input.options.restartServerAt,
    },
  };
}

/** The figures as a two-column text table. */
export function figuresTable(f: ChaosFigures): string {
  const kinds = Object.entries(f.requests.byKind)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');
  const injected = f.faultsInjected;
  const rows: Array<[string, string | number]> = [
    ['mode / seed', `${f.mode} / ${f.seed}`],
    ['requests', `${f.requests.total} (${kinds})`],
    ['accepted by the API', f.requests.accepted],
    ['ended (during the chaos)', `${f.requests.ended} (${f.requests.endedDuringChaos})`],
    ['LOST', f.requests.lost],
    ['DUPLICATED', f.requests.duplicated],
    ['WRONG', f.requests.wrong],
    ['stray orders', f.requests.strayOrders],
    ['chaos (faults + kills) for', `${f.chaosSeconds} s`],
    ['faults: 5xx answers', injected.http5xx],
    ['faults: hung calls', injected.hang],
    ['faults: 429 rate-limited', injected.rateLimited],
    ['faults: 5xx after create', injected.errorAfterCommit],
    ['faults: callbacks dropped', injected.dropped],
    ['faults: callbacks duplicated', injected.duplicated],
    ['faults: callbacks reordered', injected.reordered],
    ['faults: callbacks early', injected.early],
    ['faults: slow orders', injected.slowed],
    ['worker SIGKILLs', f.crashes.workerKills],
    ['worker exits by itself', f.crashes.unexpectedWorkerExits],
    ['worker starts that failed', f.crashes.failedWorkerStarts],
    [
      'worker startup (median)',
      f.crashes.workerStartupMedianMs === null ? '-' : `${f.crashes.workerStartupMedianMs} ms`,
    ],
    ['Temporal server restarts', `${f.crashes.serverRestarts} (down ${f.crashes.serverDowntimeMs} ms)`],
    ['PostgreSQL restarts', `${f.crashes.databaseRestarts} (down ${f.crashes.databaseDowntimeMs} ms)`],
    ['callbacks made / delivered', `${f.notifications.made} / ${f.notifications.delivered}`],
    ['Bandwidth orders / LOA files', `${f.bandwidth.orders} / ${f.bandwidth.loaUploads}`],
    [
      'time to end p50 / p95 / max',
      `${f.timeToEndSeconds.p50 ?? '-'} / ${f.timeToEndSeconds.p95 ?? '-'} / ${f.timeToEndSeconds.max ?? '-'} s`,
    ],
    ['wall time', `${f.wallTimeSeconds} s`],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  const valueWidth = Math.max(...rows.map(([, value]) => String(value).length));
  const line = `+${'-'.repeat(width + 2)}+${'-'.repeat(valueWidth + 2)}+`;
  return [
    line,
    ...rows.map(([name, value]) => `| ${name.padEnd(width)} | ${String(value).padEnd(valueWidth)} |`),
    line,
  ].join('\n');
}
