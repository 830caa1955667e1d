/**
 * What a spawned Task was spawned from, recorded on the Task by spawn so that
 * report-github (SPEC.md §9) needs no GitHub search to find its issue or PR:
 *
 * | key                            | where      | value                                   |
 * |--------------------------------|------------|-----------------------------------------|
 * | `kelos.dev/github-kind`        | label      | `issue` or `pull`                       |
 * | `kelos.dev/github-number`      | label      | the issue / PR number, e.g. `42`        |
 * | `kelos.dev/github-repository`  | annotation | the repository's web URL, e.g. `https://github.com/o/r` |
 *
 * Labels for what a sweep selects on, an annotation for the URL (not a valid
 * label value). Only Tasks of a `githubIssues` spawner carry them.
 */
import type { ObjectMeta } from '../api/kube-types.js';

export const LABEL_GITHUB_KIND = 'kelos.dev/github-kind';
export const LABEL_GITHUB_NUMBER = 'kelos.dev/github-number';
export const ANNOTATION_GITHUB_REPOSITORY = 'kelos.dev/github-repository';

export type GitHubItemKind = 'issue' | 'pull';

export interface GitHubOrigin {
  kind: GitHubItemKind;
  number: number;
  /** Host with port, e.g. `github.com` or `ghe.example.com:8443`. */
  host: string;
  owner: string;
  repo: string;
}

// An item's html_url: https://<host>/<owner>/<repo>/(issues|pull)/<n>. Dots are kept in the repo name.
const ITEM_URL = /^https?:\/\/([^/]+)\/([^/]+)\/([^/]+)\/(?:issues|pull)\/(\d+)\/?$/;
const REPO_URL = /^https?:\/\/([^/]+)\/([^/]+)\/([^/]+?)\/?$/;

/** The origin of a GitHub work item from its web URL and kind (`Issue` / `PR`); undefined when the URL is not an item URL. */
export function originFromItem(item: {
  url: string;
  kind: string;
  number: number;
}): GitHubOrigin | undefined {
  const m = ITEM_URL.exec(item.url);
  if (!m || String(item.number) !== m[4]) return undefined;
  return {
    kind: item.kind === 'PR' ? 'pull' : 'issue',
    number: item.number,
    host: m[1]!,
    owner: m[2]!,
    repo: m[3]!,
  };
}

/** The labels and annotations that record `origin` on a Task. */
export function originMetadata(origin: GitHubOrigin): {
  labels: Record<string, string>;
  annotations: Record<string, string>;
} {
  return {
    labels: { [LABEL_GITHUB_KIND]: origin.kind, [LABEL_GITHUB_NUMBER]: String(origin.number) },
    annotations: { [ANNOTATION_GITHUB_REPOSITORY]: `https://${origin.host}/${origin.owner}/${origin.repo}` },
  };
}

/** The origin recorded on a Task, or undefined when it has none (or a malformed one). */
export function readOrigin(obj: {
  metadata: Pick<ObjectMeta, 'labels' | 'annotations'>;
}): GitHubOrigin | undefined {
  const kind = obj.metadata.labels?.[LABEL_GITHUB_KIND];
  const number = Number(obj.metadata.labels?.[LABEL_GITHUB_NUMBER]);
  const repo = REPO_URL.exec(obj.metadata.annotations?.[ANNOTATION_GITHUB_REPOSITORY] ?? '');
  if ((kind !== 'issue' && kind !== 'pull') || !Number.isInteger(number) || number <= 0 || !repo)
    return undefined;
  return { kind, number, host: repo[1]!, owner: repo[2]!, repo: repo[3]! };
}
