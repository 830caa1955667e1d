/**
 * The agent Pods of a resync sweep, read page by page and kept slim (metadata,
 * of the managed fields only their times, status, and of the spec only each
 * container's name and image, which is all that observing a Pod reads): 10,000 Pods of ~8 KB each would otherwise
 * be held whole, with their JSON, for the length of the sweep.
 */
import { LABEL_TASK } from '../core/api/constants.js';
import type { Stored } from '../core/api/kube-types.js';
import { listPages } from '../core/k8s/list-pages.js';
import type { KubePort } from '../core/k8s/port.js';
import { podKey } from '../core/task/pod-key.js';
import type { Container, Pod } from '../core/task/pod-types.js';

const slimContainer = (c: Container): Container => ({ name: c.name, image: c.image });

export function slimPod(pod: Stored<Pod>): Stored<Pod> {
  const metadata = { ...pod.metadata };
  // Of the managed fields only their times: when the Pod was last written (sweep-skip.ts).
  const times = pod.metadata.managedFields?.map((f) => f.time).filter((t) => t !== undefined);
  if (times?.length) metadata.managedFields = times.map((time) => ({ time }));
  else delete metadata.managedFields;
  const slim: Stored<Pod> = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata,
    spec: { containers: pod.spec.containers.map(slimContainer) },
  };
  if (pod.spec.initContainers) slim.spec.initContainers = pod.spec.initContainers.map(slimContainer);
  if (pod.status) slim.status = pod.status;
  return slim;
}

export async function readPodIndex(
  kube: Pick<KubePort, 'list'>,
  namespace: string | undefined,
): Promise<Map<string, Stored<Pod>>> {
  const index = new Map<string, Stored<Pod>>();
  const target = { apiVersion: 'v1', kind: 'Pod', namespace };
  for await (const page of listPages<Pod>(kube, target, { labelSelector: LABEL_TASK })) {
    for (const pod of page) index.set(podKey(pod.metadata.namespace, pod.metadata.name), slimPod(pod));
  }
  return index;
}
