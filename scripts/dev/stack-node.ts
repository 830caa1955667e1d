/**
 * The local stack's node: whether `npm start` runs a real node (Linux + root,
 * KELOS_LOCAL_NODE not off, the embedded control plane), starting it, and the
 * image env launch-pod then needs (KELOS_<TYPE>_IMAGE, KELOS_GIT_IMAGE,
 * KELOS_IMAGE_PULL_POLICY=Never). Where it cannot, the stack starts without
 * one and says why (its ready line says whether agents will run).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LOCAL_NODE_NAME } from '../control-plane/credentials.js';
import type { ImageName } from '../images/catalog.js';
import { localImages, type LocalImages } from '../node/local-images.js';
import { nodeSupport, startNode, type LocalNode, type NodeControlPlane } from '../node/node.js';
import type { RunCluster } from './cluster-for-run.js';

const run = promisify(execFile);

export type NodeMode = 'auto' | 'on' | 'off';

/** KELOS_LOCAL_NODE: off | on | auto (default auto). */
export function nodeModeFromEnv(env: NodeJS.ProcessEnv): NodeMode {
  const v = (env.KELOS_LOCAL_NODE ?? 'auto').toLowerCase();
  if (v === 'off' || v === '0' || v === 'false') return 'off';
  if (v === 'on' || v === '1' || v === 'true') return 'on';
  if (v === 'auto' || v === '') return 'auto';
  throw new Error(`KELOS_LOCAL_NODE=${env.KELOS_LOCAL_NODE}: use off, on or auto`);
}

export type NodeDecision = { start: true } | { start: false; reuse: boolean; agents: boolean; why: string };

/** Pure: whether to start a node for this run. */
export function decideNode(o: {
  mode: NodeMode;
  origin: RunCluster['origin'];
  support: { ok: true } | { ok: false; reason: string };
  hasNodeCredentials: boolean;
}): NodeDecision {
  if (o.mode === 'off')
    return { start: false, reuse: false, agents: false, why: 'KELOS_LOCAL_NODE=off: no local node' };
  if (o.origin === 'user')
    return { start: false, reuse: false, agents: true, why: "your cluster's nodes run the agents" };
  const cannot = (why: string): NodeDecision => {
    if (o.mode === 'on') throw new Error(`KELOS_LOCAL_NODE=on, but a local node cannot run here: ${why}`);
    return { start: false, reuse: false, agents: false, why: `no local node: ${why}` };
  };
  if (!o.support.ok) return cannot(o.support.reason);
  if (o.origin === 'reused') {
    if (!o.hasNodeCredentials)
      return cannot(
        'the running control plane predates node support (npm run cluster:down, then start again)',
      );
    return { start: false, reuse: true, agents: true, why: 'the local node of `npm run node:up`' };
  }
  return { start: true };
}

export interface StackNode {
  node?: LocalNode;
  /** For the functions' env (launch-pod). */
  imageEnv: Record<string, string>;
  /** Whether agent Pods will run, and on what or why not: for the ready line. */
  agents: boolean;
  summary: string;
  stop(): Promise<void>;
}

async function nodeReady(cluster: RunCluster): Promise<boolean> {
  try {
    const { stdout } = await run(cluster.kubectl, [
      '--kubeconfig',
      cluster.kubeconfigPath,
      'get',
      'node',
      LOCAL_NODE_NAME,
      '-o',
      'jsonpath={.status.conditions[?(@.type=="Ready")].status}',
    ]);
    return stdout.trim() === 'True';
  } catch {
    return false;
  }
}

export async function startStackNode(o: {
  mode: NodeMode;
  cluster: RunCluster;
  stateDir: string;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
  /** Images besides pause (default: git and the four agents). */
  imageNames?: readonly ImageName[];
}): Promise<StackNode> {
  const cp = o.cluster.controlPlane;
  const decision = decideNode({
    mode: o.mode,
    origin: o.cluster.origin,
    support: nodeSupport(),
    hasNodeCredentials: !!cp?.nodeToken,
  });
  const none = { imageEnv: {}, stop: async () => undefined };
  if (!decision.start) {
    if (decision.reuse) {
      if (!(await nodeReady(o.cluster)))
        return { ...none, agents: false, summary: 'no local node: start one with `npm run node:up`' };
      const images = await localImages(o.env, (l) => o.log(`[node] ${l}`), o.imageNames);
      return { ...none, imageEnv: images.env, agents: true, summary: decision.why };
    }
    if (!decision.agents) o.log(decision.why);
    return { ...none, agents: decision.agents, summary: decision.why };
  }
  o.log(
    'starting the local node (containerd, kubelet, kube-scheduler); the first run on a machine also installs packages and builds images (minutes)',
  );
  let images: LocalImages;
  let node: LocalNode;
  try {
    images = await localImages(o.env, (l) => o.log(`[node] ${l}`), o.imageNames);
    node = await startNode({
      controlPlane: cp as NodeControlPlane,
      dir: join(o.stateDir, 'node'),
      images,
      env: o.env,
      log: (l) => o.log(`[node] ${l}`),
    });
  } catch (err) {
    // auto: the stack still starts, and says why agents will not run.
    if (o.mode === 'on') throw err;
    const why = `no local node: it failed to start: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`;
    o.log(why);
    return { ...none, agents: false, summary: why };
  }
  const s = node.settings;
  const agents = images.others.length > 0;
  return {
    node,
    imageEnv: images.env,
    agents,
    summary: agents
      ? `local node ${s.nodeName} (slot ${s.slot}, bridge ${s.bridge} ${s.gateway}, ${images.others.length} images)`
      : `local node ${s.nodeName} runs, but no agent images were built (scripts/images/ missing)`,
    stop: async () => {
      const report = await node.stop();
      for (const p of report.problems) o.log(`[node] not restored: ${p}`);
    },
  };
}
