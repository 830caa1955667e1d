/**
 * The client-side filters of the GitHub source (KELOS-BEHAVIOUR §3.5), shared
 * by polling and webhooks: item kinds (`types`) and `excludeLabels`.
 */
import type { GitHubIssues } from '../../core/api/types.js';
import type { WorkItem } from '../decide/work-item.js';

export function passesTypeFilter(kind: string, types: GitHubIssues['types']): boolean {
  const wanted = types && types.length > 0 ? types : ['issues'];
  return wanted.includes(kind === 'PR' ? 'pulls' : 'issues');
}

export function hasExcludedLabel(
  labels: readonly string[],
  excludeLabels: readonly string[] | undefined,
): boolean {
  return (excludeLabels ?? []).some((label) => labels.includes(label));
}

export function passesClientFilters(item: Pick<WorkItem, 'kind' | 'labels'>, spec: GitHubIssues): boolean {
  return passesTypeFilter(item.kind, spec.types) && !hasExcludedLabel(item.labels, spec.excludeLabels);
}
