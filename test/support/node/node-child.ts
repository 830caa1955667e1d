/**
 * A process that starts a control plane and a node (attached, as npm start
 * does), prints the node's settings as one JSON line, and waits to be killed.
 * The node-runtime test kills it with SIGKILL to prove the host is restored
 * when the parent dies without stopping anything.
 */
import { startNodeRig } from './node-rig.js';

const rig = await startNodeRig({ prefix: 'kelos-node-child-' });
console.log(
  JSON.stringify({
    settings: rig.node!.settings,
    kubeconfig: rig.cp.kubeconfigPath,
    binDir: rig.cp.binDir,
    tiny: rig.tiny,
  }),
);
setInterval(() => undefined, 1 << 30);
