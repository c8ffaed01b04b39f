import type { Config } from '../config/index.js';
import { tuningFromConfig, type HostflowWorkerOptions } from '../worker/create-worker.js';

type Tuning = NonNullable<HostflowWorkerOptions['tuning']>;

/**
 * The worker settings both hostflow's and the baseline's workers run with: exactly what
 * worker/main.ts derives from the configuration (with the bench's environment, the SDK defaults).
 * A tuning experiment changes it here, for both sides at once.
 */
export function workerTuning(config: Pick<Config, 'bandwidthMaxRequestsPerSecond' | 'maxCachedWorkflows'>): Tuning {
  return tuningFromConfig(config) ?? {};
}
