import type { MachineInfo } from './machine.js';
import type { BenchMode, BenchSizes } from './modes.js';
import type { HistoryFigures } from './parts/history.js';
import type { MemoryFigures } from './parts/memory.js';
import type { ScaleFigures } from './parts/scale.js';
import type { ThroughputFigures } from './parts/throughput.js';
import type { WebhookFigures } from './parts/webhook.js';

export interface Goal {
  figure: string;
  value: number;
  goal: string;
  met: boolean;
}

/** bench/results/latest.json */
export interface BenchResult {
  mode: BenchMode;
  /** The counts this run used: quick and smoke runs use fewer than the full run. */
  sizes: BenchSizes;
  command: string;
  machine: string;
  machine_details: MachineInfo;
  when: string;
  duration_s: number;
  /** "dedicated": a dev server started for this run alone; "given": one named on the command line. */
  dev_server: 'dedicated' | 'given';
  throughput: ThroughputFigures;
  webhook: WebhookFigures;
  history: HistoryFigures;
  scale: ScaleFigures;
  memory: MemoryFigures;
  goals: Goal[];
}

/** A run of some parts only (`--parts`): the figures of the others are absent. */
export type PartialBenchResult = Omit<BenchResult, 'throughput' | 'webhook' | 'history' | 'scale' | 'memory'> &
  Partial<Pick<BenchResult, 'throughput' | 'webhook' | 'history' | 'scale' | 'memory'>>;

export function goalsOf(r: Partial<Pick<BenchResult, 'throughput' | 'webhook' | 'history' | 'memory'>>): Goal[] {
  const goals: Goal[] = [];
  if (r.throughput)
    goals.push({
      figure: 'throughput.ratio',
      value: r.throughput.ratio,
      goal: '>= 0.9',
      met: r.throughput.ratio >= 0.9,
    });
  if (r.webhook)
    goals.push({ figure: 'webhook.ratio', value: r.webhook.ratio, goal: '>= 0.85', met: r.webhook.ratio >= 0.85 });
  if (r.history) {
    goals.push({
      figure: 'history.events_per_request',
      value: r.history.events_per_request,
      goal: '<= 45',
      met: r.history.events_per_request <= 45,
    });
    goals.push({
      figure: 'history.actions_per_request',
      value: r.history.actions_per_request,
      goal: '<= 10',
      met: r.history.actions_per_request <= 10,
    });
  }
  if (r.memory) {
    goals.push({
      figure: `memory.worker_rss_mb (${r.memory.waiting_requests} waiting)`,
      value: r.memory.worker_rss_mb,
      goal: '<= 300 with 1000 waiting',
      met: r.memory.worker_rss_mb <= 300,
    });
  }
  return goals;
}

const cpuPair = (c: Record<string, number>) =>
  `${(c.temporal_server ?? NaN).toFixed(1)} / ${(c.harness_process ?? NaN).toFixed(1)}`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
const fixed = (n: number, d = 1) => n.toFixed(d);

type Row = [part: string, figure: string, hostflow: string, baseline: string, ratio: string, goal: string];

function throughputRows(t: ThroughputFigures, goal: (name: string) => string): Row[] {
  return [
    [
      'throughput',
      `requests/s (${t.requests} requests, ${t.concurrency} at once)`,
      fixed(t.hostflow_per_s, 2),
      `${fixed(t.baseline_per_s, 2)} bare workflow`,
      fixed(t.ratio, 3),
      goal('throughput.ratio'),
    ],
    [
      '',
      'latency p50 / p95 / p99 ms',
      `${fixed(t.p50_ms)} / ${fixed(t.p95_ms)} / ${fixed(t.p99_ms)}`,
      `${fixed(t.baseline_p50_ms)} / ${fixed(t.baseline_p95_ms)} / ${fixed(t.baseline_p99_ms)}`,
      fixed(t.p50_ms / t.baseline_p50_ms, 2),
      '',
    ],
    [
      '',
      'latency p50 ms, one request at a time',
      fixed(t.unloaded_p50_ms),
      fixed(t.baseline_unloaded_p50_ms),
      fixed(t.unloaded_p50_ms / t.baseline_unloaded_p50_ms, 2),
      '',
    ],
    [
      '',
      'CPU ms/request: Temporal / this process',
      cpuPair(t.cpu_ms_per_request),
      cpuPair(t.baseline_cpu_ms_per_request),
      fixed(t.cpu_ratio, 3),
      `(+ sandbox ${fixed(t.cpu_ms_per_request.sandbox ?? 0)})`,
    ],
  ];
}

