/**
 * The embedded control plane: etcd, kube-apiserver and kube-controller-manager
 * on loopback ports with generated credentials (the same idea as envtest).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureBinaries } from './binaries.js';
import { writeCredentials } from './credentials.js';
import { writeKubeconfig } from './kubeconfig.js';
import { writeKubeletPki } from './kubelet-pki.js';
import { freePorts } from './ports.js';
import { startProcess, stopPid, waitHealthy } from './processes.js';

export interface ControlPlaneOptions {
  /** Directory for data, credentials, logs and the kubeconfig. */
  dir: string;
  detached?: boolean;
  withControllerManager?: boolean;
  startTimeoutMs?: number;
}

export interface ControlPlaneState {
  dir: string;
  binDir: string;
  server: string;
  token: string;
  caFile: string;
  kubeconfigPath: string;
  /** For the local node (scripts/node/): the kubelet's API token and the CA of the API server's client certificate. */
  nodeToken: string;
  kubeletClientCaFile: string;
  pids: { etcd: number; apiserver: number; controllerManager?: number };
}

export interface ControlPlane extends ControlPlaneState {
  stop(): Promise<void>;
}

export async function startControlPlane(o: ControlPlaneOptions): Promise<ControlPlane> {
  const binDir = await ensureBinaries();
  const detached = o.detached ?? false;
  const timeoutMs = o.startTimeoutMs ?? 60_000;
  const [etcdClient, etcdPeer, apiPort] = await freePorts(3);
  await mkdir(join(o.dir, 'pki'), { recursive: true });
  const creds = await writeCredentials(o.dir);
  const kubeletPki = await writeKubeletPki(join(o.dir, 'pki'));
  const started: number[] = [];
  const stopAll = async () => {
    for (const pid of [...started].reverse()) await stopPid(pid);
  };
  try {
    const etcdLog = join(o.dir, 'etcd.log');
    const etcd = startProcess({
      name: 'etcd',
      command: join(binDir, 'etcd'),
      args: [
        `--data-dir=${join(o.dir, 'etcd')}`,
        `--listen-client-urls=http://127.0.0.1:${etcdClient}`,
        `--advertise-client-urls=http://127.0.0.1:${etcdClient}`,
        `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`,
        `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
        `--initial-cluster=default=http://127.0.0.1:${etcdPeer}`,
        '--unsafe-no-fsync=true',
        '--log-level=warn',
      ],
      logFile: etcdLog,
      detached,
    });
    started.push(etcd.pid!);
    await waitHealthy({
      url: `http://127.0.0.1:${etcdClient}/health`,
      timeoutMs,
      what: 'etcd',
      logFile: etcdLog,
      child: etcd,
    });

    const apiLog = join(o.dir, 'kube-apiserver.log');
    const certDir = join(o.dir, 'pki');
    const apiserver = startProcess({
      name: 'kube-apiserver',
      command: join(binDir, 'kube-apiserver'),
      args: [
        `--etcd-servers=http://127.0.0.1:${etcdClient}`,
        '--bind-address=127.0.0.1',
        '--advertise-address=127.0.0.1',
        `--secure-port=${apiPort}`,
        `--cert-dir=${certDir}`,
        `--token-auth-file=${creds.tokenFile}`,
        // Node: a kubelet (token in group system:nodes) may touch only its own Node and Pods.
        '--authorization-mode=Node,RBAC',
        `--kubelet-client-certificate=${kubeletPki.apiserverClientCert}`,
        `--kubelet-client-key=${kubeletPki.apiserverClientKey}`,
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
        `--service-account-key-file=${creds.saKeyFile}`,
        `--service-account-signing-key-file=${creds.saKeyFile}`,
        '--service-cluster-ip-range=10.0.0.0/24',
        '--allow-privileged=true',
        '--endpoint-reconciler-type=none',
        '--enable-priority-and-fairness=false',
        '--max-requests-inflight=0',
        '--max-mutating-requests-inflight=0',
        ...(o.withControllerManager === false ? ['--disable-admission-plugins=ServiceAccount'] : []),
      ],
      logFile: apiLog,
      detached,
    });
    started.push(apiserver.pid!);
    const server = `https://127.0.0.1:${apiPort}`;
    const caFile = join(certDir, 'apiserver.crt');
    await waitHealthy({
      url: `${server}/readyz`,
      timeoutMs,
      what: 'kube-apiserver',
      logFile: apiLog,
      child: apiserver,
    });
    const kubeconfigPath = join(o.dir, 'kubeconfig');
    await writeKubeconfig(kubeconfigPath, { server, token: creds.token, caFile });

    let controllerManager: number | undefined;
    if (o.withControllerManager !== false) {
      const kcmLog = join(o.dir, 'kube-controller-manager.log');
      const [kcmPort] = await freePorts(1);
      const kcm = startProcess({
        name: 'kube-controller-manager',
        command: join(binDir, 'kube-controller-manager'),
        args: [
          `--kubeconfig=${kubeconfigPath}`,
          '--leader-elect=false',
          // node-lifecycle lifts the local node's not-ready taint once it is Ready; the root-CA
          // publisher gives every namespace kube-root-ca.crt (Pods that mount a token need it).
          '--controllers=garbage-collector-controller,namespace-controller,serviceaccount-controller,serviceaccount-token-controller,job-controller,ttl-after-finished-controller,node-lifecycle-controller,root-ca-certificate-publisher-controller',
          `--service-account-private-key-file=${creds.saKeyFile}`,
          `--root-ca-file=${caFile}`,
          '--bind-address=127.0.0.1',
          `--secure-port=${kcmPort}`,
          '--kube-api-qps=1000',
          '--kube-api-burst=2000',
        ],
        logFile: kcmLog,
        detached,
      });
      started.push(kcm.pid!);
      controllerManager = kcm.pid!;
    }
    const state: ControlPlaneState = {
      dir: o.dir,
      binDir,
      server,
      token: creds.token,
      caFile,
      kubeconfigPath,
      nodeToken: creds.nodeToken,
      kubeletClientCaFile: kubeletPki.clientCaFile,
      pids: {
        etcd: etcd.pid!,
        apiserver: apiserver.pid!,
        ...(controllerManager ? { controllerManager } : {}),
      },
    };
    await writeFile(join(o.dir, 'state.json'), JSON.stringify(state, null, 2), { mode: 0o600 });
    return { ...state, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** Stops the processes of a control plane described by its state file. */
export async function stopControlPlane(state: ControlPlaneState): Promise<void> {
  const { controllerManager, apiserver, etcd } = state.pids;
  if (controllerManager) await stopPid(controllerManager);
  await stopPid(apiserver);
  await stopPid(etcd);
}
