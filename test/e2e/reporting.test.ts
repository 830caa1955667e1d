/**
 * Reporting back to GitHub end to end (SPEC.md §9), through the local event
 * plane and the real functions: a TaskSpawner written as for the original's
 * later versions (`reporting: {enabled: true}`) applied with kubectl, a signed
 * issues webhook, the Task through its lifecycle (the test plays the kubelet),
 * and the one status comment on the issue, edited in place until it shows the
 * branch and the pull request. report-github is woken by the Task changes and
 * by the functions' own dev.kelos.task.* events.
 */
import { expect } from 'chai';
import { join } from 'node:path';
import { parseMarker } from '../../functions/report-github/marker.js';
import { REPO_ROOT } from '../support/cluster.js';
import { finishPod, runPod } from './kubelet.js';
import { deliverIssueEvent, labeledIssuePayload } from './support/issue-webhook.js';
import { applySpawner } from './support/spawner.js';
import { eventually, startWorld, type World } from './world.js';

const REPO = 'example-org/example-repo';
/* eslint-disable @typescript-eslint/no-explicit-any -- objects read back as JSON */

// A manifest as a user of the original's later versions writes it: nothing Knative-specific.
const SPAWNER_YAML = `apiVersion: kelos.dev/v1alpha1
kind: TaskSpawner
metadata:
  name: issue-reporter
spec:
  when:
    githubIssues:
      labels: [kelos]
      reporting:
        enabled: true
  taskTemplate:
    type: claude-code
    credentials:
      type: oauth
      secretRef:
        name: claude-oauth
    workspaceRef:
      name: demo-repo
    branch: kelos-issue-{{.Number}}
    promptTemplate: "Fix #{{.Number}}: {{.Title}}"
  pollInterval: 1h
`;

describe('e2e: reporting to GitHub through the local event plane', function () {
  this.timeout(300_000);
  let world: World;
  before(async function () {
    this.timeout(300_000);
    world = await startWorld({ resyncSeconds: 3600 });
  });
  after(async () => {
    await world?.close();
  });

  it('one comment on the issue follows its Task from the webhook to Succeeded with the branch and PR link', async () => {
    const ns = await world.newNamespace('report');
    const example = join(REPO_ROOT, 'examples/03-taskspawner-github-issues');
    await world.apply(ns, join(example, 'claude-oauth-secret.yaml'));
    await world.apply(ns, join(example, 'github-token-secret.yaml'));
    await world.apply(ns, join(example, 'workspace.yaml'));
    const applied = await applySpawner(world, ns, SPAWNER_YAML);
    expect(applied).to.include('taskspawner.kelos.dev/issue-reporter created');

    const issue = world.gh.setIssue(REPO, { number: 42, title: 'Greeting is rude', labels: ['kelos'] });
    world.gh.setComments(REPO, 42, ['Please be polite.']);
    expect(await deliverIssueEvent(world, labeledIssuePayload(REPO, issue))).to.be.within(200, 299);

    const statusComments = () => world.gh.comments(REPO, 42).filter((c) => parseMarker(c.body));
    const commentSaying = (text: string) =>
      eventually(`the status comment saying ${text}`, async () => {
        const c = statusComments();
        return c.length === 1 && c[0]!.body.includes(text) && c[0]!;
      });

    const task = await eventually('the spawned Task', () => world.get<any>(ns, 'task', 'issue-reporter-42'));
    expect(task.metadata.labels).to.include({
      'kelos.dev/github-kind': 'issue',
      'kelos.dev/github-number': '42',
    });
    // Created at once (Queued or further: the Task moves on while the comment is written).
    const first = await eventually(
      'a status comment',
      async () => statusComments().length === 1 && statusComments()[0]!,
    );

    const pod = await eventually('its Pod', () => world.get<any>(ns, 'pod', 'issue-reporter-42'));
    await runPod(world.kubectl, ns, pod.metadata.name, 'claude-code');
    await commentSaying('**Running**');
    await finishPod(world.kubectl, ns, pod.metadata.name, 'claude-code', {
      outputs: {
        branch: 'kelos-issue-42',
        pr: `https://github.com/${REPO}/pull/43`,
        'input-tokens': '2100',
        'output-tokens': '800',
        'cost-usd': '0.12',
      },
    });
    const final = await commentSaying('**Succeeded**');
    expect(final.id, 'edited in place, never a second comment').to.equal(first.id);
    expect(final.body).to.include('- Branch: `kelos-issue-42`');
    expect(final.body).to.include(`- Pull request: https://github.com/${REPO}/pull/43`);
    expect(final.body).to.include('- Tokens: 2100 in, 800 out').and.include('- Cost: $0.12');
    expect(world.gh.comments(REPO, 42).map((c) => c.body)[0]).to.equal('Please be polite.');
    await eventually('the GitHubReported condition', async () => {
      const t = await world.get<any>(ns, 'task', 'issue-reporter-42');
      // Recorded for every phase GitHub shows (reason = the phase): here the final one.
      return t?.status?.conditions?.some(
        (c: any) => c.type === 'GitHubReported' && c.status === 'True' && c.reason === 'Succeeded',
      );
    });
    // Both wake-ups were used: Task changes (ApiServerSource) and the lifecycle events.
    const published = [...world.stack.plane.brokers.values()].flatMap((b) => b.published);
    expect(published.some((e) => e.attributes.type === 'dev.kelos.task.succeeded')).to.equal(true);
    expect(statusComments()).to.have.length(1);
  });
});
