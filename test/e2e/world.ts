/**
 * The whole stack for e2e tests, started the way `npm start` starts it
 * (startLocalStack): its own embedded control plane, the CRDs, the five
 * functions as processes from dist/, the local event plane from knative/,
 * plus the fake GitHub for spawn's REST calls. Logs go to the state dir; set
 * E2E_VERBOSE=1 to see the runner's lines.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImageName } from '../../scripts/images/catalog.js';
import { startLocalStack, type LocalStack } from '../../scripts/dev/local-stack.js';
import type { NodeMode } from '../../scripts/dev/stack-node.js';
import { REPO_ROOT } from '../support/cluster.js';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';
import { kubectlRunner, type Kubectl } from './kubectl.js';

export interface World {
  stack: LocalStack;
  kubectl: Kubectl;
  gh: FakeGitHub;
  stateDir: string;
  newNamespace(prefix: string): Promise<string>;
  apply(ns: string, objOrPath: object | string): Promise<void>;
  get<T = Record<string, any>>(ns: string, kind: string, name: string): Promise<T | undefined>; // eslint-disable-line @typescript-eslint/no-explicit-any -- free-form objects read back in assertions
  list<T = Record<string, any>>(ns: string, kind: string, selector?: string): Promise<T[]>; // eslint-disable-line @typescript-eslint/no-explicit-any -- as above
  close(): Promise<void>;
}

let counter = 0;

export async function startWorld(options: {
  resyncSeconds: number;
  env?: NodeJS.ProcessEnv;
  /** A real local node (scripts/node/) instead of the test playing the kubelet; default off. */
  node?: NodeMode;
  nodeImages?: readonly ImageName[];
}): Promise<World> {
  const stateDir = await mkdtemp(join(tmpdir(), 'kelos-e2e-'));
  const gh = await startFakeGitHub();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KELOS_RESYNC_SECONDS: String(options.resyncSeconds),
    // Small beside the production 30 s (a repair by the tick must come within a test's wait), not
    // 0, so the sweeps' minimum-age rule runs here too (core/runtime/sweep-min-age.ts).
    KELOS_SWEEP_MIN_AGE: '1s',
    GITHUB_API_URL: gh.url,
    ...options.env,
  };
  delete env.KUBECONFIG;
  delete env.GITHUB_TOKEN;
  const verbose = !!process.env.E2E_VERBOSE;
  let stack: LocalStack;
  try {
    stack = await startLocalStack({
      root: REPO_ROOT,
      stateDir,
      env,
      node: options.node ?? 'off',
      ...(options.nodeImages ? { nodeImages: options.nodeImages } : {}),
      log: (l) => verbose && console.error(`      ${l}`),
    });
  } catch (err) {
    await gh.close();
    await rm(stateDir, { recursive: true, force: true });
    throw err;
  }
  const kubectl = kubectlRunner(stack.cluster.kubectl, stack.cluster.kubeconfigPath);
  const world: World = {
    stack,
    kubectl,
    gh,
    stateDir,
    newNamespace: async (prefix) => {
      const ns = `${prefix}-${(counter++).toString(36)}`;
      await kubectl(['create', 'namespace', ns]);
      for (let i = 0; i < 100; i++) {
        if ((await kubectl(['get', 'serviceaccount', 'default', '-n', ns], undefined, true)).code === 0)
          return ns;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`namespace ${ns}: no default ServiceAccount`);
    },
    apply: async (ns, objOrPath) => {
      if (typeof objOrPath === 'string') await kubectl(['apply', '-n', ns, '-f', objOrPath]);
      else await kubectl(['apply', '-n', ns, '-f', '-'], JSON.stringify(objOrPath));
    },
    get: async (ns, kind, name) => {
      const r = await kubectl(['get', kind, name, '-n', ns, '-o', 'json'], undefined, true);
      return r.code === 0 ? JSON.parse(r.stdout) : undefined;
    },
    list: async (ns, kind, selector) => {
      const r = await kubectl(['get', kind, '-n', ns, '-o', 'json', ...(selector ? ['-l', selector] : [])]);
      return (JSON.parse(r.stdout) as { items: never[] }).items;
    },
    close: async () => {
      await stack.stop();
      await gh.close();
      if (!process.env.E2E_KEEP) await rm(stateDir, { recursive: true, force: true });
    },
  };
  return world;
}

/** Polls `probe` until it returns a value other than undefined/false. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
