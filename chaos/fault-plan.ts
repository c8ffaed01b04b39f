import { FAULT_ENDPOINTS, type FaultConfigInput, type FaultEndpoint } from '../sandbox/index.js';

export interface FaultPlanOptions {
  seed: number;
  /** How long a hung call is held before the sandbox cuts it off. */
  hangMs: number;
}

/** Error statuses by endpoint: mostly 500, some 502/503, as a struggling API gateway answers. */
const ERROR_STATUS: Partial<Record<FaultEndpoint, number>> = { getOrder: 503, listLoas: 502, listOrders: 503 };

/**
 * The sandbox faults of a chaos run, all at once, on every endpoint:
 * - 20% of calls answered 5xx with nothing done;
 * - 5% of calls held with no answer for `hangMs`, then cut off;
 * - 429 bursts with `X-RateLimit-Reset` on the check, create and read endpoints;
 * - 10% of creates answered 502 after the order was made (the answer lost, the order real);
 * - notifications: 30% dropped, 10% sent twice, 10% followed by a stale PROCESSING one, 10% sent
 *   before the create call returns;
 * - 10% of orders taking 5 s longer to end.
 */
export function chaosFaultPlan({ seed, hangMs }: FaultPlanOptions): FaultConfigInput {
  const endpoints = Object.fromEntries(
    FAULT_ENDPOINTS.map((endpoint) => [
      endpoint,
      { errorRate: 0.2, status: ERROR_STATUS[endpoint] ?? 500, hangRate: 0.05, hangMs },
    ]),
  ) as FaultConfigInput['endpoints'];
  return {
    seed,
    endpoints,
    rateLimit: [
      { endpoint: 'importTnChecker', burst: 8, resetAfterMs: 2_000 },
      { endpoint: 'createOrder', burst: 6, resetAfterMs: 2_000 },
      { endpoint: 'getOrder', burst: 15, resetAfterMs: 2_000 },
      { endpoint: 'uploadLoa', burst: 6, resetAfterMs: 3_000 },
    ],
    createOrderErrorAfterCommit: { rate: 0.1, status: 502 },
    notifications: { dropRate: 0.3, duplicateRate: 0.1, reorderRate: 0.1, earlyRate: 0.1 },
    orderProcessing: { slowRate: 0.1, slowMs: 5_000 },
  };
}
