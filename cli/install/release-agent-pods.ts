/**
 * `kelos uninstall`, before the CRDs go: takes the kelos.dev/task-outcome
 * finalizer off every agent Pod (label kelos.dev/task). capture-outputs
 * removes it once a Pod's Task is gone, but the functions are removed first,
 * so without this every agent Pod would stay Terminating forever once the
 * Tasks go with their CRD. Each Pod is written back with the resourceVersion
 * read; a Conflict is read again and retried.
 */
import { LABEL_TASK, POD_FINALIZER } from '../../functions/core/api/constants.js';
import type { AnyObject, CliKube } from '../kube/client.js';
import { isConflict, isNotFound } from '../kube/errors.js';

const ATTEMPTS = 5;

/** Returns how many Pods were released. */
export async function releaseAgentPods(kube: CliKube): Promise<number> {
  const pods = await kube.list<AnyObject>('v1', 'Pod', undefined);
  let released = 0;
  for (const pod of pods) {
    if (pod.metadata.labels?.[LABEL_TASK] === undefined) continue;
    if (await releaseOne(kube, pod)) released++;
  }
  return released;
}

async function releaseOne(kube: CliKube, listed: AnyObject): Promise<boolean> {
  const ref = {
    apiVersion: 'v1',
    kind: 'Pod',
    namespace: listed.metadata.namespace!,
    name: listed.metadata.name!,
  };
  let pod: AnyObject | undefined = listed;
  for (let attempt = 0; attempt < ATTEMPTS && pod; attempt++) {
    const finalizers = pod.metadata.finalizers ?? [];
    if (!finalizers.includes(POD_FINALIZER)) return false;
    try {
      await kube.replace({
        ...pod,
        metadata: { ...pod.metadata, finalizers: finalizers.filter((f) => f !== POD_FINALIZER) },
      });
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      if (!isConflict(err))
        throw new Error(
          `removing the finalizer of Pod ${ref.namespace}/${ref.name}: ${(err as Error).message}`,
          {
            cause: err,
          },
        );
    }
    pod = await kube.get<AnyObject>(ref);
  }
  throw new Error(
    `removing the finalizer of Pod ${ref.namespace}/${ref.name}: it kept changing (${ATTEMPTS} conflicts)`,
  );
}
