/**
 * One writer per Task at a time, across replicas: a coordination.k8s.io/v1
 * Lease named from the Task's uid, created before touching GitHub and deleted
 * after (AlreadyExists = another replica is reporting it: answer 409, the
 * broker redelivers). Owned by the Task, so the garbage collector removes a
 * leftover; one older than STALE_MS (its holder died) is taken over.
 */
import { createHash } from 'node:crypto';
import { API_VERSION } from '../core/api/constants.js';
import type { KubeObject, Stored } from '../core/api/kube-types.js';
import type { Task } from '../core/api/types.js';
import { isAlreadyExists } from '../core/k8s/errors.js';
import type { KubePort } from '../core/k8s/port.js';
import { ConflictError } from '../core/runtime/errors.js';

export const STALE_MS = 30_000;
const LEASE_API = 'coordination.k8s.io/v1';

interface Lease extends KubeObject {
  spec?: { holderIdentity?: string; acquireTime?: string; leaseDurationSeconds?: number };
}

export function reportLeaseName(task: Task): string {
  return `kelos-report-${createHash('sha256')
    .update(task.metadata.uid ?? '')
    .digest('hex')
    .slice(0, 20)}`;
}

function lease(task: Stored<Task>, holder: string, now: Date): Lease {
  return {
    apiVersion: LEASE_API,
    kind: 'Lease',
    metadata: {
      name: reportLeaseName(task),
      namespace: task.metadata.namespace,
      ownerReferences: [
        {
          apiVersion: API_VERSION,
          kind: 'Task',
          name: task.metadata.name,
          uid: task.metadata.uid!,
          controller: false,
          blockOwnerDeletion: false,
        },
      ],
    },
    spec: {
      holderIdentity: holder,
      acquireTime: now.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z'),
      leaseDurationSeconds: STALE_MS / 1000,
    },
  };
}

/** Runs `work` holding the Task's report lease; throws ConflictError when another holder has it. */
export async function withReportLease<T>(
  kube: KubePort,
  task: Stored<Task>,
  ctx: { holder: string; now: () => Date },
  work: () => Promise<T>,
): Promise<T> {
  const ref = {
    apiVersion: LEASE_API,
    kind: 'Lease',
    namespace: task.metadata.namespace,
    name: reportLeaseName(task),
  };
  let created: Stored<Lease> | undefined;
  for (let attempt = 0; !created && attempt < 2; attempt++) {
    try {
      created = await kube.create(lease(task, ctx.holder, ctx.now()));
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      const held = await kube.get<Lease>(ref);
      const since = Date.parse(held?.spec?.acquireTime ?? '');
      if (held && !(ctx.now().getTime() - since > STALE_MS)) {
        throw new ConflictError(
          `Task ${ref.namespace}/${task.metadata.name} is being reported by ${held.spec?.holderIdentity ?? 'another replica'}`,
        );
      }
      // Gone meanwhile, or stale: take it over (the uid guard never deletes a fresh one).
      if (held) await kube.delete(ref, { uid: held.metadata.uid! }).catch(() => false);
    }
  }
  if (!created)
    throw new ConflictError(`Task ${ref.namespace}/${task.metadata.name}: report lease contended`);
  try {
    return await work();
  } finally {
    await kube.delete(ref, { uid: created.metadata.uid! }).catch(() => undefined);
  }
}
