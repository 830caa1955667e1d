/**
 * How the rendered prompt reaches the agent container (docs/agent-image-interface.md
 * "Prompt delivery"), decided from its size alone. Pure.
 *
 * - Up to 128 KiB - 1 byte: `args: [prompt]` ($1), as the original. The kernel
 *   refuses a longer single argument (MAX_ARG_STRLEN), so the container would
 *   not even start (`exec /kelos_entrypoint.sh: argument list too long`).
 * - Up to 1 MiB (less the key): a ConfigMap `<task>-prompt`, owned by the Task,
 *   mounted read-only; `KELOS_PROMPT_FILE` names the file and there is no $1.
 * - Larger: refused, since a ConfigMap (and a Secret) holds at most 1 MiB and
 *   env vars are bound by the same per-string limit as arguments.
 */
import { LABEL_TASK } from '../core/api/constants.js';
import type { EnvVar, KubeObject, Stored } from '../core/api/kube-types.js';
import type { Task } from '../core/api/types.js';
import type { Volume, VolumeMount } from '../core/task/pod-types.js';
import { taskOwnerReference } from '../core/task/task-owner-reference.js';

/** The longest single execve argument (MAX_ARG_STRLEN = 32 pages, including the NUL). */
export const PROMPT_ARG_MAX_BYTES = 128 * 1024 - 1;
export const PROMPT_KEY = 'prompt';
/** ConfigMap data is limited to 1 MiB. */
export const PROMPT_FILE_MAX_BYTES = 1024 * 1024 - PROMPT_KEY.length;
export const PROMPT_DIR = '/kelos/prompt';
export const PROMPT_FILE = `${PROMPT_DIR}/${PROMPT_KEY}`;
export const PROMPT_VOLUME = 'kelos-prompt';
export const PROMPT_FILE_ENV = 'KELOS_PROMPT_FILE';

export interface ConfigMapObject extends KubeObject {
  data?: Record<string, string>;
}

export type PromptDelivery =
  { kind: 'arg' } | { kind: 'file'; configMapName: string } | { kind: 'too-large'; message: string };

export function promptConfigMapName(taskName: string): string {
  return `${taskName}-prompt`;
}

export function decidePromptDelivery(taskName: string, prompt: string): PromptDelivery {
  const bytes = Buffer.byteLength(prompt, 'utf8');
  if (bytes <= PROMPT_ARG_MAX_BYTES) return { kind: 'arg' };
  if (bytes <= PROMPT_FILE_MAX_BYTES) return { kind: 'file', configMapName: promptConfigMapName(taskName) };
  return {
    kind: 'too-large',
    message:
      `Prompt too large: the rendered prompt is ${bytes} bytes; at most ${PROMPT_FILE_MAX_BYTES} ` +
      `can be delivered to the agent (a Kubernetes ConfigMap holds at most 1 MiB)`,
  };
}

/** The ConfigMap holding a file-delivered prompt; owned by the Task so it goes with it. */
/** Named and namespaced as it will be stored (the Task's namespace). */
export function promptConfigMap(task: Stored<Task>, name: string, prompt: string): Stored<ConfigMapObject> {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name,
      namespace: task.metadata.namespace,
      labels: { [LABEL_TASK]: task.metadata.name },
      ownerReferences: [taskOwnerReference(task)],
    },
    data: { [PROMPT_KEY]: prompt },
  };
}

/** What the agent container gets for a file-delivered prompt: volume, mount and env. */
export function promptFileParts(configMapName: string): { volume: Volume; mount: VolumeMount; env: EnvVar } {
  return {
    volume: { name: PROMPT_VOLUME, configMap: { name: configMapName, defaultMode: 0o444 } },
    mount: { name: PROMPT_VOLUME, mountPath: PROMPT_DIR, readOnly: true },
    env: { name: PROMPT_FILE_ENV, value: PROMPT_FILE },
  };
}
