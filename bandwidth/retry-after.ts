import type { IncomingHttpHeaders } from 'node:http';

/**
 * The longest wait a rate-limit answer can impose. A reset far in the future (a clock gone wrong,
 * a unit misread, a hostile proxy) must not become a delay of days: past this, ask again anyway.
 */
export const MAX_RETRY_AFTER_MS = 15 * 60 * 1000;

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

function uncapped(headers: IncomingHttpHeaders, now: number): number | undefined {
  const reset = header(headers, 'x-ratelimit-reset')?.trim();
  if (reset !== undefined && /^\d+(\.\d+)?$/.test(reset)) {
    const value = Number(reset);
    if (value >= 1e12) return Math.max(0, Math.ceil(value - now));
    if (value >= 1e9) return Math.max(0, Math.ceil(value * 1000 - now));
    return Math.ceil(value * 1000);
  }

  const retryAfter = header(headers, 'retry-after')?.trim();
  if (retryAfter === undefined || retryAfter === '') return undefined;
  if (/^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000;
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * How long to wait before calling again after a 429 (or 503). Bandwidth sends
 * `X-RateLimit-Reset` as epoch seconds; `Retry-After` (seconds or an HTTP date) is honoured too
 * in case a proxy in between adds it. Small reset values are read as seconds from now and very
 * large ones as epoch milliseconds, because the header's unit is not published. Never more than
 * `maxMs` (default {@link MAX_RETRY_AFTER_MS}).
 */
export function retryAfterMsFrom(
  headers: IncomingHttpHeaders,
  now: number = Date.now(),
  maxMs: number = MAX_RETRY_AFTER_MS,
): number | undefined {
  const wait = uncapped(headers, now);
  if (wait === undefined) return undefined;
  return Number.isFinite(wait) ? Math.min(wait, maxMs) : maxMs;
}
