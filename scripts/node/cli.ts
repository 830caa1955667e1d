/**
 * `npm run node:up` / `npm run node:down`: the local node beside the embedded
 * control plane of `npm run cluster:up`, in .kelos/node, running in the background.
 *   up           starts the control plane if needed, then the node (idempotent)
 *   down         stops the node and restores the host
 *   status       prints whether it runs
 *   restore <n>  restores slot n from what it left in /run/kelos-node (guard.sh, after a crash)
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { up as clusterUp } from '../control-plane/cli.js';
import { isAlive, stopPid } from '../control-plane/processes.js';
import { localImages } from './local-images.js';
import { restoreSlot, startNode, type NodeState } from './node.js';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const LOCAL_NODE_DIR = join(ROOT, '.kelos', 'node');

async function readNode(): Promise<NodeState | undefined> {
  try {
    return JSON.parse(await readFile(join(LOCAL_NODE_DIR, 'node.json'), 'utf8')) as NodeState;
  } catch {
    return undefined;
  }
}

const running = (n: NodeState | undefined): n is NodeState =>
  !!n && isAlive(n.pids.kubelet) && isAlive(n.pids.containerd);

async function down(): Promise<boolean> {
  const node = await readNode();
  if (!node) return false;
  for (const pid of [node.pids.scheduler, node.pids.kubelet, node.pids.containerd]) await stopPid(pid, 5000);
  const report = await restoreSlot(node.settings.slot);
  for (const p of report?.problems ?? []) console.error(`[node] not restored: ${p}`);
  return true;
}

async function main(command: string | undefined, arg: string | undefined): Promise<number> {
  switch (command) {
    case 'up': {
      const existing = await readNode();
      if (running(existing)) {
        console.error(
          `node already running (slot ${existing.settings.slot}, bridge ${existing.settings.bridge})`,
        );
        return 0;
      }
      if (existing) await down();
      const { state } = await clusterUp();
      const images = await localImages(process.env, (l) => console.error(`[node] ${l}`));
      const node = await startNode({ controlPlane: state, dir: LOCAL_NODE_DIR, images, detached: true });
      console.error(
        `node ${node.settings.nodeName} ready in ${(node.startedMs / 1000).toFixed(1)} s (slot ${node.settings.slot}, bridge ${node.settings.bridge} ${node.settings.gateway}, images: ${node.images.join(', ')})`,
      );
      return 0;
    }
    case 'down':
      console.error((await down()) ? 'node stopped, host restored' : 'no node was running');
      return 0;
    case 'status': {
      const node = await readNode();
      console.log(running(node) ? `running (slot ${node.settings.slot})` : 'not running');
      return running(node) ? 0 : 1;
    }
    case 'restore': {
      const slot = Number(arg);
      if (!Number.isInteger(slot)) {
        console.error('usage: cli.ts restore <slot>');
        return 2;
      }
      const report = await restoreSlot(slot);
      console.error(
        report ? `slot ${slot} restored: ${JSON.stringify(report)}` : `slot ${slot}: nothing to restore`,
      );
      return report?.problems.length ? 1 : 0;
    }
    default:
      console.error('usage: cli.ts up|down|status|restore <slot>');
      return 2;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv[2], process.argv[3]).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`Error: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
