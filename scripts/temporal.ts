import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config/index.js';
import { searchAttributeRegistrations } from '../workflows/search-attributes.js';
import { startDevServer } from './dev-server.js';
import { runMain } from './run-main.js';

const formatDays = (ms: number) => (ms % 86_400_000 === 0 ? `${ms / 86_400_000}d` : `${Math.round(ms / 3_600_000)}h`);

/** `npm run temporal`: the Temporal dev server alone, with the Web UI and hostflow's search attributes. */
runMain('temporal', async (log) => {
  const config = loadConfig();
  const [ip, port] = config.temporal.address.replace(/^localhost:/, '127.0.0.1:').split(':');
  const server = await startDevServer({
    ip,
    port: Number(port),
    uiPort: config.temporal.uiPort,
    dbFilename: join(config.dataDir, 'temporal.db'),
    namespace: config.temporal.namespace,
    retentionMs: config.temporal.retentionMs,
    output: createWriteStream(join(config.dataDir, 'temporal.log'), { flags: 'a' }),
  });
  process.stdout.write(
    `Temporal dev server at ${server.address} (Web UI ${server.uiUrl}), state in ${join(config.dataDir, 'temporal.db')}\n` +
      `Namespace ${config.temporal.namespace}, history retention ${formatDays(config.temporal.retentionMs)}\n` +
      `Search attributes: ${searchAttributeRegistrations.map((a) => `${a.name} (${a.type})`).join(', ')}\nCtrl-C stops it.\n`,
  );
  const stop = () => void server.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  server.process.once('exit', (code) => {
    log.error({ code }, 'Temporal dev server exited');
    process.exit(1);
  });
});
