/** How much each part does. Full is the figure of record; quick fits in three minutes; smoke is a test. */
export type BenchMode = 'full' | 'quick' | 'smoke';

export interface BenchSizes {
  throughput: {
    /** Measured requests per side and round. */
    requests: number;
    /** Requests in flight at once (closed loop). */
    concurrency: number;
    /** Unmeasured requests per side first, to warm the JIT and the connections. */
    warmup: number;
    /** Rounds, alternating which side goes first (A B, B A, …) so drift hits both alike. */
    rounds: number;
    /** Requests per side one at a time, after the rounds: latency without queueing (round trips, not CPU). */
    unloaded: number;
  };
  webhook: {
    /** Turns per side, alternating (baseline, hostflow, hostflow, baseline, …). */
    turnsPerSide: number;
    /**
     * Notifications per waiting request in each turn: a turn must last long enough (about a second
     * or more) that opening connections and warming up do not weigh in it.
     */
    perRequestPerTurn: number;
    /** Connections (webhook) and callers (raw signal) at once. */
    concurrency: number;
    /**
     * Pause after the priming pass: past the 5 s sticky schedule-to-start timeout, so every
     * primed request's workflow task has moved back to the normal queue before a turn is measured.
     */
    primeSettleMs: number;
    /** Pause between turns, so the server's trailing work of one turn does not land in the next. */
    turnGapMs: number;
  };
  history: {
    /**
     * Runs of the polling design, by number of polls. One run of 120 (every 30 s over a one-hour
     * order) is the figure itself; shorter runs are extrapolated to 120 (each poll adds exactly one
     * timer and one activity). The dev server fires timers about a second apart at best, so 120
     * polls take two minutes whatever the interval.
     */
    pollingDesignRuns: number[];
    /** hostflow's one-hour order is replayed this much faster (5 min polls become 5 min / factor). */
    timeCompression: number;
  };
  scale: {
    numbers: number;
    maxNumbersPerOrder: number;
  };
  memory: {
    /** Requests waiting on Bandwidth while the worker's RSS is read; the webhook's requests are among them. */
    waitingRequests: number;
    /** RSS is sampled every half second over this long once every request waits; the largest sample counts. */
    settleMs: number;
  };
}

export const SIZES: Record<BenchMode, BenchSizes> = {
  full: {
    throughput: { requests: 150, concurrency: 30, warmup: 20, rounds: 4, unloaded: 30 },
    webhook: { turnsPerSide: 3, perRequestPerTurn: 2, concurrency: 50, primeSettleMs: 6000, turnGapMs: 2000 },
    history: { pollingDesignRuns: [120], timeCompression: 240 },
    scale: { numbers: 10_000, maxNumbersPerOrder: 5000 },
    memory: { waitingRequests: 1000, settleMs: 3000 },
  },
  quick: {
    throughput: { requests: 50, concurrency: 30, warmup: 10, rounds: 2, unloaded: 10 },
    webhook: { turnsPerSide: 2, perRequestPerTurn: 4, concurrency: 30, primeSettleMs: 6000, turnGapMs: 1500 },
    history: { pollingDesignRuns: [2, 6], timeCompression: 480 },
    scale: { numbers: 10_000, maxNumbersPerOrder: 5000 },
    memory: { waitingRequests: 250, settleMs: 3000 },
  },
  smoke: {
    throughput: { requests: 4, concurrency: 2, warmup: 1, rounds: 1, unloaded: 2 },
    webhook: { turnsPerSide: 1, perRequestPerTurn: 1, concurrency: 2, primeSettleMs: 0, turnGapMs: 0 },
    history: { pollingDesignRuns: [1, 2], timeCompression: 1200 },
    scale: { numbers: 20, maxNumbersPerOrder: 10 },
    memory: { waitingRequests: 4, settleMs: 500 },
  },
};
