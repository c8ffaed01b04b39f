/** `4s`, `2m 05s`, `1h 02m`, `3d 4h`: an elapsed time a person reads at a glance. */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** Time since the request was accepted; once it has ended, the time it took. */
export function requestElapsedMs(
  view: { createdAt: string; updatedAt: string },
  ended: boolean,
  now = Date.now(),
): number {
  const start = Date.parse(view.createdAt);
  const end = ended ? Date.parse(view.updatedAt) : now;
  return Number.isFinite(start) && Number.isFinite(end) ? Math.max(0, end - start) : 0;
}
