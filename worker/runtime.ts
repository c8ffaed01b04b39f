import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import type { Logger } from '../logging/logger.js';

/**
 * Installs the Temporal runtime once per process: its logs go through hostflow's structured
 * logger (warnings and errors, everything at LOG_LEVEL=debug), and the SDK's worker metrics are
 * served in Prometheus format on `metricsBindAddress` when one is given (the API's /metrics
 * includes them).
 */
export function installRuntime(logger: Logger, options: { metricsBindAddress?: string } = {}): void {
  const level: LogLevel = logger.isLevelEnabled('debug') ? 'DEBUG' : 'WARN';
  Runtime.install({
    logger: new DefaultLogger(level, (entry) => {
      const meta = { sdk: true, ...(entry.meta ?? {}) };
      if (entry.level === 'ERROR') logger.error(meta, entry.message);
      else if (entry.level === 'WARN') logger.warn(meta, entry.message);
      else logger.debug(meta, entry.message);
    }),
    telemetryOptions: options.metricsBindAddress ? { metrics: { prometheus: { bindAddress: options.metricsBindAddress } } } : undefined,
  });
}
