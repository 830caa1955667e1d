/**
 * `spec.pollInterval` (KELOS-BEHAVIOUR §3.3): "" → 5m; a Go duration
 * (`30s`, `1m`, `1h30m`, `1.5h`, `500ms`); else a bare integer of seconds; else 5m.
 */
export const DEFAULT_POLL_INTERVAL_MS = 5 * 60 * 1000;

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

export function parseGoDuration(text: string): number | undefined {
  const match = /^([+-]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+$/.exec(text);
  if (!match) return text === '0' ? 0 : undefined;
  let total = 0;
  for (const part of text.replace(/^[+-]/, '').matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)) {
    total += Number(part[1]) * (UNIT_MS[part[2] ?? ''] ?? 0);
  }
  return match[1] === '-' ? -total : total;
}

export function parsePollInterval(value: string | undefined): number {
  if (!value) return DEFAULT_POLL_INTERVAL_MS;
  const duration = parseGoDuration(value);
  if (duration !== undefined) return duration;
  if (/^[+-]?\d+$/.test(value)) return Number(value) * 1000;
  return DEFAULT_POLL_INTERVAL_MS;
}
