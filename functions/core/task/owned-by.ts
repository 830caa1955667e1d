import type { KubeObject } from '../api/kube-types.js';

/** True when `obj` has an ownerReference to the object with this uid. */
export function ownedBy(obj: KubeObject | undefined, uid: string | undefined): boolean {
  return !!uid && !!obj?.metadata.ownerReferences?.some((r) => r.uid === uid);
}