function webhookRows(w: WebhookFigures, goal: (name: string) => string): Row[] {
  return [
    [
      'webhook',
      `notifications/s (${w.notifications} per side, ${w.concurrency} at once)`,
      fixed(w.hostflow_per_s),
      `${fixed(w.baseline_per_s)} client signal()`,
      fixed(w.ratio, 3),
      goal('webhook.ratio'),
    ],
    [
      '',
      'latency p50 / p99 ms',
      `${fixed(w.p50_ms)} / ${fixed(w.p99_ms)}`,
      `${fixed(w.baseline_p50_ms)} / ${fixed(w.baseline_p99_ms)}`,
      fixed(w.p99_ms / w.baseline_p99_ms, 2),
      '',
    ],
    [
      '',
      'CPU ms/notification: Temporal / API or client',
      `${fixed(w.cpu_ms_per_notification.temporal_server ?? NaN)} / ${fixed(w.cpu_ms_per_notification.harness_process ?? NaN)}`,
      `${fixed(w.baseline_cpu_ms_per_notification.temporal_server ?? NaN)} / ${fixed(w.baseline_cpu_ms_per_notification.load_generator ?? NaN)}`,
      fixed(w.cpu_ratio, 3),
      '',
    ],
  ];
}

function historyRows(h: HistoryFigures, goal: (name: string) => string): Row[] {
  return [
    [
      'cost',
      'history events per request',
      String(h.events_per_request),
      `${h.minimum_events} bare minimum`,
      fixed(h.events_per_request / h.minimum_events, 2),
      goal('history.events_per_request'),
    ],
    [
      '',
      'Cloud actions per request',
      String(h.actions_per_request),
      `${h.minimum_actions} bare minimum`,
      fixed(h.actions_per_request / h.minimum_actions, 2),
      goal('history.actions_per_request'),
    ],
    [
      '',
      'Cloud actions, one-hour order',
      `${h.one_hour_order_actions} (${h.one_hour_order_polls} safety-net polls)`,
      `${h.polling_design_actions} polling every 30 s`,
      fixed(h.one_hour_order_actions / h.polling_design_actions, 3),
      '',
    ],
  ];
}

function scaleRows(s: ScaleFigures): Row[] {
  return [
    [
      'scale',
      `one request of ${s.numbers} numbers: seconds`,
      fixed(s.seconds, 2),
      `${fixed(s.baseline_seconds, 2)} bare, 1 workflow`,
      fixed(s.seconds / s.baseline_seconds, 2),
      '',
    ],
    [
      '',
      'orders / largest history events',
      `${s.orders} / ${s.max_history_events}`,
      `1 / ${s.baseline_history_events}`,
      '',
      '',
    ],
    [
      '',
      'largest history size',
      mb(s.max_history_bytes),
      mb(s.baseline_history_bytes),
      fixed(s.max_history_bytes / s.baseline_history_bytes, 2),
      '',
    ],
    [
      '',
      'largest event (payload; limit 2 MB)',
      mb(s.max_event_bytes),
      mb(s.baseline_max_event_bytes),
      fixed(s.max_event_bytes / s.baseline_max_event_bytes, 2),
      '',
    ],
  ];
}

function memoryRows(m: MemoryFigures, goal: (name: string) => string): Row[] {
  return [
    [
      'memory',
      `worker RSS MB, ${m.waiting_requests} waiting`,
      fixed(m.worker_rss_mb),
      `${fixed(m.baseline_rss_mb)} bare worker`,
      fixed(m.worker_rss_mb / m.baseline_rss_mb, 2),
      goal('memory.worker_rss_mb'),
    ],
    [
      '',
      'worker RSS MB idle / peak',
      `${fixed(m.worker_rss_idle_mb)} / ${fixed(m.worker_rss_peak_mb)}`,
      `${fixed(m.baseline_rss_idle_mb)} / ${fixed(m.baseline_rss_peak_mb)}`,
      '',
      '',
    ],
  ];
}

/** The table printed at the end: each figure beside the baseline it is compared with. */
export function formatTable(r: PartialBenchResult): string {
  const goal = (name: string) => {
    const g = r.goals.find((x) => x.figure.startsWith(name));
    return g ? `goal ${g.goal.replace(' with 1000 waiting', '')}: ${g.met ? 'met' : 'MISSED'}` : '';
  };
  const header: Row = ['part', 'figure', 'hostflow', 'baseline (same run)', 'ratio', 'goal'];
  const rows: Row[] = [
    ...(r.throughput ? throughputRows(r.throughput, goal) : []),
    ...(r.webhook ? webhookRows(r.webhook, goal) : []),
    ...(r.history ? historyRows(r.history, goal) : []),
    ...(r.scale ? scaleRows(r.scale) : []),
    ...(r.memory ? memoryRows(r.memory, goal) : []),
  ];
  const widths = header.map((title, c) => Math.max(title.length, ...rows.map((row) => row[c]!.length)));
  const line = (row: Row) =>
    row
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join('  ')
      .trimEnd();
  return [
    `hostflow benchmark — ${r.mode} run, ${r.when}`,
    r.machine,
    '',
    line(header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map(line),
    ...(r.mode === 'full' ? [] : ['', `(${r.mode} run: smaller counts than the full run; see "sizes" in the JSON)`]),
  ].join('\n');
}
