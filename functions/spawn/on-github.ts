/**
 * A GitHub delivery: matched against every TaskSpawner watching the
 * delivery's repository, judged by the same filters as polling (state, labels,
 * assignee, author, types, excludeLabels, comment commands — comments are
 * fetched through the API), and admitted within the spawner's limits.
 */
import { API_VERSION } from '../core/api/constants.js';
import type { GitHubRequest } from '../core/runtime/contract.js';
import { itemWithComments } from './github/issue-items.js';
import { matchesIssueQuery } from './github/issue-query.js';
import { RateLimitedError } from '../core/github/rate-limit.js';
import { isKubeError } from '../core/k8s/errors.js';
import { TransientError } from '../core/runtime/errors.js';
import { githubAccess, spawnerRepo } from './github/github-access.js';
import { describe, runItemPass } from './run-pass.js';
import type { SpawnEnv } from './spawn-env.js';
import { listSpawnerTasks, type SpawnerObject } from './spawner-io.js';
import { sameRepo, webhookItem } from './github/webhook-item.js';

export async function onGitHub(env: SpawnEnv, request: GitHubRequest): Promise<'handled' | 'ignored'> {
  const found = webhookItem(request.event, request.payload);
  if (!found) return 'ignored';
  const list = await env.kube.list<SpawnerObject>(API_VERSION, 'TaskSpawner', env.config.watchNamespace, {
    resourceVersion: '0',
  });
  let matched = false;
  for (const spawner of list.items) {
    const spec = spawner.spec.when.githubIssues;
    if (!spec || spawner.spec.suspend || spawner.metadata.deletionTimestamp) continue;
    const log = env.log.child({
      taskspawner: `${spawner.metadata.namespace}/${spawner.metadata.name}`,
      issue: found.issue.number,
    });
    try {
      const known = await spawnerRepo(env.kube, spawner);
      if (!sameRepo(known.repo, found.repo) || !matchesIssueQuery(found.issue, spec)) continue;
      // The Task list (watch cache) is read while the comments are fetched.
      const listed = listSpawnerTasks(env.kube, spawner);
      listed.catch(() => undefined);
      const access = await githubAccess(env.kube, spawner, env, known);
      const item = await itemWithComments(
        access.client,
        access.repo,
        found.issue,
        spec,
        found.kind,
        found.newComment,
      );
      if (!item) continue;
      matched = true;
      const created = await runItemPass({ ...env, log }, spawner, [item], listed);
      log.debug('webhook item handled', { created });
    } catch (err) {
      if (isKubeError(err) && err.transient)
        throw new TransientError('webhook: API server unavailable', { cause: err });
      // e.g. a Task create whose answer was lost: the broker must redeliver, not count it done.
      if (err instanceof TransientError) throw err;
      if (err instanceof RateLimitedError) log.warn(err.message);
      else if (isKubeError(err)) throw err;
      else log.warn('webhook item not admitted', { error: describe(err) });
    }
  }
  return matched ? 'handled' : 'ignored';
}
