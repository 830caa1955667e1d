/**
 * The names of the agent Pods (label kelos.dev/task) that exist, read page by
 * page for one resync sweep: an admitted Task is Pending from admission until
 * capture-outputs records its Pod, so the sweep cannot tell from the Task
 * whether its Pod exists, and a create per Pending Task per tick would be a
 * wasted write (AlreadyExists) for every starting agent. Only names are kept.
 */
import { LABEL_TASK } from '../core/api/constants.js';
import type { Pod } from '../core/task/pod-types.js';
import { listPages } from '../core/k8s/list-pages.js';
import type { KubePort } from '../core/k8s/port.js';
import { podKey } from '../core/task/pod-key.js';

export async function readPodNames(
  kube: Pick<KubePort, 'list'>,
  namespace: string | undefined,
): Promise<Set<string>> {
  const names = new Set<string>();
  const target = { apiVersion: 'v1', kind: 'Pod', namespace };
  for await (const page of listPages<Pod>(kube, target, { labelSelector: LABEL_TASK }))
    for (const pod of page) names.add(podKey(pod.metadata.namespace, pod.metadata.name));
  return names;
}
