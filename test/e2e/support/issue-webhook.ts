/**
 * A GitHub `issues.labeled` delivery for e2e tests: the real example payload
 * (@octokit/webhooks-examples) rewritten for one repository, issue and label,
 * sent to the stack's github-source signed as GitHub signs it.
 */
import { examplePayload, sendWebhook } from '../webhooks.js';
import type { World } from '../world.js';

/** Pure: the `issues.labeled` example payload for `repo` ("owner/name"), carrying `issue` and `label`. */
export function labeledIssuePayload(repo: string, issue: object, label = 'kelos'): Record<string, unknown> {
  const [owner = '', name = ''] = repo.split('/');
  const base = examplePayload('issues', 'labeled');
  return {
    ...base,
    issue: { ...(base.issue as object), ...issue },
    label: { ...(base.label as object), name: label },
    repository: {
      ...(base.repository as object),
      full_name: repo,
      name,
      html_url: `https://github.com/${repo}`,
      owner: { login: owner },
    },
  };
}

/** Sends `payload` as an `issues` delivery, signed with `secret` (default: the stack's own); the HTTP status. */
export function deliverIssueEvent(
  world: World,
  payload: object,
  secret = world.stack.webhookSecret,
): Promise<number> {
  return sendWebhook(world.stack.githubUrl, 'issues', payload, secret);
}
