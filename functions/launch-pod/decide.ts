/**
 * Whether launch-pod should act on a Task, decided from the Task alone: it
 * must be admitted by resolve-dependencies (condition Admitted=True), not
 * being deleted, and have no Pod recorded yet, nor a phase a Pod would have
 * set (a Task never gets two Pods). The stage is core/task/stage.ts's, shared
 * with resolve-dependencies.
 */
import type { Task } from '../core/api/types.js';
import { taskStage } from '../core/task/stage.js';

export type LaunchDecision = { launch: true } | { launch: false; reason: string };

export function decideLaunch(task: Task): LaunchDecision {
  const at = taskStage(task);
  if (at.stage === 'admitted') return { launch: true };
  return { launch: false, reason: at.stage === 'gated' ? 'not admitted' : at.reason };
}
