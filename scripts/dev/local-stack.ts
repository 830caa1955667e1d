/**
 * `npm start`: Kelos on one machine. Builds what is stale, brings up (or
 * reuses) Kubernetes, installs the CRDs, starts the local event plane from
 * knative/, every function as its own process (K_SINK = the plane's broker
 * ingress, as the SinkBindings say) and github-source with a generated
 * webhook secret; prints how to use it and a final line starting with
 * `ready`. SIGINT/SIGTERM stops everything it started.
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEventPlane, type EventPlane } from '../event-plane/event-plane.js';
import { loadTopology } from '../event-plane/manifests.js';
import { FUNCTION_NAMES as FUNCTIONS } from '../../functions/names.js';
import { clusterForRun, type RunCluster } from './cluster-for-run.js';
import { ensureBuilt } from './ensure-built.js';
import { startFunctionProcess, type FunctionProcess } from './function-process.js';
import { functionCredentials } from './function-credentials.js';
import type { ImageName } from '../images/catalog.js';
import { installCrds } from './install-crds.js';
import { startOfflineDemo, type OfflineDemo } from './offline-demo.js';
import { nodeModeFromEnv, startStackNode, type NodeMode, type StackNode } from './stack-node.js';
import { usage } from './usage.js';

export interface LocalStackOptions {
  root: string;
  /** .kelos by default: kubeconfig, control plane data, function logs. */
  stateDir?: string;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  /** The local node (scripts/node/): off unless asked; `npm start` passes KELOS_LOCAL_NODE (default auto). */
  node?: NodeMode;
  /** Images for the node besides pause (default: git and the four agents). */
  nodeImages?: readonly ImageName[];
  /** Start the scripted model and git servers and the objects of examples/08 (needs the node). */
  offlineDemo?: boolean;
}

export interface LocalStack {
  cluster: RunCluster;
  plane: EventPlane;
  functions: FunctionProcess[];
  webhookSecret: string;
  githubUrl: string;
  logDir: string;
  /** The local node, whether agents will run, and why (or why not). */
  node: Omit<StackNode, 'stop'>;
  demo?: OfflineDemo;
  /**
   * Stops the event plane, runs `whileDown`, and starts a fresh one on the
   * same port (the functions' K_SINK stays valid). Changes in between send no
   * event, as with a restarted Knative adapter; the resync tick recovers.
   */
  restartPlane(whileDown?: () => Promise<void>): Promise<EventPlane>;
  stop(): Promise<void>;
}

