/**
 * Helpers for a function's `readConfig(env = process.env)`: read each variable
 * with its default, collect every missing or invalid one, and throw once with
 * all of them named (so a misconfigured Service shows every problem at once).
 */

export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
    this.problems = problems;
  }
}

export interface EnvReader {
  /** A required variable; missing or empty is recorded as a problem (returns ""). */
  required(name: string): string;
  optional(name: string, fallback: string): string;
  /** An optional variable with no default. */
  maybe(name: string): string | undefined;
  /** An optional variable with no default that must be one of `allowed` when set. */
  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined;
  integer(name: string, fallback: number, range?: { min?: number; max?: number }): number;
  boolean(name: string, fallback: boolean): boolean;
  /** A duration such as `30s`, `5m`, `1h`, `250ms` or plain seconds; returned in milliseconds. */
  durationMs(name: string, fallback: number, range?: { minMs?: number }): number;
  /** Throws ConfigError naming every problem recorded so far; returns the value otherwise. */
  done<T>(value: T): T;
}

export function envReader(env: NodeJS.ProcessEnv = process.env): EnvReader {
  const problems: string[] = [];
  const raw = (name: string) => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  return {
    required(name) {
      const v = raw(name);
      if (v === undefined) problems.push(`${name} is required`);
      return v ?? '';
    },
    optional: (name, fallback) => raw(name) ?? fallback,
    maybe: (name) => raw(name),
    oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
      const v = raw(name);
      if (v === undefined || (allowed as readonly string[]).includes(v)) return v as T | undefined;
      problems.push(`${name} must be one of ${allowed.join(', ')} (got ${JSON.stringify(v)})`);
      return undefined;
    },
    integer(name, fallback, range = {}) {
      const v = raw(name);
      if (v === undefined) return fallback;
      const n = Number(v);
      const ok =
        Number.isInteger(n) &&
        (range.min === undefined || n >= range.min) &&
        (range.max === undefined || n <= range.max);
      if (!ok) {
        const bounds = [
          range.min !== undefined && `>= ${range.min}`,
          range.max !== undefined && `<= ${range.max}`,
        ].filter(Boolean);
        problems.push(
          `${name} must be an integer${bounds.length ? ` ${bounds.join(' and ')}` : ''} (got ${JSON.stringify(v)})`,
        );
        return fallback;
      }
      return n;
    },
    boolean(name, fallback) {
      const v = raw(name)?.toLowerCase();
      if (v === undefined) return fallback;
      if (['1', 'true', 'yes', 'on'].includes(v)) return true;
      if (['0', 'false', 'no', 'off'].includes(v)) return false;
      problems.push(`${name} must be true or false (got ${JSON.stringify(v)})`);
      return fallback;
    },
    durationMs(name, fallback, range = {}) {
      const v = raw(name);
      if (v === undefined) return fallback;
      const ms = parseDurationMs(v);
      if (ms === undefined) {
        problems.push(`${name} must be a duration like 30s, 5m, 1h or 250ms (got ${JSON.stringify(v)})`);
        return fallback;
      }
      if (range.minMs !== undefined && ms < range.minMs) {
        problems.push(`${name} must be at least ${range.minMs} ms (got ${JSON.stringify(v)})`);
        return fallback;
      }
      return ms;
    },
    done(value) {
      if (problems.length > 0) throw new ConfigError(problems);
      return value;
    },
  };
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export function parseDurationMs(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) return undefined;
  return Math.round(Number(m[1]) * UNITS[m[2] ?? 's']!);
}
