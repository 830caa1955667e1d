/**
 * What makes one local node distinct from another on the same machine, and the
 * configuration files of its parts (containerd, CNI, kubelet), as pure functions.
 * Each node takes a numbered slot; the slot fixes its bridge, subnet and
 * cgroupRoot, so two runs (npm start and npm test) can each have a node.
 * The settings are those LOCAL-NODE.md found necessary on these machines.
 */
import { join } from 'node:path';
import { stringify } from 'yaml';

/** Slots 0..MAX_SLOTS-1: at most this many nodes at once on one machine. */
export const MAX_SLOTS = 32;
/** Where slots are claimed (one folder per live node) and short socket paths live. */
export const RUN_DIR = '/run/kelos-node';
export const CNI_BIN_DIR = '/usr/lib/cni';

export interface NodeSettings {
  slot: number;
  /** The node's state folder: containerd state, kubelet root, logs, CNI config. */
  dir: string;
  /** Kept across runs for the slot: containerd's image store (warm starts skip image imports). */
  cacheDir: string;
  /** /run/kelos-node/<slot>: the claim and containerd's socket (kept short: unix sockets max 107 bytes). */
  runDir: string;
  nodeName: string;
  bridge: string;
  network: string;
  subnet: string;
  /** The bridge's own address: Pods reach servers of the run (git, model) here. */
  gateway: string;
  cgroupRoot: string;
  kubeletPort: number;
  /** containerd's sandbox_image: the local pause image's name. */
  sandboxImage: string;
  paths: NodePaths;
}

export interface NodePaths {
  containerdConfig: string;
  containerdRoot: string;
  containerdState: string;
  containerdSocket: string;
  runcRoot: string;
  cniConfDir: string;
  cniIpamDir: string;
  kubeletRoot: string;
  kubeletCertDir: string;
  kubeletConfig: string;
  kubeletKubeconfig: string;
  podLogsDir: string;
  volumePluginDir: string;
  logDir: string;
}

export function nodeSettings(o: {
  slot: number;
  dir: string;
  cacheRoot: string;
  nodeName: string;
  kubeletPort: number;
  sandboxImage: string;
}): NodeSettings {
  if (!Number.isInteger(o.slot) || o.slot < 0 || o.slot >= MAX_SLOTS)
    throw new Error(`node slot ${o.slot} is outside 0..${MAX_SLOTS - 1}`);
  const runDir = join(RUN_DIR, String(o.slot));
  const cacheDir = join(o.cacheRoot, 'node', `slot-${o.slot}`);
  return {
    slot: o.slot,
    dir: o.dir,
    cacheDir,
    runDir,
    nodeName: o.nodeName,
    bridge: `kelos${o.slot}`,
    network: `kelos-${o.slot}`,
    subnet: `10.213.${o.slot}.0/24`,
    gateway: `10.213.${o.slot}.1`,
    cgroupRoot: `/kelos-node-${o.slot}`,
    kubeletPort: o.kubeletPort,
    sandboxImage: o.sandboxImage,
    paths: {
      containerdConfig: join(o.dir, 'containerd.toml'),
      containerdRoot: join(cacheDir, 'containerd'),
      containerdState: join(o.dir, 'containerd-state'),
      containerdSocket: join(runDir, 'containerd.sock'),
      runcRoot: join(o.dir, 'runc'),
      cniConfDir: join(o.dir, 'cni', 'net.d'),
      cniIpamDir: join(o.dir, 'cni', 'ipam'),
      kubeletRoot: join(o.dir, 'kubelet'),
      kubeletCertDir: join(o.dir, 'kubelet-pki'),
      kubeletConfig: join(o.dir, 'kubelet.yaml'),
      kubeletKubeconfig: join(o.dir, 'kubelet.kubeconfig'),
      podLogsDir: join(o.dir, 'pod-logs'),
      volumePluginDir: join(o.dir, 'volume-plugins'),
      logDir: join(o.dir, 'logs'),
    },
  };
}

const q = (s: string) => JSON.stringify(s);

