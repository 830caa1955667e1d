/**
 * GitHub issues and pull requests (KELOS-BEHAVIOUR §3.5) through the REST API:
 * listed with the spec's filters, comments fetched, then waiting items ordered
 * by priority label and, within a priority, oldest first (SPEC.md §4).
 */
import { discoverIssues } from '../github/issue-items.js';
import { githubAccess } from '../github/github-access.js';
import { sortByLabelPriority } from '../decide/priority.js';
import type { Source } from './source.js';

export const githubIssuesSource: Source = {
  name: 'githubIssues',
  handles: (spawner) => spawner.spec.when.githubIssues !== undefined,
  async discover(spawner, context) {
    const spec = spawner.spec.when.githubIssues;
    if (!spec) return { items: [] };
    const access = await githubAccess(context.kube, spawner, context);
    const items = await discoverIssues(access.client, access.repo, spec);
    const oldestFirst = [...items].sort((a, b) => a.number - b.number);
    return { items: sortByLabelPriority(oldestFirst, spec.priorityLabels) };
  },
};
