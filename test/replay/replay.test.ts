import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../helpers/temporal.js';

/**
 * Determinism guard: histories recorded from every path of the hosting workflows must replay
 * against the current workflow code. A change that fails here would break requests already in
 * flight; it must go behind patched() (see the README), then histories are re-recorded with
 * `npm run replay:record`.
 */
const folder = fileURLToPath(new URL('./histories/', import.meta.url));
const files = readdirSync(folder)
  .filter((f) => f.endsWith('.json'))
  .sort();

describe('recorded histories replay against the current workflow code', () => {
  test('there is a history for every path', () => {
    expect(files.map((f) => f.replace(/\.json$/, ''))).toEqual(
      expect.arrayContaining([
        'complete-with-loa',
        'partial-with-loa',
        'failed',
        'nothing-importable',
        'split-orders',
        'split-orders-part',
        'cancelled-before-order',
        'cancelled-and-unhosted',
        'late-loa',
        'polled-continued-as-new',
        'polled-after-continue-as-new',
      ]),
    );
  });

  test.each(files)('%s', async (file) => {
    const history = historyFromJSON(JSON.parse(readFileSync(join(folder, file), 'utf8')));
    const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
    expect(started).toBeTruthy();
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, `replay-${file}`);
  });
});
