/**
 * Starts a function's real HTTP server in-process on 127.0.0.1:0, the way its
 * container runs it (startFunction), but with the handler and readConfig
 * imported by name so tests need no build. Logs are silent unless LOG_LEVEL (in
 * the given env) or TEST_LOG_LEVEL says otherwise. KELOS_SWEEP_MIN_AGE is 0
 * unless the env sets it.
 */
import type { Handler, Logger } from '../../functions/core/runtime/contract.js';
import type { KubePort } from '../../functions/core/k8s/port.js';
import { createLogger } from '../../functions/core/log/create-logger.js';
import { startFunction, type RunningFunction } from '../../functions/core/runtime/start-function.js';

export interface FunctionServer {
  url: string;
  port: number;
  running: RunningFunction;
  stop(): Promise<void>;
}

export interface HandlerServerOptions<Config> {
  name?: string;
  handle: Handler<Config>;
  readConfig?: (env: NodeJS.ProcessEnv) => Config;
  /** The function's environment (KUBECONFIG, K_SINK, …). process.env is not merged in. */
  env?: NodeJS.ProcessEnv;
  /** A KubePort to use instead of connecting with env's KUBECONFIG. */
  kube?: KubePort;
  log?: Logger;
  now?: () => Date;
  /** The kelos_reconcile_errors_total label (spawn: `taskspawner`). */
  controller?: 'task' | 'taskspawner';
}

/**
 * Loads a module through the same loader that loaded this file. Under mocha +
 * tsx, spec files are loaded with require() (tsx compiles them to CommonJS),
 * while import() goes through the ESM loader: a second copy of every module,
 * whose classes and caches differ from the first. So: require when this file
 * runs as CommonJS, import() when it runs as ESM. Paths are relative to test/support/.
 */
export async function loadModule(path: string): Promise<unknown> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate: see above
  if (typeof require === 'function') return require(path) as unknown;
  return import(path);
}

/** `startFunctionServer('launch-pod', { KUBECONFIG: cluster.kubeconfigPath })`. */
export async function startFunctionServer(
  name: string,
  env: NodeJS.ProcessEnv = {},
): Promise<FunctionServer> {
  const handlerModule = (await loadModule(`../../functions/${name}/handler.js`)) as {
    handle?: Handler<unknown>;
    controller?: 'task' | 'taskspawner';
  };
  const configModule = (await loadModule(`../../functions/${name}/config.js`)) as {
    readConfig?: (env: NodeJS.ProcessEnv) => unknown;
  };
  if (typeof handlerModule.handle !== 'function')
    throw new Error(`functions/${name}/handler.ts exports no handle`);
  if (typeof configModule.readConfig !== 'function')
    throw new Error(`functions/${name}/config.ts exports no readConfig`);
  return startHandlerServer({
    name,
    handle: handlerModule.handle,
    readConfig: configModule.readConfig,
    env,
    ...(handlerModule.controller ? { controller: handlerModule.controller } : {}),
  });
}

/** Serves any handler (e.g. a test double) through the real runtime. */
export async function startHandlerServer<Config>(
  options: HandlerServerOptions<Config>,
): Promise<FunctionServer> {
  // Tests tick by hand right after their writes: the production minimum age (a sweep leaves objects
  // written in the last 30 s to their events) would make those ticks do nothing. Tests of the rule set it.
  const env: NodeJS.ProcessEnv = { KELOS_SWEEP_MIN_AGE: '0', ...options.env };
  const name = options.name ?? 'test-function';
  const log =
    options.log ??
    createLogger({ name, env, level: env.LOG_LEVEL ?? process.env.TEST_LOG_LEVEL ?? 'silent' });
  const running = await startFunction<Config>({
    name,
    handle: options.handle,
    readConfig: options.readConfig ?? (() => ({}) as Config),
    env,
    log,
    host: '127.0.0.1',
    port: 0,
    handleSignals: false,
    drainTimeoutMs: 5_000,
    ...(options.kube ? { kube: options.kube } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.controller ? { controller: options.controller } : {}),
  });
  return { url: running.url, port: running.port, running, stop: () => running.close() };
}
