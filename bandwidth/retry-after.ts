import type { IncomingHttpHeaders } from 'node:http';

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * How long to wait before calling again after a 429 (or 503). Bandwidth sends
 * `X-RateLimit-Reset` as epoch seconds; `Retry-After` (seconds or an HTTP date) is honoured too
 * in case a proxy in between adds it. Small reset values are read as seconds from now and very
 * large ones as epoch milliseconds, because the header's unit is not published.
 */
export function retryAfterMsFrom(headers: IncomingHttpHeaders, now: number = Date.now()): number | undefined {
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
