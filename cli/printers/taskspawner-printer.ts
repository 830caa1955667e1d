/** Table and detail output of `kelos get taskspawner`. */
import type { Writable } from 'node:stream';
import type { TaskSpawner } from '../../functions/core/api/types.js';
import { age } from './human-duration.js';
import { DetailWriter, goSlice } from './detail.js';
import { writeTable } from './table.js';
import { withNamespace } from './task-printer.js';

/** SOURCE column: the workspace for GitHub sources, the schedule for cron, nothing for Jira. */
export function spawnerSource(ts: TaskSpawner): string {
  const { when, taskTemplate } = ts.spec;
  if (when.githubIssues) return taskTemplate.workspaceRef?.name || 'GitHub Issues';
  if (when.cron) return `cron: ${when.cron.schedule}`;
  return '';
}

export function printTaskSpawnerTable(
  out: Writable,
  items: TaskSpawner[],
  now: Date,
  allNamespaces: boolean,
): void {
  const rows = items.map((t) => [
    t.metadata.name ?? '',
    spawnerSource(t),
    t.status?.phase ?? '',
    String(t.status?.totalDiscovered ?? 0),
    String(t.status?.totalTasksCreated ?? 0),
    age(t.metadata.creationTimestamp, now),
  ]);
  const header = ['NAME', 'SOURCE', 'PHASE', 'DISCOVERED', 'TASKS', 'AGE'];
  writeTable(out, withNamespace(header, rows, items, allNamespaces));
}

export function printTaskSpawnerDetail(out: Writable, ts: TaskSpawner): void {
  const { when, taskTemplate } = ts.spec;
  const status = ts.status ?? {};
  const d = new DetailWriter()
    .field('Name', ts.metadata.name ?? '')
    .field('Namespace', ts.metadata.namespace ?? '')
    .field('Phase', status.phase ?? '')
    .optional('Workspace', taskTemplate.workspaceRef?.name);
  if (when.githubIssues) {
    const gh = when.githubIssues;
    d.field('Source', 'GitHub Issues')
      .optional('Types', gh.types?.length ? goSlice(gh.types) : undefined)
      .optional('State', gh.state)
      .optional('Labels', gh.labels?.length ? goSlice(gh.labels) : undefined)
      .optional('Reporting', reportingDetail(ts));
  } else if (when.cron) {
    d.field('Source', 'Cron').field('Schedule', when.cron.schedule);
  }
  d.field('Task Type', taskTemplate.type)
    .optional('Model', taskTemplate.model)
    .field('Poll Interval', ts.spec.pollInterval ?? '')
    .optional('Deployment', status.deploymentName)
    .field('Discovered', String(status.totalDiscovered ?? 0))
    .field('Tasks Created', String(status.totalTasksCreated ?? 0))
    .optional('Last Discovery', status.lastDiscoveryTime)
    .optional('Message', status.message);
  out.write(d.toString());
}

/** `kelos get taskspawner -d`: what is reported back to GitHub (SPEC.md §9), or nothing when off. */
export function reportingDetail(ts: TaskSpawner): string | undefined {
  const reporting = ts.spec.when.githubIssues?.reporting;
  if (!reporting?.enabled) return undefined;
  if (!reporting.checks) return 'Comment';
  return `Comment, Check Run "${reporting.checks.name || `Kelos: ${ts.metadata.name ?? ''}`}"`;
}
