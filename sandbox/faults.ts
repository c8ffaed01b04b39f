import { parseFaultConfig, type FaultConfig, type FaultConfigInput, type FaultEndpoint } from './fault-config.js';
import { seededStream, type Random } from './prng.js';
import type { XmlEncoding } from './xml-encoding.js';

/** How many faults of each kind were injected since the configuration was last set. */
export interface InjectedCounts {
  http5xx: number;
  http4xx: number;
  hang: number;
  delayed: number;
  rateLimited: number;
  errorAfterCommit: number;
  dropped: number;
  duplicated: number;
  reordered: number;
  early: number;
  slowed: number;
  /** Calls answered 401 by the `auth` faults. */
  unauthorized: number;
  /** Note-only notifications sent by `notifications.noteRate`. */
  notes: number;
  /** PROCESSING notifications sent by `notifications.processingRate`. */
  processing: number;
}

/** `GET /_sandbox/faults`: the active configuration (defaults filled in, seed shown) and the counts. */
export type FaultsView = Partial<FaultConfig> & { injected: InjectedCounts };

export type EndpointDecision =
  | { kind: 'pass'; latencyMs: number }
  | { kind: 'error'; latencyMs: number; status: number }
  | { kind: 'hang'; latencyMs: number; hangMs: number };

export type RateLimitDecision = { limited: false } | { limited: true; resetAtMs: number };

const zeroCounts = (): InjectedCounts => ({
  http5xx: 0,
  http4xx: 0,
  hang: 0,
  delayed: 0,
  rateLimited: 0,
  errorAfterCommit: 0,
  dropped: 0,
  duplicated: 0,
  reordered: 0,
  early: 0,
  slowed: 0,
  unauthorized: 0,
  notes: 0,
  processing: 0,
});

/**
 * Decides which faults to inject. Every decision draws from a seeded stream of its own kind, so a
 * run with the same seed and the same calls injects the same faults.
 */
export class FaultInjector {
  private config: FaultConfig | undefined;
  private seed = 0;
  private streams = new Map<string, Random>();
  private windows = new Map<FaultEndpoint, { startedAtMs: number; count: number }>();
  private counts = zeroCounts();
  private configuredAtMs = 0;

  constructor(private readonly nowMs: () => number = () => Date.now()) {}

  /** Replaces the configuration and starts the counts afresh. Throws FaultConfigError when invalid. */
  configure(input: FaultConfigInput | unknown): FaultsView {
    const config = parseFaultConfig(input);
    this.seed = config.seed ?? Math.floor(Math.random() * 2 ** 31);
    this.config = { ...config, seed: this.seed };
    this.configuredAtMs = this.nowMs();
    this.streams = new Map();
    this.windows = new Map();
    this.counts = zeroCounts();
    return this.view();
  }

  /** Stops injecting; the counts stay readable until the next configuration or reset. */
  clear(): void {
    this.config = undefined;
    this.windows = new Map();
  }

  reset(): void {
    this.clear();
    this.counts = zeroCounts();
  }

  view(): FaultsView {
    return { ...(this.config ?? {}), injected: { ...this.counts } };
  }

  private chance(label: string, probability: number | undefined): boolean {
    if (!probability) return false;
    let stream = this.streams.get(label);
    if (!stream) {
      stream = seededStream(this.seed, label);
      this.streams.set(label, stream);
    }
    return stream() < probability;
  }

  rateLimit(endpoint: FaultEndpoint, nowMs: number): RateLimitDecision {
    const limits = this.config?.rateLimit;
    const limit = (Array.isArray(limits) ? limits : limits ? [limits] : []).find(
      (entry) => entry.endpoint === endpoint,
    );
    if (!limit) return { limited: false };
    let window = this.windows.get(endpoint);
    if (!window || nowMs >= window.startedAtMs + limit.resetAfterMs) {
      window = { startedAtMs: nowMs, count: 0 };
      this.windows.set(endpoint, window);
    }
    window.count += 1;
    if (window.count <= limit.burst) return { limited: false };
    this.counts.rateLimited += 1;
    return { limited: true, resetAtMs: window.startedAtMs + limit.resetAfterMs };
  }

