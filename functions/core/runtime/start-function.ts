/**
 * The composition root of a function process: reads config once, builds the
 * logger, the Kubernetes port, the emitter and the metrics registry, serves
 * HTTP on PORT, logs one line when ready, and drains on SIGTERM/SIGINT.
 */
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { envReader } from '../config/read-env.js';
import { connectKube } from '../k8s/connect.js';
import type { KubePort } from '../k8s/port.js';
import { createLogger } from '../log/create-logger.js';
import { kelosMetrics } from '../metrics/kelos-metrics.js';
import type { Handler, HandlerDeps, Logger } from './contract.js';
import { createEmitter } from './emitter.js';
import { drain, listen } from './http-server.js';
import { createApp } from './server.js';

export interface StartOptions<Config> {
  /** Function name: resolve-dependencies, launch-pod, capture-outputs, spawn, github-source. */
  name: string;
  handle: Handler<Config>;
  readConfig: (env: NodeJS.ProcessEnv) => Config;
  env?: NodeJS.ProcessEnv;
  /** Overrides, for tests and embedding; built from `env` when absent. */
  kube?: KubePort & { close?: () => void };
  log?: Logger;
  now?: () => Date;
  /** Listen address; default 0.0.0.0 (tests pass 127.0.0.1). */
  host?: string;
  /** Overrides PORT (0 = ephemeral). */
  port?: number;
  /** Install SIGTERM/SIGINT handlers that drain and exit (default true). */
  handleSignals?: boolean;
  /** How long shutdown waits for in-flight events (default 20 s, below Knative's 30 s grace). */
  drainTimeoutMs?: number;
}

export interface RunningFunction {
  port: number;
  /** http://host:port */
  url: string;
  registry: Registry;
  /** Stops accepting, waits for in-flight events, closes connections. Idempotent. */
  close(): Promise<void>;
}

export async function startFunction<Config>(options: StartOptions<Config>): Promise<RunningFunction> {
  const env = options.env ?? process.env;
  const runtimeEnv = envReader(env);
  const port = options.port ?? runtimeEnv.integer('PORT', 8080, { min: 0, max: 65535 });
  runtimeEnv.done(undefined);
  const config = options.readConfig(env);
  const log = options.log ?? createLogger({ name: options.name, env });
  const kube = options.kube ?? (await connectKube(env));
  const registry = new Registry();
  const metrics = kelosMetrics(registry);
  const deps: HandlerDeps<Config> = {
    kube,
    log,
    now: options.now ?? (() => new Date()),
    config,
    emit: createEmitter({ sink: env.K_SINK, log }),
    metrics,
  };
  const controller = options.name === 'spawn' || options.name === 'github-source' ? 'taskspawner' : 'task';
  const { app, inFlight } = createApp({
    handle: options.handle,
    deps,
    registry,
    controller,
    reconcileErrors: metrics.reconcileErrors,
  });

  const host = options.host ?? '0.0.0.0';
  const server = await listen(app, port, host);
  const boundPort = (server.address() as AddressInfo).port;
  log.info(`${options.name} ready`, {
    port: boundPort,
    startupMs: Math.round(performance.now()),
    sink: env.K_SINK ? 'set' : 'none',
  });

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= drain(server, inFlight, options.drainTimeoutMs ?? 20_000).then(() => {
      kube.close?.();
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
  if (options.handleSignals ?? true) {
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return { port: boundPort, url: `http://${shownHost}:${boundPort}`, registry, close };
}
