/**
 * Full discovery for one spawner (KELOS-BEHAVIOUR §3.4 step 3 and §3.5):
 * GitHub issues/PRs through the REST API (priority-sorted), or the cron ticks
 * since the cursor. Source precedence as the original: githubIssues, jira, cron.
 */
import { discoverIssues } from '../core/github/discover.js';
import { readLedger } from '../core/spawner/ledger.js';
import { sortByLabelPriority } from '../core/spawner/priority.js';
import { cronStart } from '../core/spawner/schedule.js';
import { cronTicks } from '../core/spawner/cron-ticks.js';
import type { WorkItem } from '../core/spawner/work-item.js';
import type { PassFacts } from './finalize.js';
import { githubAccess } from './github-access.js';
import { discoverJira, jiraCredentials } from './jira-source.js';
import type { SpawnEnv } from './spawn-env.js';
import type { SpawnerObject } from './spawner-io.js';

export interface Discovery {
  items: WorkItem[];
  facts: PassFacts;
}

export async function discover(env: SpawnEnv, spawner: SpawnerObject, now: Date): Promise<Discovery> {
  const when = spawner.spec.when;
  if (when.githubIssues) {
    const access = await githubAccess(env.kube, spawner, env);
    const items = await discoverIssues(access.client, access.repo, when.githubIssues);
    // SPEC.md §4: waiting items are admitted in priority order, then oldest first.
    const oldestFirst = [...items].sort((a, b) => a.number - b.number);
    return {
      items: sortByLabelPriority(oldestFirst, when.githubIssues.priorityLabels),
      facts: { discovered: items.length, discoveredAt: now },
    };
  }
  if (when.jira) {
    const creds = await jiraCredentials(env.kube, spawner.metadata.namespace ?? '', when.jira);
    const items = await discoverJira({
      baseUrl: when.jira.baseUrl,
      project: when.jira.project,
      jql: when.jira.jql,
      ...creds,
      ...(env.state.fetch ? { fetch: env.state.fetch } : {}),
    });
    return { items, facts: { discovered: items.length, discoveredAt: now } };
  }
  if (when.cron) {
    const ticks = cronTicks(when.cron.schedule, cronStart(spawner, readLedger(spawner)), now);
    return {
      items: ticks,
      facts: { discovered: ticks.length, discoveredAt: now, cron: { ticks, until: now } },
    };
  }
  throw new Error(
    `no source configured in TaskSpawner ${spawner.metadata.namespace}/${spawner.metadata.name}`,
  );
}
