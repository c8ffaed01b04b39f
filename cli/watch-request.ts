import type { HostflowClient, HostingRequestView } from '../client/index.js';
import { CliError, EXIT } from './errors.js';
import { printJson, type CliIo } from './io.js';
import { progressBlock, progressKey, progressLine } from './render/progress.js';

/** tty: redraw in place; lines: one line per change; ndjson: one JSON view per change; quiet: nothing. */
export type WatchMode = 'tty' | 'lines' | 'ndjson' | 'quiet';

export function watchModeFor(io: CliIo, json: boolean | undefined): WatchMode {
  if (json) return 'ndjson';
  return io.isTTY ? 'tty' : 'lines';
}

/** Follows a request until its status is one of the ends, showing its progress; returns the final view. */
export async function watchRequest(
  client: HostflowClient,
  id: string,
  io: CliIo,
  options: { mode: WatchMode; intervalMs: number },
): Promise<HostingRequestView> {
  const { mode } = options;
  let lastKey: string | undefined;
  let latest: HostingRequestView | undefined;
  let drawn = 0;
  const redraw = () => {
    if (!latest) return;
    const block = progressBlock(latest, io.columns);
    // Back to the first line of the previous block and clear to the end of the screen.
    io.write(`${drawn > 0 ? `\x1b[${drawn}F\x1b[J` : ''}${block.join('\n')}\n`);
    drawn = block.length;
  };
  // The elapsed time moves on even when nothing else does.
  const ticker = mode === 'tty' ? setInterval(redraw, 1_000) : undefined;
  try {
    return await client.waitUntilDone(id, {
      pollIntervalMs: options.intervalMs,
      onProgress: (view) => {
        latest = view;
        if (mode === 'tty') return redraw();
        if (mode === 'ndjson') return printJson(io, view, true);
        if (mode === 'lines') {
          const key = progressKey(view);
          if (key === lastKey) return;
          lastKey = key;
          io.out(progressLine(view));
        }
      },
    });
  } finally {
    if (ticker) clearInterval(ticker);
    if (mode === 'tty') redraw();
  }
}

/** Exit code of a request's end: it ran to its end (0), FAILED (1) or was CANCELLED (3). */
export function exitCodeForEnd(view: HostingRequestView): number {
  if (view.status === 'FAILED') return EXIT.FAILURE;
  if (view.status === 'CANCELLED') return EXIT.CANCELLED;
  return EXIT.OK;
}

/** The failure line of an end that is not a success, or undefined. */
export function endFailure(view: HostingRequestView): CliError | undefined {
  const code = exitCodeForEnd(view);
  if (code === EXIT.OK) return undefined;
  if (view.status === 'CANCELLED')
    return new CliError(`request ${view.id} was cancelled`, { exitCode: code, code: 'HOSTFLOW_REQUEST_CANCELLED' });
  const reason = view.numbers.find((n) => n.errorDescription)?.errorDescription;
  return new CliError(`request ${view.id} ended FAILED${reason ? `: ${reason}` : ''}`, {
    exitCode: code,
    code: 'HOSTFLOW_REQUEST_FAILED',
  });
}

/** The worst of several ends: any FAILED, else any CANCELLED, else success. */
export function worstFailure(views: HostingRequestView[]): CliError | undefined {
  const failures = views.map(endFailure).filter((f): f is CliError => f !== undefined);
  if (failures.length <= 1) return failures[0];
  const failed = failures.filter((f) => f.exitCode === EXIT.FAILURE);
  const first = failed[0] ?? failures[0]!;
  return new CliError(`${first.message} (and ${failures.length - 1} more not successful)`, {
    exitCode: first.exitCode,
    code: first.code,
  });
}
