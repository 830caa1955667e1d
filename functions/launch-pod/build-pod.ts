/**
 * Builds the agent Pod for a Task: a pure function, no API calls
 * (KELOS-BEHAVIOUR §2.8 with the SPEC.md §3 differences: a Pod instead of a
 * Job, named after the Task, hardened, ServiceAccount kelos-agent without a
 * token). Throws PodBuildError with the original's messages.
 */
import {
  AGENT_SERVICE_ACCOUNT,
  LABEL_COMPONENT,
  LABEL_MANAGED_BY,
  LABEL_NAME,
  LABEL_TASK,
  POD_FINALIZER,
} from '../core/api/constants.js';
import type { Stored } from '../core/api/kube-types.js';
import type { AgentConfig, Task, Workspace } from '../core/api/types.js';
import type { Container, Pod, Volume, VolumeMount } from '../core/task/pod-types.js';
import { taskOwnerReference } from '../core/task/task-owner-reference.js';
import { PodBuildError } from './build-error.js';
import { isSupportedAgentType } from './credential-env.js';
import {
  branchSetupContainer,
  gitCloneContainer,
  remoteSetupContainer,
  REPO_DIR,
  WORKSPACE_MOUNT,
  WORKSPACE_VOLUME,
} from './git-init-containers.js';
import type { PodImages } from './images.js';
import { mainEnv } from './main-env.js';
import { PLUGIN_DIR, PLUGIN_VOLUME, pluginSetupContainer } from './plugin-setup.js';
import { decidePromptDelivery, PROMPT_FILE_ENV, promptFileParts } from './prompt-delivery.js';
import { containerSecurityContext, podSecurityContext } from './security.js';
import { workspaceEnv } from './workspace-env.js';
import { workspaceFilesContainer } from './workspace-files.js';

export interface BuildPodInput {
  task: Stored<Task>;
  workspace?: Workspace | undefined;
  agentConfig?: AgentConfig | undefined;
  /** The rendered prompt: the agent container's only argument, or a mounted file when too long for one (prompt-delivery.ts). */
  prompt: string;
  images: PodImages;
  imagePullPolicy?: string | undefined;
  /** The generated `<task>-github-token` Secret, when the Workspace uses a GitHub App. */
  githubTokenSecret?: string | undefined;
}

export const ENTRYPOINT = '/kelos_entrypoint.sh';

export function podLabels(taskName: string): Record<string, string> {
  return {
    [LABEL_NAME]: 'kelos',
    [LABEL_COMPONENT]: 'task',
    [LABEL_MANAGED_BY]: 'kelos-controller',
    [LABEL_TASK]: taskName,
  };
}

export function buildPod(input: BuildPodInput): Pod {
  const { task, workspace, agentConfig, images } = input;
  const { spec } = task;
  if (!isSupportedAgentType(spec.type))
    throw new PodBuildError(`unsupported agent type: ${String(spec.type)}`);

  const wsEnv = workspace ? workspaceEnv(workspace, input.githubTokenSecret) : undefined;
  const plugins = agentConfig?.spec.plugins ?? [];
  const init: (Container | undefined)[] = [];
  const volumes: Volume[] = [];
  const mounts: VolumeMount[] = [];

  if (workspace && wsEnv) {
    const gitEnv = [...wsEnv.host, ...wsEnv.token];
    const withToken = wsEnv.tokenSecret !== undefined;
    init.push(gitCloneContainer(workspace, images.git, gitEnv, withToken));
    init.push(remoteSetupContainer(workspace, images.git));
    if (spec.branch) init.push(branchSetupContainer(spec.branch, images.git, gitEnv, withToken));
    init.push(workspaceFilesContainer(workspace.spec.files ?? [], images.git));
    volumes.push({ name: WORKSPACE_VOLUME, emptyDir: {} });
    mounts.push({ name: WORKSPACE_VOLUME, mountPath: WORKSPACE_MOUNT });
  }
  if (plugins.length > 0) {
    init.push(pluginSetupContainer(plugins, images.git));
    volumes.push({ name: PLUGIN_VOLUME, emptyDir: {} });
    mounts.push({ name: PLUGIN_VOLUME, mountPath: PLUGIN_DIR });
  }

  const delivery = decidePromptDelivery(task.metadata.name, input.prompt);
  if (delivery.kind === 'too-large') throw new PodBuildError(delivery.message);
  // KELOS_PROMPT_FILE is Kelos's alone: a podOverrides.env entry of that name would replace or invent the prompt.
  const env = mainEnv({ task, workspace, wsEnv, agentConfig }).filter((e) => e.name !== PROMPT_FILE_ENV);
  if (delivery.kind === 'file') {
    const parts = promptFileParts(delivery.configMapName);
    volumes.push(parts.volume);
    mounts.push(parts.mount);
    env.unshift(parts.env);
  }

  const main: Container = {
    name: spec.type,
    image: spec.image || images.agents[spec.type],
    ...(input.imagePullPolicy ? { imagePullPolicy: input.imagePullPolicy } : {}),
    command: [ENTRYPOINT],
    ...(delivery.kind === 'arg' ? { args: [input.prompt] } : {}),
    env,
    ...(spec.podOverrides?.resources ? { resources: spec.podOverrides.resources } : {}),
    ...(workspace ? { workingDir: REPO_DIR } : {}),
    ...(mounts.length > 0 ? { volumeMounts: mounts } : {}),
    terminationMessagePolicy: 'FallbackToLogsOnError',
    securityContext: containerSecurityContext(false),
  };
  const initContainers = init
    .filter((c): c is Container => c !== undefined)
    // FallbackToLogsOnError: a failing init container's last log lines (e.g. git's "Authentication
    // failed") become its termination message, which capture-outputs quotes in the Task's message.
    .map((c) => ({
      ...c,
      terminationMessagePolicy: 'FallbackToLogsOnError' as const,
      securityContext: containerSecurityContext(true),
    }));

  const overrides = spec.podOverrides;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: task.metadata.name,
      namespace: task.metadata.namespace,
      labels: podLabels(task.metadata.name),
      ownerReferences: [taskOwnerReference(task)],
      // Keeps a deleted Pod's name taken while its Task lives: a launch from a stale read gets AlreadyExists.
      finalizers: [POD_FINALIZER],
    },
    spec: {
      restartPolicy: 'Never',
      serviceAccountName: AGENT_SERVICE_ACCOUNT,
      automountServiceAccountToken: false,
      ...(overrides?.activeDeadlineSeconds !== undefined
        ? { activeDeadlineSeconds: overrides.activeDeadlineSeconds }
        : {}),
      ...(overrides?.nodeSelector && Object.keys(overrides.nodeSelector).length > 0
        ? { nodeSelector: overrides.nodeSelector }
        : {}),
      securityContext: podSecurityContext(workspace !== undefined),
      ...(initContainers.length > 0 ? { initContainers } : {}),
      containers: [main],
      ...(volumes.length > 0 ? { volumes } : {}),
    },
  };
}
