/**
 * The branch lock across function replicas: a coordination.k8s.io/v1 Lease
 * per lock key in the Task's namespace, created by the Task that takes the
 * lock (so the API server arbitrates: AlreadyExists = held by someone else),
 * owned by it (garbage-collected with it), deleted when it finishes.
 * Nothing is kept in memory.
 */
import { API_VERSION, LABEL_TASK } from '../api/constants.js';
import type { KubeObject, Stored } from '../api/kube-types.js';
import type { Task } from '../api/types.js';
import { isAlreadyExists } from '../k8s/errors.js';
import type { KubePort } from '../k8s/port.js';
import { isFinished } from '../task/is-finished.js';
import type { TaskObject } from '../task/objects.js';
import {
  LOCK_KEY_ANNOTATION,
  branchLeaseName,
  branchLockKey,
  lockedByMessage,
  queuedBehindMessage,
} from './lock-key.js';
import { queuedBehind } from './queue.js';
import { broken } from '../test-hooks/broken-guarantee.js';
import { listAll } from '../k8s/list-pages.js';

export { branchLockKey } from './lock-key.js';

export interface Lease extends KubeObject {
  spec?: { holderIdentity?: string; acquireTime?: string };
}

export type AcquireResult = { acquired: true } | { acquired: false; holder: string; message: string };

const LEASE_API = 'coordination.k8s.io/v1';

/** Lease times are MicroTime: RFC 3339 with exactly six fractional digits. */
function microTime(now: Date): string {
  return now.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

function leaseRef(task: Stored<Task>, key: string) {
  return {
    apiVersion: LEASE_API,
    kind: 'Lease',
    namespace: task.metadata.namespace,
    name: branchLeaseName(key),
  };
}

function ownerUid(lease: Lease): string | undefined {
  return lease.metadata.ownerReferences?.find((o) => o.kind === 'Task')?.uid;
}

function heldBy(lease: Lease, task: Stored<Task>): boolean {
  const uid = ownerUid(lease);
  return (
    lease.spec?.holderIdentity === task.metadata.name && (uid === undefined || uid === task.metadata.uid)
  );
}

function newLease(task: Stored<Task>, key: string, now: Date): Lease {
  const ref = leaseRef(task, key);
  return {
    apiVersion: LEASE_API,
    kind: 'Lease',
    metadata: {
      name: ref.name,
      namespace: ref.namespace,
      labels: { [LABEL_TASK]: task.metadata.name },
      annotations: { [LOCK_KEY_ANNOTATION]: key },
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
    spec: { holderIdentity: task.metadata.name, acquireTime: microTime(now) },
  };
}

/** A Lease whose holder Task is gone, re-created, or finished no longer locks anything. */
async function isStale(kube: KubePort, lease: Stored<Lease>): Promise<boolean> {
  const holder = lease.spec?.holderIdentity;
  if (!holder) return true;
  const task = await kube.get<TaskObject>({
    apiVersion: API_VERSION,
    kind: 'Task',
    namespace: lease.metadata.namespace,
    name: holder,
  });
  if (!task) return true;
  const uid = ownerUid(lease);
  if (uid !== undefined && task.metadata.uid !== uid) return true;
  return isFinished(task);
}

export interface AcquireOptions {
  /** The Tasks of the namespace, when the caller already listed them (for the FIFO check). */
  tasks?: readonly Stored<Task>[];
}

/**
 * Takes the branch lock for `task`, or says who holds it / who is ahead in
 * the queue. Idempotent: a Task that already holds the Lease acquires again.
 */
export async function acquireBranchLease(
  kube: KubePort,
  task: Stored<Task>,
  now: Date,
  options: AcquireOptions = {},
): Promise<AcquireResult> {
  const key = branchLockKey(task);
  if (!key || broken('branch-lease')) return { acquired: true };
  const branch = task.spec.branch!;
  const ref = leaseRef(task, key);
  for (let attempt = 0; attempt < 3; attempt++) {
    const existing = await kube.get<Lease>(ref);
    if (existing) {
      if (heldBy(existing, task)) return { acquired: true };
      if (!(await isStale(kube, existing))) {
        const holder = existing.spec?.holderIdentity ?? '';
        return { acquired: false, holder, message: lockedByMessage(branch, holder) };
      }
      // Guarded by uid: if another replica already replaced the stale Lease, this deletes nothing.
      await kube.delete(ref, { uid: existing.metadata.uid! });
    }
    const tasks =
      options.tasks ??
      (await listAll<TaskObject>(kube, {
        apiVersion: API_VERSION,
        kind: 'Task',
        namespace: task.metadata.namespace,
      }));
    const ahead = queuedBehind(task, tasks);
    if (ahead)
      return {
        acquired: false,
        holder: ahead.metadata.name,
        message: queuedBehindMessage(branch, ahead.metadata.name),
      };
    try {
      await kube.create<Lease>(newLease(task, key, now));
      return { acquired: true };
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      // Someone took it between our read and create: look again at who holds it.
    }
  }
  const holder = (await kube.get<Lease>(ref))?.spec?.holderIdentity ?? '';
  return { acquired: false, holder, message: lockedByMessage(branch, holder) };
}

/** Deletes the Task's branch Lease if, and only if, this Task (same uid) holds it. Returns whether it deleted. */
export async function releaseBranchLease(kube: KubePort, task: Stored<Task>): Promise<boolean> {
  const key = branchLockKey(task);
  if (!key) return false;
  const lease = await kube.get<Lease>(leaseRef(task, key));
  if (!lease || !heldBy(lease, task)) return false;
  return kube.delete(leaseRef(task, key), { uid: lease.metadata.uid! });
}
