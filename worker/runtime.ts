import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import type { Logger } from '../logging/logger.js';

/** The SDK's own components; their info lines (state changes, bundling) are debug detail for hostflow. */
const SDK_INTERNALS = new Set(['worker', 'core', undefined]);

/**
 * Installs the Temporal runtime once per process: its logs go through hostflow's structured
 * logger — hostflow's own activity and workflow lines at their level, the SDK's internal chatter
 * at debug — and the SDK's worker metrics are served in Prometheus format on `metricsBindAddress`
 * when one is given (the API's /metrics includes them).
 */
export function installRuntime(logger: Logger, options: { metricsBindAddress?: string } = {}): void {
  const level: LogLevel = logger.isLevelEnabled('debug') ? 'DEBUG' : logger.isLevelEnabled('info') ? 'INFO' : 'WARN';
  Runtime.install({
    logger: new DefaultLogger(level, (entry) => {
      const meta = { ...(entry.meta ?? {}) } as Record<string, unknown>;
      if (entry.level === 'ERROR') logger.error(meta, entry.message);
      else if (entry.level === 'WARN') logger.warn(meta, entry.message);
      else if (entry.level === 'INFO' && !SDK_INTERNALS.has(meta.sdkComponent as string | undefined))
        logger.info(meta, entry.message);
      else logger.debug(meta, entry.message);
    }),
    telemetryOptions: options.metricsBindAddress
      ? { metrics: { prometheus: { bindAddress: options.metricsBindAddress } } }
      : undefined,
  });
}
