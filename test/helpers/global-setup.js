// Plain JavaScript: jest loads global setup with Node's own resolver, so TypeScript comes in through tsx.
import { tsImport } from 'tsx/esm/api';

/**
 * One real Temporal dev server (in memory, headless) for the whole run. Suites reach it through
 * `TEMPORAL_TEST_ADDRESS`; each test uses its own task queue and workflow ids.
 */
export default async function globalSetup() {
  if (process.env.TEMPORAL_TEST_ADDRESS) return; // a server given from outside
  const { startDevServer } = await tsImport('../../scripts/dev-server.ts', import.meta.url);
  const server = await startDevServer({ uiPort: false });
  process.env.TEMPORAL_TEST_ADDRESS = server.address;
  globalThis.__hostflowDevServer = server;
}
