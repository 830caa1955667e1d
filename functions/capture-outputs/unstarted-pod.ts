/**
 * A Pod as launch-pod created it, before any kubelet reported on it: Pending
 * (or no phase), no container status, not being deleted. capture-outputs has
 * nothing to record from such a Pod: admission already made its Task Pending,
 * and the Pod's name is recorded once the Pod has something to say.
 * Decided from a Resource-mode event's object alone (pure), it lets the
 * Pod's add event be answered without reading the Task and the Pod; a
 * doctored object can only make this skip, and the Pod's later events (or the
 * resync tick) bring anything that matters.
 */
import type { KubeObject } from '../core/api/kube-types.js';
import type { Pod } from '../core/task/pod-types.js';

export function isUnstartedPod(obj: KubeObject | undefined): boolean {
  if (obj?.kind !== 'Pod' || obj.metadata.deletionTimestamp) return false;
  const status = (obj as Pod).status;
  const phase = status?.phase;
  if (phase !== undefined && phase !== 'Pending') return false;
  return !status?.containerStatuses?.length && !status?.initContainerStatuses?.length;
}
