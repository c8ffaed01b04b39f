import { bandwidthClientFromConfig } from '../config/bandwidth-client.js';
import { loadConfig } from '../config/index.js';
import { runMain } from '../scripts/run-main.js';
import { startApi } from './server.js';
import { ensureOrderSubscription } from './webhook-subscription.js';

/** `npm run api`: the HTTP API alone. */
runMain('api', async (log) => {
  const config = loadConfig();
  const api = await startApi(config, log);
  log.info({ url: api.url, sandbox: config.sandbox.enabled }, 'hostflow API listening');
  if (config.ensureSubscription)
    try {
      await ensureOrderSubscription({
        bandwidth: bandwidthClientFromConfig(config),
        publicBaseUrl: config.publicBaseUrl,
        credentials: config.webhook,
        logger: log,
      });
    } catch (error) {
      // Requests still work without it (the safety-net poll finds every order's end), only slower.
      log.warn(
        { err: { name: (error as Error).name, message: (error as Error).message } },
        'could not ensure the Bandwidth order subscription',
      );
    }
  const stop = () => void api.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
});
