/**
 * The one Task builder used by polling, webhooks and cron (KELOS-BEHAVIOUR
 * §3.4 step 7): name `<spawner>-<item id>`, label kelos.dev/taskspawner, the
 * template's fields copied, prompt and branch already rendered.
 */
import { API_VERSION, LABEL_TASKSPAWNER } from '../../core/api/constants.js';
import type { Task, TaskSpawner, TaskSpec } from '../../core/api/types.js';
import { originFromItem, originMetadata } from '../../core/task/github-origin.js';
import type { WorkItem } from './work-item.js';

export function taskName(spawnerName: string, item: Pick<WorkItem, 'id'>): string {
  return `${spawnerName}-${item.id}`;
}

export interface BuiltTask {
  spawner: TaskSpawner;
  item: WorkItem;
  prompt: string;
  branch: string;
}

export function buildTask({ spawner, item, prompt, branch }: BuiltTask): Task {
  const t = spawner.spec.taskTemplate;
  const spec: TaskSpec = { type: t.type, prompt, credentials: t.credentials };
  if (t.model) spec.model = t.model;
  if (t.image) spec.image = t.image;
  if (t.ttlSecondsAfterFinished !== undefined) spec.ttlSecondsAfterFinished = t.ttlSecondsAfterFinished;
  if (t.podOverrides) spec.podOverrides = t.podOverrides;
  if (t.workspaceRef) spec.workspaceRef = t.workspaceRef;
  if (t.agentConfigRef) spec.agentConfigRef = t.agentConfigRef;
  if (t.dependsOn && t.dependsOn.length > 0) spec.dependsOn = t.dependsOn;
  if (branch) spec.branch = branch;
  const name = spawner.metadata.name ?? '';
  const metadata: Task['metadata'] = {
    name: taskName(name, item),
    labels: { [LABEL_TASKSPAWNER]: name },
  };
  if (spawner.metadata.namespace) metadata.namespace = spawner.metadata.namespace;
  // Where it came from, for report-github (core/task/github-origin.ts).
  const origin = spawner.spec.when.githubIssues ? originFromItem(item) : undefined;
  if (origin) {
    const recorded = originMetadata(origin);
    metadata.labels = { ...metadata.labels, ...recorded.labels };
    metadata.annotations = recorded.annotations;
  }
  return { apiVersion: API_VERSION, kind: 'Task', metadata, spec };
}
