/**
 * The composition root of a function process: reads config once, builds the
 * logger, the Kubernetes port, the emitter and the metrics registry, and runs
 * the CloudEvents app in the process shell (process-shell.ts: PORT, ready
 * line, drain on SIGTERM/SIGINT).
 */
import { Registry } from 'prom-client';
import { connectKube } from '../k8s/connect.js';
import type { KubePort } from '../k8s/port.js';
import { createLogger } from '../log/create-logger.js';
import { kelosMetrics } from '../metrics/kelos-metrics.js';
import type { Handler, HandlerDeps, Logger } from './contract.js';
import { createEmitter } from './emitter.js';
import { readPort, serveProcess, type RunningProcess } from './process-shell.js';
import { serialResync } from './serial-resync.js';
import { createApp } from './server.js';

export interface StartOptions<Config> {
  /** Function name, for logs: resolve-dependencies, launch-pod, capture-outputs, spawn. */
  name: string;
  handle: Handler<Config>;
  readConfig: (env: NodeJS.ProcessEnv) => Config;
  env?: NodeJS.ProcessEnv;
  /** The `controller` label of kelos_reconcile_errors_total for this function's failures (default `task`). */
  controller?: 'task' | 'taskspawner';
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

export interface RunningFunction extends RunningProcess {
  registry: Registry;
}

export async function startFunction<Config>(options: StartOptions<Config>): Promise<RunningFunction> {
  const env = options.env ?? process.env;
  const port = options.port ?? readPort(env);
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
  const { app, inFlight } = createApp({
    // One resync sweep at a time in this process (serial-resync.ts): memory stays one sweep's.
    handle: serialResync(options.handle),
    deps,
    registry,
    controller: options.controller ?? 'task',
    reconcileErrors: metrics.reconcileErrors,
  });
  const running = await serveProcess({
    name: options.name,
    app,
    inFlight,
    log,
    env,
    port,
    tuning: options,
    readyFields: { sink: env.K_SINK ? 'set' : 'none' },
    release: () => kube.close?.(),
  });
  return { ...running, registry };
}
