/** Pure construction of the Task that `kelos run` creates (or prints with --dry-run). */
import type { AgentType, CredentialType, Task } from '../functions/core/api/types.js';
import type { EnvVar } from '../functions/core/api/kube-types.js';
import { API_VERSION } from '../functions/core/api/constants.js';
import { parseGoDuration } from './duration.js';

export interface RunInputs {
  name: string;
  namespace: string;
  type: string;
  prompt: string;
  secret: string;
  credentialType: string;
  model?: string | undefined;
  image?: string | undefined;
  workspace?: string | undefined;
  agentConfig?: string | undefined;
  dependsOn?: string[] | undefined;
  branch?: string | undefined;
  timeoutSeconds?: number | undefined;
  env?: EnvVar[] | undefined;
}

export function buildTask(i: RunInputs): Task {
  const spec: Task['spec'] = {
    type: i.type as AgentType,
    prompt: i.prompt,
    credentials: { type: i.credentialType as CredentialType, secretRef: { name: i.secret } },
  };
  if (i.model) spec.model = i.model;
  if (i.image) spec.image = i.image;
  if (i.workspace) spec.workspaceRef = { name: i.workspace };
  if (i.agentConfig) spec.agentConfigRef = { name: i.agentConfig };
  if (i.dependsOn?.length) spec.dependsOn = i.dependsOn;
  if (i.branch) spec.branch = i.branch;
  if (i.timeoutSeconds !== undefined || i.env?.length) {
    spec.podOverrides = {};
    if (i.timeoutSeconds !== undefined) spec.podOverrides.activeDeadlineSeconds = i.timeoutSeconds;
    if (i.env?.length) spec.podOverrides.env = i.env;
  }
  return { apiVersion: API_VERSION, kind: 'Task', metadata: { name: i.name, namespace: i.namespace }, spec };
}

/** `--timeout` in Go duration syntax → whole seconds (truncated, as the original). */
export function parseTimeout(value: string): number {
  let ns: number;
  try {
    ns = parseGoDuration(value);
  } catch (err) {
    throw new Error(`invalid --timeout value "${value}": ${(err as Error).message}`, { cause: err });
  }
  if (ns < 1e9) throw new Error('--timeout must be at least 1s');
  return Math.trunc(ns / 1e9);
}

/** `--env NAME=VALUE` (the value may contain `=` and may be empty). */
export function parseEnvFlag(value: string): EnvVar {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new Error(`invalid --env value "${value}": must be NAME=VALUE`);
  return { name: value.slice(0, eq), value: value.slice(eq + 1) };
}

const NAME_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** `task-` + 5 random lowercase alphanumerics. */
export function randomTaskName(random: () => number): string {
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += NAME_ALPHABET[Math.floor(random() * NAME_ALPHABET.length)];
  return `task-${suffix}`;
}
