/**
 * The git init containers of an agent Pod (KELOS-BEHAVIOUR §2.8, §4.2):
 * git-clone (shallow, optional --branch, token via a credential helper that
 * is persisted in the clone so the agent can push), remote-setup and
 * branch-setup. The token never appears in a script: the helper reads
 * $GITHUB_TOKEN from the environment when git calls it.
 */
import type { EnvVar } from '../core/api/kube-types.js';
import type { Workspace } from '../core/api/types.js';
import type { Container } from '../core/task/pod-types.js';
import { shellQuote } from './shell-quote.js';

export const WORKSPACE_VOLUME = 'workspace';
export const WORKSPACE_MOUNT = '/workspace';
export const REPO_DIR = '/workspace/repo';

export const CREDENTIAL_HELPER = `!f() { echo "username=x-access-token"; echo "password=$GITHUB_TOKEN"; }; f`;
const HELPER_ARG = `credential.helper=${shellQuote(CREDENTIAL_HELPER)}`;

const workspaceMount = [{ name: WORKSPACE_VOLUME, mountPath: WORKSPACE_MOUNT }];

export function cloneArgs(workspace: Workspace): string[] {
  const ref = workspace.spec.ref;
  return [
    'clone',
    ...(ref ? ['--branch', ref] : []),
    '--no-single-branch',
    '--depth',
    '1',
    '--',
    workspace.spec.repo,
    REPO_DIR,
  ];
}

/** `env` is the workspace env subset (GH_HOST, GITHUB_TOKEN, GH_TOKEN/GH_ENTERPRISE_TOKEN). */
export function gitCloneContainer(
  workspace: Workspace,
  image: string,
  env: EnvVar[],
  withToken: boolean,
): Container {
  const base: Container = { name: 'git-clone', image, volumeMounts: workspaceMount };
  if (env.length > 0) base.env = env;
  if (!withToken) return { ...base, args: cloneArgs(workspace) };
  const script = `git -c ${HELPER_ARG} "$@" && git -C ${REPO_DIR} config credential.helper ${shellQuote(CREDENTIAL_HELPER)}`;
  return { ...base, command: ['sh', '-c', script], args: ['--', ...cloneArgs(workspace)] };
}

export function remoteSetupContainer(workspace: Workspace, image: string): Container | undefined {
  const remotes = workspace.spec.remotes ?? [];
  if (remotes.length === 0) return undefined;
  const adds = remotes.map((r) => `git remote add ${shellQuote(r.name)} ${shellQuote(r.url)}`);
  return {
    name: 'remote-setup',
    image,
    command: ['sh', '-c', [`cd ${REPO_DIR}`, ...adds].join(' && ')],
    volumeMounts: workspaceMount,
  };
}

/** Checks out the Task's branch: the remote one when it exists, else a new local branch. */
export function branchSetupContainer(
  branch: string,
  image: string,
  env: EnvVar[],
  withToken: boolean,
): Container {
  const git = withToken ? `git -c ${HELPER_ARG}` : 'git';
  const script =
    `cd ${REPO_DIR} && ` +
    `${git} fetch origin "$KELOS_BRANCH":"$KELOS_BRANCH" 2>/dev/null; ` +
    `if git show-ref --verify --quiet "refs/heads/$KELOS_BRANCH"; then git checkout "$KELOS_BRANCH"; ` +
    `else git checkout -b "$KELOS_BRANCH"; fi`;
  return {
    name: 'branch-setup',
    image,
    command: ['sh', '-c', script],
    env: [...env, { name: 'KELOS_BRANCH', value: branch }],
    volumeMounts: workspaceMount,
  };
}
