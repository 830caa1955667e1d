/**
 * A control plane and a real local node (scripts/node/) for tests that run
 * Pods on a kubelet without the whole stack: started together (the tiny test
 * image always imported, agent images on request), stopped together, and
 * cleaned up by start itself when a part fails to come up.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startControlPlane, type ControlPlane } from '../../../scripts/control-plane/control-plane.js';
import type { ImageName } from '../../../scripts/images/catalog.js';
import { localImages, type LocalImages } from '../../../scripts/node/local-images.js';
import type { RestoreReport } from '../../../scripts/node/host.js';
import { nodeSupport, startNode, type LocalNode } from '../../../scripts/node/node.js';
import { kubectlRunner, type Kubectl } from '../../e2e/kubectl.js';
import { eventually } from '../eventually.js';
import { tinyImage } from './tiny-image.js';

export interface NodeRig {
  dir: string;
  cp: ControlPlane;
  /** Undefined once stopNode() ran. */
  node: LocalNode | undefined;
  kubectl: Kubectl;
  images: LocalImages;
  /** The tiny test image's ref (test/support/node/tiny.c). */
  tiny: string;
  /** Stops the node alone (the control plane stays); its restore report. */
  stopNode(): Promise<RestoreReport>;
  /** Stops the node (unless stopped), the control plane, and removes the folder. */
  stop(): Promise<void>;
}

/** In a mocha before(): skips the suite, saying why, where a node cannot run. */
export function skipWithoutNode(ctx: Mocha.Context): void {
  const support = nodeSupport();
  if (support.ok) return;
  console.log(`      skipped: no local node here: ${support.reason}`);
  ctx.skip();
}

export async function startNodeRig(o: {
  /** The temporary folder's name prefix. */
  prefix: string;
  /** Agent or git images to import besides pause and the tiny image (built once when missing). */
  images?: readonly ImageName[];
}): Promise<NodeRig> {
  const dir = await mkdtemp(join(tmpdir(), o.prefix));
  let cp: ControlPlane | undefined;
  let node: LocalNode | undefined;
  try {
    cp = await startControlPlane({ dir: join(dir, 'cp'), detached: false });
    const images = await localImages(process.env, () => undefined, o.images ?? []);
    const tiny = await tinyImage();
    node = await startNode({
      controlPlane: cp,
      dir: join(dir, 'node'),
      images: { ...images, others: [...images.others, tiny] },
      log: () => undefined,
    });
    const controlPlane = cp;
    const rig: NodeRig = {
      dir,
      cp: controlPlane,
      node,
      kubectl: kubectlRunner(join(controlPlane.binDir, 'kubectl'), controlPlane.kubeconfigPath),
      images,
      tiny: tiny.ref,
      stopNode: async () => {
        const running = rig.node;
        if (!running) throw new Error(`node rig ${dir}: the node is already stopped`);
        rig.node = undefined;
        return running.stop();
      },
      stop: async () => {
        if (rig.node) await rig.stopNode();
        await controlPlane.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
    return rig;
  } catch (err) {
    await node?.stop().catch(() => undefined);
    await cp?.stop().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

/** Creates namespace `ns` enforcing Pod Security "restricted" and waits for its default ServiceAccount. */
export async function restrictedNamespace(kubectl: Kubectl, ns: string): Promise<void> {
  await kubectl(['create', 'namespace', ns]);
  await kubectl(['label', 'namespace', ns, 'pod-security.kubernetes.io/enforce=restricted']);
  await eventually(
    `namespace ${ns}: default ServiceAccount`,
    async () => (await kubectl(['get', 'sa', 'default', '-n', ns], undefined, true)).code === 0,
    20_000,
  );
}
