/**
 * An image the kubelet cannot pull (ErrImagePull, ImagePullBackOff,
 * ErrImageNeverPull, InvalidImageName) would leave the Task Pending with an
 * empty message forever. Pure pieces: find such a container in the Pod, the
 * Task message that says so, and the condition that remembers since when
 * (its lastTransitionTime is the first time it was seen; `setCondition` keeps
 * it while the status stays True), so the Task fails after a bounded time.
 */
import type { Condition } from '../core/api/kube-types.js';
import { findCondition, setCondition } from '../core/task/conditions.js';
import type { ContainerStatus, Pod } from '../core/task/pod-types.js';
import { redactSecrets } from './redact.js';

export const IMAGE_PULL_REASONS: ReadonlySet<string> = new Set([
  'ErrImagePull',
  'ImagePullBackOff',
  'ErrImageNeverPull',
  'InvalidImageName',
]);
export const CONDITION_IMAGE_PULL_FAILING = 'ImagePullFailing';
const DETAIL_MAX_CHARS = 300;

export interface ImagePullProblem {
  container: string;
  image: string;
  reason: string;
  detail: string;
}

function problemIn(statuses: ContainerStatus[] | undefined, pod: Pod): ImagePullProblem | undefined {
  for (const s of statuses ?? []) {
    const waiting = s.state?.waiting;
    if (!waiting?.reason || !IMAGE_PULL_REASONS.has(waiting.reason)) continue;
    const spec = [...(pod.spec.initContainers ?? []), ...pod.spec.containers].find((c) => c.name === s.name);
    const detail = redactSecrets((waiting.message ?? '').replace(/\s+/g, ' ').trim());
    return {
      container: s.name,
      image: spec?.image || s.image || '',
      reason: waiting.reason,
      detail: detail.length > DETAIL_MAX_CHARS ? `${detail.slice(0, DETAIL_MAX_CHARS - 1)}…` : detail,
    };
  }
  return undefined;
}

/** The first container (init containers first, as the kubelet pulls them) whose image cannot be pulled. */
export function imagePullProblem(pod: Pod): ImagePullProblem | undefined {
  const status = pod.status ?? {};
  return problemIn(status.initContainerStatuses, pod) ?? problemIn(status.containerStatuses, pod);
}

export function imagePullMessage(p: ImagePullProblem): string {
  return `Cannot pull image ${JSON.stringify(p.image)} for container ${p.container}: ${p.reason}${p.detail ? ` (${p.detail})` : ''}`;
}

export function imagePullFailedMessage(p: ImagePullProblem, timeoutMs: number): string {
  return `Task failed: image ${JSON.stringify(p.image)} for container ${p.container} could not be pulled for ${formatDuration(timeoutMs)}: ${p.reason}${p.detail ? ` (${p.detail})` : ''}`;
}

/** Conditions with ImagePullFailing=True (the first time kept), or False again once the image came. */
export function withImagePullCondition(
  conditions: readonly Condition[] = [],
  problem: ImagePullProblem | undefined,
  now: Date,
): Condition[] {
  const current = findCondition(conditions, CONDITION_IMAGE_PULL_FAILING);
  if (!problem) {
    if (current?.status !== 'True') return [...conditions];
    return setCondition(conditions, {
      type: CONDITION_IMAGE_PULL_FAILING,
      status: 'False',
      reason: 'ImagePulled',
      message: '',
      lastTransitionTime: now.toISOString(),
    });
  }
  return setCondition(conditions, {
    type: CONDITION_IMAGE_PULL_FAILING,
    status: 'True',
    reason: problem.reason,
    message: imagePullMessage(problem),
    lastTransitionTime: now.toISOString(),
  });
}

/** Since when the image pull has been failing (undefined when it is not). */
export function imagePullFailingSince(conditions: readonly Condition[] | undefined): Date | undefined {
  const c = findCondition(conditions, CONDITION_IMAGE_PULL_FAILING);
  if (c?.status !== 'True' || !c.lastTransitionTime) return undefined;
  const t = new Date(c.lastTransitionTime);
  return Number.isNaN(t.getTime()) ? undefined : t;
}

/** 300000 → "5m", 90000 → "1m30s", 45000 → "45s". */
export function formatDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  const m = Math.floor(total / 60);
  const s = total % 60;
  if (m === 0) return `${s}s`;
  return s === 0 ? `${m}m` : `${m}m${s}s`;
}
