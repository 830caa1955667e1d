/**
 * Launches one admitted Task: re-read it and its inputs, render the prompt
 * (a prompt too long for a ConfigMap fails the Task), resolve GitHub App
 * credentials, build the Pod (pure), create the prompt ConfigMap when the
 * prompt is too long for an argument, and create the Pod under the Task's
 * name (AlreadyExists from our own earlier attempt = success). Nothing is
 * written into the Task after the create: admission made it Pending, and
 * capture-outputs records the Pod's name (README.md, "One Pod per Task").
 * Every failure before the Pod exists fails the Task with the original's
 * message shape and a dev.kelos.task.failed event.
 */
import { API_VERSION } from '../core/api/constants.js';
import type { Stored } from '../core/api/kube-types.js';
import type { Task } from '../core/api/types.js';
import type { TaskObject } from '../core/task/objects.js';
import { isAlreadyExists } from '../core/k8s/errors.js';
import type { HandlerDeps, HandlerResult } from '../core/runtime/contract.js';
import { TransientError } from '../core/runtime/errors.js';
import { ownedBy } from '../core/task/owned-by.js';
import type { Pod } from '../core/task/pod-types.js';
import { taskEvent } from '../core/task/task-event.js';
import { updateTaskStatus } from '../core/task/update-status.js';
import { PodBuildError } from './build-error.js';
import { buildPod } from './build-pod.js';
import type { LaunchPodConfig } from './config.js';
import { decideLaunch } from './decide.js';
import { resolveGitHubTokenSecret } from './github-token.js';
import { readInputs, type Inputs } from './read-inputs.js';
import {
  decidePromptDelivery,
  promptConfigMap,
  PROMPT_KEY,
  type ConfigMapObject,
} from './prompt-delivery.js';
import { renderPrompt } from './render-prompt.js';
import { ensureAgentServiceAccount, forgetAgentServiceAccount } from './service-account.js';
import { failedStatus } from './task-status.js';
import { getNotOlderThan } from '../core/k8s/get-not-older.js';

export type LaunchDeps = HandlerDeps<LaunchPodConfig>;
type ReadyInputs = Extract<Inputs, { ready: true }>;

const errText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * `seenVersion`: the resourceVersion the event or the sweep's list carried; the
 * Task is read at that version or newer (core/k8s/get-not-older.ts). The Pod is
 * built from that read, the API server's copy, never from the event's object.
 */
export async function launchTask(
  deps: LaunchDeps,
  namespace: string,
  name: string,
  seenVersion?: string,
): Promise<HandlerResult> {
  const { kube, log } = deps;
  const ref = { apiVersion: API_VERSION, kind: 'Task', namespace, name };
  const task = await getNotOlderThan<TaskObject>(kube, ref, seenVersion);
  if (!task) return 'ignored';
  const decision = decideLaunch(task);
  if (!decision.launch) {
    log.debug('not launching', { reason: decision.reason });
    return 'ignored';
  }

  // No read of the Pod first: its name is the Task's, so a create that finds it taken (AlreadyExists)
  // says all a read would have, and the common case (no Pod yet) saves a request.
  const podRef = { apiVersion: 'v1', kind: 'Pod', namespace, name };
  const inputs = await readInputs(kube, task);
  const prepared = inputs.ready ? await preparePod(deps, task, inputs) : undefined;
  if (!prepared || 'failure' in prepared) {
    // Before waiting or failing the Task: a Pod an earlier attempt created (then crashed) wins.
    const existing = await kube.get<Pod>(podRef);
    if (existing) return ownOrWait(task, existing);
    if (prepared) return fail(deps, task, prepared.failure);
    log.info('waiting for an input of the Pod', { missing: !inputs.ready ? inputs.missing : '' });
    return 'handled';
  }
  const { pod } = prepared;

  await ensureAgentServiceAccount(kube, namespace);
  // The Pod mounts it: create it first, so the kubelet never waits for a missing ConfigMap.
  if (prepared.promptConfigMap) await ensurePromptConfigMap(deps, task, prepared.promptConfigMap);
  try {
    await kube.create(pod);
    deps.metrics?.taskCreated.inc({ namespace, type: task.spec.type });
    log.info('created Pod', { pod: name });
  } catch (err) {
    if (!isAlreadyExists(err)) {
      // e.g. the ServiceAccount was deleted since this process saw it: check it again on the retry.
      forgetAgentServiceAccount(kube, namespace);
      throw err;
    }
    const raced = await kube.get<Pod>(podRef);
    return ownOrWait(task, raced);
  }
  return 'handled';
}

