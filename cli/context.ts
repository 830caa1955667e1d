/**
 * Everything a command needs from the outside world, passed in so that tests
 * run the CLI in-process with their own streams, env, clock and cluster.
 */
import type { Readable, Writable } from 'node:stream';
import type { Command } from 'commander';
import type { CliKube } from './kube/client.js';
import { loadConfig, type KelosConfig } from './config/config.js';
import { defaultConfigPath, expandHome } from './config/paths.js';
import { LineReader } from './confirm.js';

export interface CliIO {
  stdout: Writable;
  stderr: Writable;
  stdin?: Readable;
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Poll interval of `run -w` and `logs -f` (2 s, as the original). */
  pollMs?: number;
  /** Folder holding crds/ and knative/ for install/uninstall (default: the package root). */
  manifestsRoot?: string;
  /** Builds the cluster client (default: the REST client over the kubeconfig). */
  kubeFactory?: KubeFactory;
}

export interface CliContext {
  stdout: Writable;
  stderr: Writable;
  stdin: LineReader;
  env: NodeJS.ProcessEnv;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  pollMs: number;
  manifestsRoot: string;
  kubeFactory: KubeFactory;
}

export type KubeFactory = (
  kubeconfigPath: string | undefined,
  env: NodeJS.ProcessEnv,
) => CliKube | Promise<CliKube>;

/**
 * @kubernetes/client-node is imported only when a command needs the cluster:
 * `version`, `completion` and dry-runs stay fast (shell completion runs a
 * process per TAB).
 */
const defaultKubeFactory: KubeFactory = async (path, env) => {
  const { createKubeClient, loadKubeConfig } = await import('./kube/client.js');
  return createKubeClient(loadKubeConfig(path, env));
};

export interface GlobalOptions {
  config?: string;
  kubeconfig?: string;
  namespace?: string;
}

export function makeContext(io: CliIO, defaultRoot: string): CliContext {
  return {
    stdout: io.stdout,
    stderr: io.stderr,
    stdin: new LineReader(io.stdin ?? process.stdin),
    env: io.env ?? process.env,
    now: io.now ?? (() => new Date()),
    sleep: io.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
    random: io.random ?? Math.random,
    pollMs: io.pollMs ?? 2000,
    manifestsRoot: io.manifestsRoot ?? defaultRoot,
    kubeFactory: io.kubeFactory ?? defaultKubeFactory,
  };
}

/** The persistent flags, wherever on the command line they were given (closest command wins). */
export function globalOptions(cmd: Command): GlobalOptions {
  const out: GlobalOptions = {};
  for (let c: Command | null = cmd; c; c = c.parent) {
    const o = c.opts<GlobalOptions>();
    for (const key of ['config', 'kubeconfig', 'namespace'] as const) {
      if (out[key] === undefined && typeof o[key] === 'string') out[key] = o[key];
    }
  }
  return out;
}

export function configPath(ctx: CliContext, globals: GlobalOptions): string {
  return globals.config ? expandHome(globals.config, ctx.env) : defaultConfigPath(ctx.env);
}

export interface Session {
  config: KelosConfig;
  kube: CliKube;
  namespace: string;
}

/**
 * Loads the config file and the cluster client; namespace = flag → config →
 * kubeconfig context → default. `offline` (dry-run) tolerates a missing or
 * broken kubeconfig: the namespace then falls back to `default`, and any
 * cluster call fails.
 */
export async function openSession(ctx: CliContext, cmd: Command, offline = false): Promise<Session> {
  const globals = globalOptions(cmd);
  const config = await loadConfig(configPath(ctx, globals));
  const path = globals.kubeconfig ? expandHome(globals.kubeconfig, ctx.env) : undefined;
  let kube: CliKube;
  try {
    kube = await ctx.kubeFactory(path, ctx.env);
  } catch (err) {
    if (!offline) throw err;
    kube = unreachable(err);
  }
  const namespace = globals.namespace || config.namespace || kube.contextNamespace || 'default';
  return { config, kube, namespace };
}

function unreachable(cause: unknown): CliKube {
  const fail = (): never => {
    throw new Error('no cluster connection in dry-run', { cause });
  };
  return {
    contextNamespace: undefined,
    get: fail,
    list: fail,
    create: fail,
    replace: fail,
    delete: fail,
    apply: fail,
    streamLogs: fail,
  };
}
