/** Parses durations as written in configuration: `500ms`, `30s`, `5m`, `1h`, `2d`. */
const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDuration(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/.exec(text);
  if (!match) return undefined;
  const value = Number(match[1]) * UNITS[match[2]!]!;
  return value > 0 && Number.isFinite(value) ? Math.round(value) : undefined;
}
