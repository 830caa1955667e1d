/** A Logger that keeps every line (children included), so tests can count what was logged. */
import type { Logger } from '../../functions/core/runtime/contract.js';

export interface LoggedLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  meta: Record<string, unknown>;
}

export interface CaptureLogger extends Logger {
  lines: LoggedLine[];
  /** Lines at warn or error level. */
  loud(): LoggedLine[];
}

export function captureLogger(): CaptureLogger {
  const lines: LoggedLine[] = [];
  const make = (bound: Record<string, unknown>): Logger => {
    const at =
      (level: LoggedLine['level']) =>
      (message: string, meta: Record<string, unknown> = {}) =>
        void lines.push({ level, message, meta: { ...bound, ...meta } });
    return {
      debug: at('debug'),
      info: at('info'),
      warn: at('warn'),
      error: at('error'),
      child: (meta) => make({ ...bound, ...meta }),
    };
  };
  return Object.assign(make({}), {
    lines,
    loud: () => lines.filter((l) => l.level === 'warn' || l.level === 'error'),
  });
}
