import { loadConfig } from '../config/index.js';
import { openRecordsFromConfig } from '../config/records.js';
import { checkTemporalConnection } from '../config/temporal-connection-check.js';
import { runMain } from '../scripts/run-main.js';
import { startApi } from './server.js';

/**
 * `npm run api`: the HTTP API alone. It holds no Bandwidth credentials and calls no Bandwidth
 * endpoint: the worker ensures the subscriptions.
 */
runMain('api', async (log) => {
  const config = loadConfig(process.env, { role: 'api' });
  // A refusal (credentials, certificates, namespace) stops startup with one line; a Temporal that
  // is not up yet does not: the API starts, says it is not ready, and connects once it answers.
  const temporal = await checkTemporalConnection(config.temporal.connection);
  if (!temporal.reachable) log.warn({ reason: temporal.message }, 'Temporal not reachable yet');
  const opened = await openRecordsFromConfig(config, { embedded: false, process: 'npm run api', log });
  const api = await startApi(config, log, { records: opened.records });
  log.info(
    { url: api.url, sandbox: config.sandbox.enabled, temporal: config.temporal.connection.description },
    'hostflow API listening',
  );
  const stop = () =>
    void api
      .close()
      .then(() => opened.close())
      .then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
});
