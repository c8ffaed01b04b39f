import { ensureSchemathesis, SchemathesisUnavailableError } from './schemathesis-tool.js';

/** Installs the pinned schemathesis into .tools/schemathesis when missing and prints its path (CI runs this before the tests). */
try {
  process.stdout.write(`${ensureSchemathesis((line) => process.stderr.write(`${line}\n`))}\n`);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(error instanceof SchemathesisUnavailableError ? 3 : 2);
}
