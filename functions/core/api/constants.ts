/** Names shared by every part of Kelos: API group, labels, env names. */
export const GROUP = 'kelos.dev';
export const VERSION = 'v1alpha1';
export const API_VERSION = `${GROUP}/${VERSION}`;

export const PLURALS = {
  Task: 'tasks',
  Workspace: 'workspaces',
  AgentConfig: 'agentconfigs',
  TaskSpawner: 'taskspawners',
} as const;

/** spawn emits it for each Task it creates (SPEC.md §2); report-github takes it as the cue for the first comment. */
export const SPAWNED_EVENT_TYPE = 'dev.kelos.taskspawner.spawned';

export const LABEL_TASK = 'kelos.dev/task';
export const LABEL_TASKSPAWNER = 'kelos.dev/taskspawner';
export const LABEL_NAME = 'app.kubernetes.io/name';
export const LABEL_COMPONENT = 'app.kubernetes.io/component';
export const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by';

/** ServiceAccount agent Pods run as, created per namespace by launch-pod (SPEC.md §4). */
export const AGENT_SERVICE_ACCOUNT = 'kelos-agent';
export const AGENT_UID = 61100;

export const OUTPUTS_START = '---KELOS_OUTPUTS_START---';
export const OUTPUTS_END = '---KELOS_OUTPUTS_END---';
/** The kubelet keeps the last this-many bytes of a container's termination message. */
export const TERMINATION_MESSAGE_MAX_BYTES = 4096;

/**
 * On every agent Pod (launch-pod puts it there, capture-outputs takes it off
 * once the Pod's Task is gone): a deleted Pod of a live Task stays, Terminating,
 * and keeps its name taken, so no launch can create a second Pod for the Task.
 */
export const POD_FINALIZER = 'kelos.dev/task-outcome';