/**
 * Renders the prompt, resolves GitHub App credentials and builds the Pod.
 * A failure here is the Task's own (bad template, bad key, unsupported type):
 * it comes back as the message to fail the Task with. GitHub being
 * unreachable is thrown as a TransientError so the event is redelivered.
 */
async function preparePod(
  deps: LaunchDeps,
  task: Stored<Task>,
  inputs: ReadyInputs,
): Promise<{ pod: Pod; promptConfigMap?: Stored<ConfigMapObject> } | { failure: string }> {
  let prompt: string;
  try {
    prompt = await renderPrompt(task, inputs.upstream);
  } catch (err) {
    return { failure: `Failed to render prompt: ${errText(err)}` };
  }
  // Refused before anything is created (no token Secret, no ConfigMap, no Pod).
  const delivery = decidePromptDelivery(task.metadata.name, prompt);
  if (delivery.kind === 'too-large') return { failure: delivery.message };
  let githubTokenSecret: string | undefined;
  if (inputs.workspace) {
    try {
      githubTokenSecret = await resolveGitHubTokenSecret({
        kube: deps.kube,
        task,
        workspace: inputs.workspace,
        githubApiBaseUrl: deps.config.githubApiBaseUrl,
        now: deps.now,
      });
    } catch (err) {
      // GitHub unreachable is worth a retry; anything else (bad key, 4xx) is the Task's problem.
      if (err instanceof TypeError)
        throw new TransientError(`minting GitHub App token: ${err.message}`, { cause: err });
      return { failure: `Failed to resolve GitHub token: ${errText(err)}` };
    }
  }
  try {
    const pod = buildPod({
      task,
      workspace: inputs.workspace,
      agentConfig: inputs.agentConfig,
      prompt,
      images: deps.config.images,
      imagePullPolicy: deps.config.imagePullPolicy,
      githubTokenSecret,
    });
    if (delivery.kind === 'file')
      return { pod, promptConfigMap: promptConfigMap(task, delivery.configMapName, prompt) };
    return { pod };
  } catch (err) {
    if (err instanceof PodBuildError) return { failure: `Failed to build Pod: ${err.message}` };
    throw err;
  }
}

/**
 * Creates the prompt ConfigMap; one already there from our own earlier attempt
 * (same Task uid) is brought up to date, someone else's is retried later.
 */
async function ensurePromptConfigMap(
  deps: LaunchDeps,
  task: Stored<Task>,
  body: Stored<ConfigMapObject>,
): Promise<void> {
  try {
    await deps.kube.create(body);
    return;
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }
  const namespace = body.metadata.namespace;
  const name = body.metadata.name;
  const existing = await deps.kube.get<ConfigMapObject>({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    namespace,
    name,
  });
  if (!existing || !ownedBy(existing, task.metadata.uid))
    throw new TransientError(`ConfigMap ${namespace}/${name} exists and is not owned by this Task`);
  if (existing.data?.[PROMPT_KEY] !== body.data?.[PROMPT_KEY])
    await deps.kube.replace<ConfigMapObject>({ ...existing, data: body.data ?? {} });
}

/** A Pod with the Task's name already exists: ours → done (nothing to write); someone else's → retry later. */
function ownOrWait(task: Stored<Task>, pod: Stored<Pod> | undefined): HandlerResult {
  if (pod && ownedBy(pod, task.metadata.uid)) return 'handled';
  // e.g. the Pod of a deleted Task of the same name, not yet garbage-collected.
  throw new TransientError(
    `Pod ${task.metadata.namespace}/${task.metadata.name} exists and is not owned by this Task`,
  );
}

async function fail(deps: LaunchDeps, task: Stored<Task>, message: string): Promise<HandlerResult> {
  deps.log.warn('Task failed before its Pod was created', { message });
  const result = await updateTaskStatus(deps.kube, task, (t) => failedStatus(t, message, deps.now()));
  if (result.written && result.task) await deps.emit(taskEvent('failed', result.task));
  return 'handled';
}
