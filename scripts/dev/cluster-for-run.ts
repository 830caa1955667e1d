/**
 * The Kubernetes the local run talks to: the user's cluster when KUBECONFIG
 * points at one; else the embedded control plane already running under the
 * state dir (`npm run cluster:up`), reused and left running; else a new one
 * started for this run (attached: it dies with us) and stopped at the end.
 */
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isRunning, readState } from '../control-plane/cli.js';
import { startControlPlane, type ControlPlaneState } from '../control-plane/control-plane.js';

export interface RunCluster {
  kubeconfigPath: string;
  /** kubectl to use: the control plane's build, else the one on PATH. */
  kubectl: string;
  origin: 'user' | 'reused' | 'started';
  /** The embedded control plane's address and CA (not set for a user's cluster). */
  embedded?: { server: string; caFile: string };
  /** The embedded control plane (started or reused): what a local node needs of it. */
  controlPlane?: ControlPlaneState;
  stop(): Promise<void>;
}

export interface ClusterForRunOptions {
  stateDir: string;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
}

export async function clusterForRun(o: ClusterForRunOptions): Promise<RunCluster> {
  const ownKubeconfig = resolve(o.stateDir, 'kubeconfig');
  // Our own kubeconfig (exported as printed by an earlier run) means "ours", not the user's cluster.
  const userKubeconfig = o.env.KUBECONFIG ? resolve(o.env.KUBECONFIG) : undefined;
  const cpDir = join(o.stateDir, 'control-plane');
  if (userKubeconfig && userKubeconfig !== ownKubeconfig) {
    if (!existsSync(userKubeconfig)) throw new Error(`KUBECONFIG=${userKubeconfig} does not exist`);
    const state = await readState(cpDir);
    return {
      kubeconfigPath: userKubeconfig,
      kubectl: state ? join(state.binDir, 'kubectl') : 'kubectl',
      origin: 'user',
      stop: async () => undefined,
    };
  }
  const existing = await readState(cpDir);
  if (isRunning(existing) && existsSync(ownKubeconfig)) {
    return {
      kubeconfigPath: ownKubeconfig,
      kubectl: join(existing.binDir, 'kubectl'),
      origin: 'reused',
      controlPlane: existing,
      stop: async () => undefined,
    };
  }
  await rm(cpDir, { recursive: true, force: true });
  await mkdir(cpDir, { recursive: true });
  o.log('starting the embedded control plane (etcd, kube-apiserver, kube-controller-manager)');
  const cp = await startControlPlane({ dir: cpDir, detached: false });
  await copyFile(cp.kubeconfigPath, ownKubeconfig);
  return {
    kubeconfigPath: ownKubeconfig,
    kubectl: join(cp.binDir, 'kubectl'),
    origin: 'started',
    embedded: { server: cp.server, caFile: cp.caFile },
    controlPlane: cp,
    stop: async () => {
      await cp.stop();
      await rm(cpDir, { recursive: true, force: true });
      await rm(ownKubeconfig, { force: true });
    },
  };
}
