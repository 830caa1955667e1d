/**
 * The process shell every function runs in (the CloudEvents functions through
 * startFunction, github-source directly): listen on PORT, log one line when
 * ready, and on SIGTERM/SIGINT stop accepting, drain in-flight requests
 * (below Knative's 30 s grace), release what the function holds, and exit.
 * What differs between functions is passed in (the app, its in-flight count,
 * what to release), never decided here by name.
 */
import type { RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { envReader } from '../config/read-env.js';
import type { Logger } from './contract.js';
import { drain, listen } from './http-server.js';

/** What a caller (a test, an embedding) may tune; every function's start options include these. */
export interface ShellTuning {
  /** Listen address; default 0.0.0.0 (tests pass 127.0.0.1). */
  host?: string;
  /** Install SIGTERM/SIGINT handlers that drain and exit (default true). */
  handleSignals?: boolean;
  /** How long shutdown waits for in-flight requests (default 20 s, below Knative's 30 s grace). */
  drainTimeoutMs?: number;
}

export interface ShellOptions {
  /** For logs: the function's name. */
  name: string;
  app: RequestListener;
  /** Requests being handled now; shutdown waits for them. */
  inFlight: () => number;
  log: Logger;
  env?: NodeJS.ProcessEnv;
  /** Overrides PORT (default 8080; 0 = ephemeral). */
  port?: number;
  tuning?: ShellTuning;
  /** Extra fields of the ready line. */
  readyFields?: Record<string, unknown>;
  /** Runs once after draining (close clients). */
  release?: () => void;
}

export interface RunningProcess {
  port: number;
  /** http://host:port */
  url: string;
  /** Stops accepting, waits for in-flight requests, closes connections, releases. Idempotent. */
  close(): Promise<void>;
}

/** PORT from the environment, validated (0–65535, default 8080). */
export function readPort(env: NodeJS.ProcessEnv): number {
  const r = envReader(env);
  const port = r.integer('PORT', 8080, { min: 0, max: 65535 });
  r.done(undefined);
  return port;
}

export async function serveProcess(options: ShellOptions): Promise<RunningProcess> {
  const { log, inFlight } = options;
  const tuning = options.tuning ?? {};
  const host = tuning.host ?? '0.0.0.0';
  const server = await listen(options.app, options.port ?? readPort(options.env ?? process.env), host);
  const port = (server.address() as AddressInfo).port;
  log.info(`${options.name} ready`, {
    port,
    startupMs: Math.round(performance.now()),
    ...options.readyFields,
  });

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= drain(server, inFlight, tuning.drainTimeoutMs ?? 20_000).then(() => {
      options.release?.();
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
    });
    return closing;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    log.info(`${options.name} stopping`, { signal, inFlight: inFlight() });
    close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error('shutdown failed', { err });
        process.exit(1);
      },
    );
  };
  if (tuning.handleSignals ?? true) {
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return { port, url: `http://${shownHost}:${port}`, close };
}
