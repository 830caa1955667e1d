/**
 * A process that starts a control plane and a node (attached, as npm start
 * does), prints the node's settings as one JSON line, and waits to be killed.
 * The node-runtime test kills it with SIGKILL to prove the host is restored
 * when the parent dies without stopping anything.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startControlPlane } from '../../../scripts/control-plane/control-plane.js';
import { localImages } from '../../../scripts/node/local-images.js';
import { startNode } from '../../../scripts/node/node.js';
import { tinyImage } from './tiny-image.js';

const dir = await mkdtemp(join(tmpdir(), 'kelos-node-child-'));
const cp = await startControlPlane({ dir: join(dir, 'cp'), detached: false });
const images = await localImages(process.env, () => undefined, []);
const tiny = await tinyImage();
const node = await startNode({
  controlPlane: cp,
  dir: join(dir, 'node'),
  images: { ...images, others: [tiny] },
  log: () => undefined,
});
console.log(
  JSON.stringify({
    settings: node.settings,
    kubeconfig: cp.kubeconfigPath,
    binDir: cp.binDir,
    tiny: tiny.ref,
  }),
);
setInterval(() => undefined, 1 << 30);