export async function startLocalStack(o: LocalStackOptions): Promise<LocalStack> {
  const env = o.env ?? process.env;
  const log = o.log ?? ((line: string) => console.error(line));
  const stateDir = o.stateDir ?? env.KELOS_STATE_DIR ?? join(o.root, '.kelos');
  const logDir = join(stateDir, 'logs');
  await mkdir(logDir, { recursive: true });
  const cleanups: (() => Promise<void>)[] = [];
  let stopping = false;
  const stop = async () => {
    stopping = true;
    for (const c of cleanups.splice(0).reverse())
      await c().catch((err: unknown) => log(`stopping: ${String(err)}`));
  };
  try {
    if (await ensureBuilt(o.root, FUNCTIONS, log)) log('built dist/');
    const cluster = await clusterForRun({ stateDir, env, log });
    cleanups.push(() => cluster.stop());
    await installCrds(cluster.kubectl, cluster.kubeconfigPath, join(o.root, 'crds'));
    const node = await startStackNode({
      mode: o.node ?? 'off',
      cluster,
      stateDir,
      env,
      log,
      ...(o.nodeImages ? { imageNames: o.nodeImages } : {}),
    });
    cleanups.push(() => node.stop());
    let demo: OfflineDemo | undefined;
    if (o.offlineDemo) {
      if (!node.node)
        throw new Error(`the offline demo needs a local node started by this run (${node.summary})`);
      demo = await startOfflineDemo({
        gateway: node.node.settings.gateway,
        stateDir,
        kubectl: cluster.kubectl,
        kubeconfig: cluster.kubeconfigPath,
        log,
      });
      cleanups.push(() => demo!.stop());
    }
    const knativeDir = join(o.root, 'knative');
    // Per-function ServiceAccounts and RBAC on the embedded control plane (KELOS_LOCAL_RBAC=admin opts out).
    const creds =
      cluster.embedded && env.KELOS_LOCAL_RBAC !== 'admin'
        ? await functionCredentials({
            kubectl: cluster.kubectl,
            adminKubeconfig: cluster.kubeconfigPath,
            embedded: cluster.embedded,
            knativeDir,
            topology: await loadTopology(knativeDir),
            outDir: join(stateDir, 'credentials'),
            services: FUNCTIONS,
          })
        : undefined;
    const resync = env.KELOS_RESYNC_SECONDS ? Number(env.KELOS_RESYNC_SECONDS) : undefined;
    const services: Record<string, string> = {};
    const newPlane = (port?: number) =>
      startEventPlane({
        manifestsDir: knativeDir,
        kubeconfigPath: creds?.apiServerSource ?? cluster.kubeconfigPath,
        services,
        deferSources: true,
        ...(port !== undefined ? { port } : {}),
        ...(resync !== undefined && resync > 0 ? { resyncSeconds: resync } : {}),
        // Quiet once stopping: a Ctrl-C also reaches the control plane, so watches fail on the way out.
        log: {
          info: (m) => stopping || log(`[event-plane] ${m}`),
          warn: (m) => stopping || log(`[event-plane] ${m}`),
        },
      });
    let plane = await newPlane();
    cleanups.push(() => plane.stop());
    const webhookSecret = env.GITHUB_WEBHOOK_SECRET ?? randomBytes(20).toString('hex');
    // The node's images for launch-pod, unless the caller's env names others.
    const base: NodeJS.ProcessEnv = {
      ...node.imageEnv,
      ...env,
      KUBECONFIG: cluster.kubeconfigPath,
      LOG_LEVEL: env.LOG_LEVEL ?? 'info',
    };
    delete base.PORT;
    const functions = await Promise.all(
      FUNCTIONS.map(async (name) => {
        const extra = {
          ...(name === 'github-source' ? { GITHUB_WEBHOOK_SECRET: webhookSecret } : {}),
          ...(creds ? { KUBECONFIG: creds.services[name] } : {}),
        };
        const fn = await startFunctionProcess({
          root: o.root,
          name,
          env: { ...base, ...plane.sinkEnv(name), ...extra },
          logFile: join(logDir, `${name}.log`),
          log,
        });
        cleanups.push(() => fn.stop());
        plane.registerService(name, fn.url);
        services[name] = fn.url;
        return fn;
      }),
    );
    await plane.startSources();
    const githubUrl = functions.find((f) => f.name === 'github-source')!.url;
    const stack: LocalStack = {
      cluster,
      plane,
      functions,
      webhookSecret,
      githubUrl,
      logDir,
      node,
      ...(demo ? { demo } : {}),
      stop,
      restartPlane: async (whileDown) => {
        const port = Number(new URL(plane.ingressBaseUrl).port);
        await plane.stop();
        await whileDown?.();
        plane = await newPlane(port);
        await plane.startSources();
        stack.plane = plane;
        return plane;
      },
    };
    return stack;
  } catch (err) {
    await stop();
    throw err;
  }
}

const mib = (n: number) => (n / 1048576).toFixed(1);

function memoryLine(plane: EventPlane): string {
  const m = process.memoryUsage();
  const brokers = [...plane.brokers.values()];
  const pending = brokers.reduce((sum, b) => sum + b.pending, 0);
  const queued = brokers.reduce((sum, b) => sum + b.queued, 0);
  return `memory rss=${mib(m.rss)} heapUsed=${mib(m.heapUsed)} heapTotal=${mib(m.heapTotal)} external=${mib(m.external)} arrayBuffers=${mib(m.arrayBuffers)} MiB pending=${pending} queued=${queued}`;
}

async function main(): Promise<void> {
  const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
  const t0 = Date.now();
  const stack = await startLocalStack({
    root,
    node: nodeModeFromEnv(process.env),
    offlineDemo: ['1', 'true', 'on'].includes(process.env.KELOS_OFFLINE_DEMO ?? ''),
  });
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`\n${signal}: stopping`);
    const t = Date.now();
    stack.stop().then(
      () => {
        console.error(`stopped in ${((Date.now() - t) / 1000).toFixed(1)} s`);
        process.exit(0);
      },
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // npm's script shell does not pass a SIGTERM on; if whatever started us goes away, stop too.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && shutdown('parent exited'), 1000).unref();
  // KELOS_MEMORY_LOG_MS: where this process's memory goes (heap vs buffers), for the burst bench's diagnosis.
  const memEvery = Number(process.env.KELOS_MEMORY_LOG_MS ?? 0);
  if (memEvery > 0) setInterval(() => console.error(memoryLine(stack.plane)), memEvery).unref();
  console.log(usage({ root, stack, startedMs: Date.now() - t0 }));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(`Error: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