  /** Whether a fault limited to a stretch (`forMs`) is still on. */
  private within(forMs: number | undefined): boolean {
    return forMs === undefined || this.nowMs() < this.configuredAtMs + forMs;
  }

  endpoint(endpoint: FaultEndpoint): EndpointDecision {
    const fault = this.config?.endpoints?.[endpoint];
    if (!fault || !this.within(fault.forMs)) return { kind: 'pass', latencyMs: 0 };
    const latencyMs = fault.latencyMs;
    if (latencyMs > 0) this.counts.delayed += 1;
    if (this.chance(`${endpoint}.hang`, fault.hangRate)) {
      this.counts.hang += 1;
      return { kind: 'hang', latencyMs, hangMs: fault.hangMs };
    }
    if (this.chance(`${endpoint}.error`, fault.errorRate)) {
      if (fault.status >= 500) this.counts.http5xx += 1;
      else this.counts.http4xx += 1;
      return { kind: 'error', latencyMs, status: fault.status };
    }
    return { kind: 'pass', latencyMs };
  }

  /** The status to answer after the order was created, or undefined for a normal 201. */
  errorAfterCommit(): number | undefined {
    const fault = this.config?.createOrderErrorAfterCommit;
    if (!fault || !this.chance('createOrderErrorAfterCommit', fault.rate)) return undefined;
    this.counts.errorAfterCommit += 1;
    return fault.status;
  }

  early(): boolean {
    const hit = this.chance('notifications.early', this.config?.notifications?.earlyRate);
    if (hit) this.counts.early += 1;
    return hit;
  }

  /** Shapes one terminal notification to one subscription. */
  notification(): { drop: boolean; duplicate: boolean; reorder: boolean } {
    const rates = this.config?.notifications;
    const drop = this.chance('notifications.drop', rates?.dropRate);
    if (drop) {
      this.counts.dropped += 1;
      return { drop, duplicate: false, reorder: false };
    }
    const duplicate = this.chance('notifications.duplicate', rates?.duplicateRate);
    const reorder = this.chance('notifications.reorder', rates?.reorderRate);
    if (duplicate) this.counts.duplicated += 1;
    if (reorder) this.counts.reordered += 1;
    return { drop, duplicate, reorder };
  }

  /** True while `auth.unauthorizedForMs` makes every API call and token request a 401. */
  unauthorizedNow(): boolean {
    const forMs = this.config?.auth?.unauthorizedForMs;
    const hit = forMs !== undefined && this.within(forMs);
    if (hit) this.counts.unauthorized += 1;
    return hit;
  }

  /** True when Basic-authenticated API calls are refused (legacy API users removed). */
  refusesBasic(): boolean {
    const hit = this.config?.auth?.refuseBasic === true;
    if (hit) this.counts.unauthorized += 1;
    return hit;
  }

  xmlEncoding(): XmlEncoding | undefined {
    return this.config?.xml?.encoding;
  }

  importDisabled(): boolean {
    return this.config?.account?.importDisabled === true;
  }

  /** Whether an order starting to process gets a note-only notification. */
  noteNotification(): boolean {
    const hit = this.chance('notifications.note', this.config?.notifications?.noteRate);
    if (hit) this.counts.notes += 1;
    return hit;
  }

  /** Whether an order starting to process notifies PROCESSING. */
  processingNotification(): boolean {
    const hit = this.chance('notifications.processing', this.config?.notifications?.processingRate);
    if (hit) this.counts.processing += 1;
    return hit;
  }

  messagingLostList(): 'ImpactedTelephoneNumbers' | 'CompletedTelephoneNumbers' {
    return this.config?.notifications?.messagingLostList ?? 'ImpactedTelephoneNumbers';
  }

  /** The step delay to use while faults say so, else undefined. */
  stepDelayMs(): number | undefined {
    return this.config?.orderProcessing?.stepDelayMs;
  }

  /** Extra delay for the last processing step of a new order. */
  slowProcessingMs(): number {
    const processing = this.config?.orderProcessing;
    if (!processing || processing.slowMs === 0 || !this.chance('orderProcessing.slow', processing.slowRate)) return 0;
    this.counts.slowed += 1;
    return processing.slowMs;
  }
}
