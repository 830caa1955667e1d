/**
 * Every payload in @octokit/webhooks-examples (all event types and actions),
 * signed and delivered to the real github-source, whose sink is the real spawn
 * function on the real API server with a GitHub-issues and a pull-request
 * spawner watching the examples' repository: each is answered 2xx (so spawn
 * answered 2xx too: github-source says 502 otherwise) and nothing is logged at
 * error level.
 */
import { expect } from 'chai';
import examples from '@octokit/webhooks-examples';
import type { RunningGitHubSource } from '../../../functions/github-source/start.js';
import { captureLogger, type CaptureLogger } from '../../support/capture-logger.js';
import { startHandlerServer, type FunctionServer } from '../../support/functions.js';
import { createSpawnHandler } from '../../../functions/spawn/handler.js';
import { readConfig, type SpawnConfig } from '../../../functions/spawn/config.js';
import { createSpawnState } from '../../../functions/spawn/spawn-state.js';
import { setUpWorld, spawner, workspace, type SpawnWorld } from '../spawn/harness.js';
import { deliver } from './payloads.js';

const SECRET = 'all-examples-secret';
type Example = { name: string; examples: Record<string, unknown>[] };
const all = (examples as unknown as Example[]).flatMap((group) =>
  group.examples.map((payload, i) => ({ event: group.name, i, payload })),
);

describe('github-source → spawn: every @octokit/webhooks-examples payload', function () {
  this.timeout(180_000);
  let world: SpawnWorld;
  let spawn: FunctionServer;
  let source: RunningGitHubSource;
  let spawnLog: CaptureLogger;
  let sourceLog: CaptureLogger;

  before(async function () {
    world = await setUpWorld('ghall');
    spawnLog = captureLogger();
    sourceLog = captureLogger();
    spawn = await startHandlerServer<SpawnConfig>({
      name: 'spawn',
      handle: createSpawnHandler(createSpawnState()),
      readConfig,
      env: { KUBECONFIG: world.cluster.kubeconfigPath, GITHUB_API_URL: world.gh.url },
      log: spawnLog,
    });
    const { startGitHubSource } = await import('../../../functions/github-source/start.js');
    source = await startGitHubSource({
      env: { GITHUB_WEBHOOK_SECRET: SECRET, K_SINK: spawn.url },
      host: '127.0.0.1',
      port: 0,
      handleSignals: false,
      log: sourceLog,
    });
    await world.kube.create(workspace(world.ns));
    await world.kube.create(
      spawner(
        world.ns,
        'issues',
        { when: { githubIssues: {} }, pollInterval: '1h' },
        { branch: 'i-{{.Number}}' },
      ),
    );
    await world.kube.create(
      spawner(
        world.ns,
        'pulls',
        {
          when: { githubIssues: { types: ['issues', 'pulls'], triggerComment: '/kelos go' } },
          pollInterval: '1h',
        },
        { branch: 'p-{{.Number}}' },
      ),
    );
  });
  after(async () => {
    await source?.close();
    await spawn?.stop();
    await world?.close();
  });

  it(`covers the whole package (${all.length} payloads, ${new Set(all.map((a) => a.event)).size} event types)`, () => {
    expect(all.length).to.be.greaterThan(300);
    expect(all.map((a) => a.event)).to.include('projects_v2_item');
  });

  it('answers every signed example 2xx and spawn logs no error', async () => {
    const refused: string[] = [];
    for (const { event, i, payload } of all) {
      const res = await deliver(source.url, event, payload, { secret: SECRET, id: `ex-${event}-${i}` });
      if (res.status < 200 || res.status > 299)
        refused.push(`${event}#${i} (${String(payload['action'] ?? '-')}): ${res.status} ${res.body}`);
    }
    expect(refused).to.deep.equal([]);
    const errors = [...spawnLog.lines, ...sourceLog.lines].filter((l) => l.level === 'error');
    expect(errors.map((l) => `${l.message} ${JSON.stringify(l.meta)}`)).to.deep.equal([]);
  });
});
