/** Table and detail output of `kelos get task`. */
import type { Writable } from 'node:stream';
import type { Task } from '../../functions/core/api/types.js';
import { age, humanDuration } from './human-duration.js';
import { DetailWriter } from './detail.js';
import { writeTable } from './table.js';

/** "-" before the Task started, completion − start when done, else now − start. */
export function taskDuration(task: Task, now: Date): string {
  const start = task.status?.startTime;
  if (!start) return '-';
  const end = task.status?.completionTime ? Date.parse(task.status.completionTime) : now.getTime();
  return humanDuration(end - Date.parse(start));
}

export function printTaskTable(out: Writable, tasks: Task[], now: Date, allNamespaces: boolean): void {
  const header = ['NAME', 'TYPE', 'PHASE', 'BRANCH', 'WORKSPACE', 'AGENT CONFIG', 'DURATION', 'AGE'];
  const rows = tasks.map((t) => [
    t.metadata.name ?? '',
    t.spec.type,
    t.status?.phase ?? '',
    t.spec.branch || '-',
    t.spec.workspaceRef?.name || '-',
    t.spec.agentConfigRef?.name || '-',
    taskDuration(t, now),
    age(t.metadata.creationTimestamp, now),
  ]);
  writeTable(out, withNamespace(header, rows, tasks, allNamespaces));
}

export function printTaskDetail(out: Writable, task: Task, now: Date): void {
  const { spec, status = {} } = task;
  const d = new DetailWriter()
    .field('Name', task.metadata.name ?? '')
    .field('Namespace', task.metadata.namespace ?? '')
    .field('Type', spec.type)
    .field('Phase', status.phase ?? '')
    .field('Prompt', spec.prompt)
    .field('Secret', spec.credentials.secretRef.name)
    .field('Credential Type', spec.credentials.type)
    .optional('Model', spec.model)
    .optional('Image', spec.image)
    .optional('Branch', spec.branch)
    .optional('Depends On', spec.dependsOn?.join(', '))
    .optional('Workspace', spec.workspaceRef?.name)
    .optional('Agent Config', spec.agentConfigRef?.name)
    .optional(
      'TTL',
      spec.ttlSecondsAfterFinished === undefined ? undefined : `${spec.ttlSecondsAfterFinished}s`,
    )
    .optional(
      'Timeout',
      spec.podOverrides?.activeDeadlineSeconds === undefined
        ? undefined
        : `${spec.podOverrides.activeDeadlineSeconds}s`,
    )
    .optional('Job', status.jobName)
    .optional('Pod', status.podName)
    .optional('Start Time', status.startTime)
    .optional('Completion Time', status.completionTime)
    .optional('Duration', status.startTime ? taskDuration(task, now) : undefined)
    .optional('Message', status.message)
    .optional('Outputs', status.outputs?.join('\n'));
  const results = Object.entries(status.results ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  d.optional('Results', results.map(([k, v]) => `${k}=${v}`).join('\n'));
  out.write(d.toString());
}

/** Prepends the NAMESPACE column used with -A. */
export function withNamespace<T extends { metadata: { namespace?: string } }>(
  header: string[],
  rows: string[][],
  items: T[],
  allNamespaces: boolean,
): string[][] {
  if (!allNamespaces) return [header, ...rows];
  return [['NAMESPACE', ...header], ...rows.map((r, i) => [items[i]?.metadata.namespace ?? '', ...r])];
}
