/**
 * The Check Run for a Task spawned from a pull request (pure): `in_progress`
 * until the Task finishes, then `completed` with `success` or `failure` and a
 * summary. The Task's uid is its external_id, so the run is found again.
 */
import type { Task, TaskSpawner } from '../core/api/types.js';
import { finishedLines } from './render-comment.js';
import { reportPhase } from './phase-rank.js';

export interface CheckRunFields {
  name: string;
  external_id: string;
  status: 'in_progress' | 'completed';
  conclusion?: 'success' | 'failure';
  output: { title: string; summary: string };
}

/** `reporting.checks.name`, default `Kelos: <taskspawner-name>`. */
export function checkRunName(spawner: TaskSpawner): string {
  return spawner.spec.when.githubIssues?.reporting?.checks?.name || `Kelos: ${spawner.metadata.name ?? ''}`;
}

export function renderCheckRun(task: Task, name: string): CheckRunFields {
  const phase = reportPhase(task);
  const id = `${task.metadata.namespace}/${task.metadata.name}`;
  const base = { name, external_id: task.metadata.uid ?? '' };
  if (phase !== 'Succeeded' && phase !== 'Failed') {
    const summary =
      phase === 'Waiting'
        ? `Waiting: ${task.status?.message ?? ''}`
        : `Task \`${id}\` is ${phase.toLowerCase()}.`;
    return { ...base, status: 'in_progress', output: { title: phase, summary } };
  }
  const lines = finishedLines(task);
  if (phase === 'Failed') lines.unshift(`Failed: ${task.status?.message ?? ''}`, '');
  return {
    ...base,
    status: 'completed',
    conclusion: phase === 'Succeeded' ? 'success' : 'failure',
    output: { title: phase, summary: [`Task \`${id}\``, '', ...lines].join('\n') },
  };
}
