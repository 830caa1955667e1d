/**
 * The one logger factory: winston, JSON lines in production (NODE_ENV=production
 * or LOG_FORMAT=json), one readable line per entry otherwise; every entry is
 * redacted before it is written. Implements the runtime's Logger interface.
 */
import type { Writable } from 'node:stream';
import winston from 'winston';
import type { Logger } from '../runtime/contract.js';
import { redact } from './redact.js';

export interface LoggerOptions {
  /** Function or component name, on every line. */
  name: string;
  env?: NodeJS.ProcessEnv;
  /** Overrides LOG_LEVEL (default info); `silent` writes nothing. */
  level?: string;
  /** Overrides LOG_FORMAT / NODE_ENV. */
  format?: 'json' | 'pretty';
  /** Where lines go (default stdout); tests pass a stream to read them. */
  stream?: Writable;
}

export function logFormat(env: NodeJS.ProcessEnv): 'json' | 'pretty' {
  if (env.LOG_FORMAT === 'json' || env.LOG_FORMAT === 'pretty') return env.LOG_FORMAT;
  return env.NODE_ENV === 'production' ? 'json' : 'pretty';
}

const redactFormat = winston.format((info) => {
  for (const key of Object.keys(info)) {
    if (key === 'level') continue;
    info[key] = redact(info[key]);
  }
  return info;
});

const pretty = winston.format.printf((info) => {
  const { level, message, timestamp, component, ...meta } = info;
  const rest = Object.keys(meta).length > 0 ? ` ${JSON.stringify(meta)}` : '';
  return `${String(timestamp)} ${level.padEnd(5)} [${String(component)}] ${String(message)}${rest}`;
});

export function createLogger(options: LoggerOptions): Logger {
  const env = options.env ?? process.env;
  const level = options.level ?? env.LOG_LEVEL ?? 'info';
  const json = (options.format ?? logFormat(env)) === 'json';
  const transport = options.stream
    ? new winston.transports.Stream({ stream: options.stream })
    : new winston.transports.Console();
  const logger = winston.createLogger({
    level: level === 'silent' ? 'error' : level,
    silent: level === 'silent',
    defaultMeta: { component: options.name },
    format: winston.format.combine(
      redactFormat(),
      winston.format.timestamp(),
      json ? winston.format.json() : pretty,
    ),
    transports: [transport],
  });
  return wrap(logger);
}

// winston runs the whole format (redaction, timestamp, JSON) before its transport drops a line below
// the level: check the level first, so debug lines cost nothing at the default level.
function wrap(logger: winston.Logger): Logger {
  const at = (level: string) => (message: string, meta?: Record<string, unknown>) => {
    if (logger.isLevelEnabled(level)) logger.log(level, message, meta ?? {});
  };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (meta) => wrap(logger.child(meta)),
  };
}
