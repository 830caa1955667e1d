/**
 * The git init containers of an agent Pod (KELOS-BEHAVIOUR §2.8, §4.2):
 * git-clone (shallow, optional --branch, token via a credential helper that
 * is persisted in the clone so the agent can push), remote-setup and
 * branch-setup. The token never appears in a script: the helper reads
 * $GITHUB_TOKEN from the environment when git calls it.
 *
 * Beyond the original, git-clone also writes the token into the clone's own
 * config as an `http.<origin>.extraHeader` (HTTP Basic, x-access-token), for
 * agents that blank credential helpers in their shell: gemini-cli sets
 * credential.helper="" through GIT_CONFIG_* (read after the repository's
 * config, so it wins) and GIT_ASKPASS="", which leaves `git push` with no
 * credential. Repository config and http.extraHeader survive that. The
 * header is computed by the shell from $GITHUB_TOKEN at run time and written
 * with the printf builtin, so the token is in no Pod spec, argv or log.
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

/**
 * Pure: the `scheme://host[:port]/` an HTTP(S) repository is served from, or
 * undefined (ssh, file, git:// or not a URL): the scope of the clone's
 * Authorization header. The whole host, not the repository path: pushes to
 * other repositories of the same host (a fork in workspace.spec.remotes) get
 * the token as they do through the helper; other hosts never do.
 */
export function httpOrigin(repo: string): string | undefined {
  let url: URL;
  try {
    url = new URL(repo);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  return `${url.protocol}//${url.host}/`;
}

/**
 * The shell that appends `[http "<origin>"] extraHeader = Authorization: Basic
 * base64(x-access-token:$GITHUB_TOKEN)` to the clone's config. printf is a
 * shell builtin and base64 reads stdin: the token never reaches an argv.
 */
export function persistAuthHeaderScript(origin: string): string {
  const config = `${REPO_DIR}/.git/config`;
  return (
    `if [ -n "\${GITHUB_TOKEN:-}" ]; then ` +
    `auth=$(printf 'x-access-token:%s' "$GITHUB_TOKEN" | base64 | tr -d '\\n') && [ -n "$auth" ] && ` +
    `printf '[http "%s"]\\n\\textraHeader = Authorization: Basic %s\\n' ${shellQuote(origin)} "$auth" >> ${config}; fi`
  );
}

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
  const origin = httpOrigin(workspace.spec.repo);
  const script =
    `git -c ${HELPER_ARG} "$@" && git -C ${REPO_DIR} config credential.helper ${shellQuote(CREDENTIAL_HELPER)}` +
    (origin ? ` && ${persistAuthHeaderScript(origin)}` : '');
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
