import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FuzzSummary } from '../../fuzz/findings.js';
import { ensureSchemathesis, SchemathesisUnavailableError } from '../../fuzz/schemathesis-tool.js';
import { temporalAddress } from '../helpers/temporal.js';

/*
 * `npm run test:fuzz -- --quick` inside `npm test`: the real runner, as a child process, against
 * the suite's dev server. Skipped only when pip cannot install schemathesis on this machine.
 */

const projectRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

function availability(): { ok: true } | { ok: false; why: string } {
  try {
    ensureSchemathesis(() => undefined);
    return { ok: true };
  } catch (error) {
    if (error instanceof SchemathesisUnavailableError) return { ok: false, why: error.message };
    throw error;
  }
}

const tool = availability();
if (!tool.ok) process.stderr.write(`schema fuzzing skipped: schemathesis could not be installed (${tool.why})\n`);
const testIfInstalled = tool.ok ? test : test.skip;

describe('schema-driven fuzzing of /openapi.json (quick)', () => {
  testIfInstalled(
    tool.ok
      ? 'finds no 5xx and no response that breaks the document'
      : `SKIPPED — schemathesis could not be installed: ${tool.ok ? '' : tool.why}`,
    async () => {
      const work = await mkdtemp(join(tmpdir(), 'hostflow-fuzz-quick-'));
      const output = join(work, 'quick.json');
      try {
        const child = spawn(
          process.execPath,
          [
            '--import',
            'tsx',
            'fuzz/run.ts',
            '--quick',
            '--quiet',
            '--temporal-address',
            temporalAddress(),
            '--output',
            output,
          ],
          {
            cwd: projectRoot,
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        );
        let printed = '';
        child.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (printed += chunk.toString()));
        const exitCode = await new Promise<number>((done) => child.once('close', (code) => done(code ?? 1)));

        const summary = JSON.parse(await readFile(output, 'utf8').catch(() => 'null')) as FuzzSummary | null;
        if (exitCode !== 0 || !summary?.passed) {
          const transcript = await readFile(output.replace(/\.json$/, '.txt'), 'utf8').catch(() => '');
          // The failures section names each failing case with its status, body and a curl line.
          const failures = transcript.slice(
            Math.max(0, transcript.indexOf('= FAILURES =')),
            transcript.indexOf('= SUMMARY ='),
          );
          throw new Error(
            `fuzz run exited ${exitCode}:\n${printed.slice(-3000)}\n--- schemathesis failures ---\n${failures.slice(0, 20_000)}`,
          );
        }
        expect(summary.serverErrors).toBe(0);
        expect(summary.gatingFailures).toBe(0);
        expect(summary.stackErrorLogs).toBe(0);
        expect(summary.operations.tested).toBe(summary.operations.total);
        expect(summary.examples).toBeGreaterThan(50);
      } finally {
        await rm(work, { recursive: true, force: true });
      }
    },
    180_000,
  );
});
