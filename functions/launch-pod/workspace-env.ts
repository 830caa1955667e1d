/**
 * What a Workspace contributes to a Pod: where it points (host, owner/repo),
 * which Secret carries its token, and the env subset git and gh need
 * (`GH_HOST`, `GITHUB_TOKEN`, `GH_TOKEN` or `GH_ENTERPRISE_TOKEN`), shared by
 * the main container and the git-clone / branch-setup init containers.
 */
import type { EnvVar } from '../core/api/kube-types.js';
import type { Workspace } from '../core/api/types.js';
import { isEnterpriseHost, parseGitHubRepo } from '../core/git/parse-repo.js';

export interface WorkspaceEnv {
  /** GH_HOST when the host is GitHub Enterprise. */
  host: EnvVar[];
  /** GITHUB_TOKEN and GH_TOKEN / GH_ENTERPRISE_TOKEN when a token Secret is used. */
  token: EnvVar[];
  /** Secret holding GITHUB_TOKEN, if any. */
  tokenSecret: string | undefined;
}

/** `tokenSecretOverride` is the generated `<task>-github-token` Secret when the workspace uses a GitHub App. */
export function workspaceEnv(workspace: Workspace, tokenSecretOverride?: string): WorkspaceEnv {
  const { host } = parseGitHubRepo(workspace.spec.repo);
  const enterprise = isEnterpriseHost(host);
  const tokenSecret = tokenSecretOverride ?? workspace.spec.secretRef?.name;
  const ref = (name: string): EnvVar => ({
    name,
    valueFrom: { secretKeyRef: { name: tokenSecret!, key: 'GITHUB_TOKEN' } },
  });
  return {
    host: enterprise ? [{ name: 'GH_HOST', value: host }] : [],
    token: tokenSecret ? [ref('GITHUB_TOKEN'), ref(enterprise ? 'GH_ENTERPRISE_TOKEN' : 'GH_TOKEN')] : [],
    tokenSecret,
  };
}

/** `<owner>/<repo>` of the first remote named `upstream`, when its URL has both. */
export function upstreamRepo(workspace: Workspace): string | undefined {
  const upstream = workspace.spec.remotes?.find((r) => r.name === 'upstream');
  if (!upstream) return undefined;
  const { owner, repo } = parseGitHubRepo(upstream.url);
  return owner && repo ? `${owner}/${repo}` : undefined;
}