/** containerd 1.6 (config version 2): its own root, state and socket; CRI as LOCAL-NODE.md needs it. */
export function renderContainerdConfig(s: NodeSettings): string {
  const p = s.paths;
  const cri = 'plugins."io.containerd.grpc.v1.cri"';
  return `version = 2
root = ${q(p.containerdRoot)}
state = ${q(p.containerdState)}
disabled_plugins = ["io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.aufs", "io.containerd.tracing.processor.v1.otlp", "io.containerd.internal.v1.tracing"]

[grpc]
  address = ${q(p.containerdSocket)}

[ttrpc]
  address = ${q(`${p.containerdSocket}.ttrpc`)}

[debug]
  level = "warn"

[metrics]
  address = ""

[plugins."io.containerd.internal.v1.opt"]
  path = ${q(join(p.containerdRoot, 'opt'))}

[${cri}]
  sandbox_image = ${q(s.sandboxImage)}
  # root here lacks CAP_SYS_RESOURCE: without this every sandbox fails in runc create.
  restrict_oom_score_adj = true
  netns_mounts_under_state_dir = true
  disable_apparmor = true
  enable_selinux = false

[${cri}.cni]
  bin_dir = ${q(CNI_BIN_DIR)}
  conf_dir = ${q(p.cniConfDir)}
  max_conf_num = 1

[${cri}.containerd]
  snapshotter = "overlayfs"
  default_runtime_name = "runc"

[${cri}.containerd.runtimes.runc]
  runtime_type = "io.containerd.runc.v2"

[${cri}.containerd.runtimes.runc.options]
  Root = ${q(p.runcRoot)}
  SystemdCgroup = false
`;
}

/** bridge + host-local IPAM on the slot's own bridge and subnet; no masquerade: no traffic leaves the machine. */
export function renderCniConfig(s: NodeSettings): string {
  return JSON.stringify(
    {
      cniVersion: '1.0.0',
      name: s.network,
      plugins: [
        {
          type: 'bridge',
          bridge: s.bridge,
          isGateway: true,
          ipMasq: false,
          hairpinMode: true,
          ipam: {
            type: 'host-local',
            dataDir: s.paths.cniIpamDir,
            ranges: [[{ subnet: s.subnet, gateway: s.gateway }]],
          },
        },
        { type: 'loopback' },
      ],
    },
    null,
    2,
  );
}

/**
 * KubeletConfiguration: cgroupfs under the slot's cgroupRoot, loopback only,
 * webhook authn/authz with the API server's client CA (no anonymous access),
 * local images never collected, state in the node's folder.
 */
export function renderKubeletConfig(s: NodeSettings, clientCaFile: string): string {
  return stringify({
    apiVersion: 'kubelet.config.k8s.io/v1beta1',
    kind: 'KubeletConfiguration',
    address: '127.0.0.1',
    port: s.kubeletPort,
    readOnlyPort: 0,
    healthzPort: 0,
    containerRuntimeEndpoint: `unix://${s.paths.containerdSocket}`,
    cgroupDriver: 'cgroupfs',
    cgroupRoot: s.cgroupRoot,
    failCgroupV1: false,
    failSwapOn: false,
    authentication: {
      anonymous: { enabled: false },
      webhook: { enabled: true, cacheTTL: '30s' },
      x509: { clientCAFile: clientCaFile },
    },
    authorization: { mode: 'Webhook', webhook: { cacheAuthorizedTTL: '30s' } },
    evictionHard: {
      'memory.available': '100Mi',
      'nodefs.available': '1%',
      'nodefs.inodesFree': '1%',
      'imagefs.available': '1%',
    },
    imageGCHighThresholdPercent: 100,
    imageGCLowThresholdPercent: 99,
    serializeImagePulls: false,
    podLogsDir: s.paths.podLogsDir,
    volumePluginDir: s.paths.volumePluginDir,
    // The Pods' status reaches the API server sooner than with the defaults.
    nodeStatusUpdateFrequency: '5s',
    syncFrequency: '10s',
    fileCheckFrequency: '60s',
    maxPods: 60,
    resolvConf: '/etc/resolv.conf',
  });
}

/** The kubelet's kubeconfig: the node's own token (system:node:<name>). */
export function renderKubeletKubeconfig(o: { server: string; caFile: string; token: string }): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'local', cluster: { server: o.server, 'certificate-authority': o.caFile } }],
    users: [{ name: 'kubelet', user: { token: o.token } }],
    contexts: [{ name: 'local', context: { cluster: 'local', user: 'kubelet' } }],
    'current-context': 'local',
  });
}
