/**
 * The three-stage pipeline of examples/07 through the local event plane and
 * the real functions, the test playing the kubelet; then the same pipeline
 * with the event plane restarted in the middle (an agent Pod finishes while
 * it is down, so no event tells anyone: the resync tick finishes the job).
 */
import { expect } from 'chai';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/cluster.js';
import { finishPod, runPod } from './kubelet.js';
import { eventually, startWorld, type World } from './world.js';

const PIPELINE = join(REPO_ROOT, 'examples', '07-task-pipeline');
const AGENT = 'claude-code';
const sha = (c: string) => c.repeat(40);
/* eslint-disable @typescript-eslint/no-explicit-any -- Task and Pod JSON read back from kubectl */

describe('e2e: three-stage pipeline (examples/07) through the local event plane', function () {
  this.timeout(300_000);
  let world: World;
  before(async function () {
    this.timeout(300_000);
    world = await startWorld({ resyncSeconds: 3 });
  });
  after(async () => {
    await world?.close();
  });

  const phase = async (ns: string, name: string) =>
    (await world.get<any>(ns, 'task', name))?.status?.phase as string | undefined;
  const waitPhase = (ns: string, name: string, want: string, timeoutMs = 20_000) =>
    eventually(`${name} ${want}`, async () => (await phase(ns, name)) === want, timeoutMs);
  const waitPod = (ns: string, name: string) =>
    eventually(`Pod ${name}`, () => world.get<any>(ns, 'pod', name));
  const podText = (pod: any) => JSON.stringify(pod.spec.containers);

  /** Plays the kubelet for one stage: run, then succeed with branch and commit outputs. */
  async function completeStage(ns: string, name: string, commit: string): Promise<any> {
    await waitPod(ns, name);
    await runPod(world.kubectl, ns, name, AGENT);
    await waitPhase(ns, name, 'Running');
    await finishPod(world.kubectl, ns, name, AGENT, { outputs: { branch: 'feature/greeting', commit } });
    await waitPhase(ns, name, 'Succeeded');
    return world.get<any>(ns, 'task', name);
  }

  it('runs scaffold → write-tests → open-pr in order, passing results through .Deps', async () => {
    const ns = await world.newNamespace('pipeline');
    await world.apply(ns, PIPELINE);

    await waitPod(ns, 'scaffold');
    await waitPhase(ns, 'write-tests', 'Waiting');
    await waitPhase(ns, 'open-pr', 'Waiting');
    expect(await world.get(ns, 'pod', 'write-tests')).to.equal(undefined);

    const scaffold = await completeStage(ns, 'scaffold', sha('a'));
    expect(scaffold.status.results).to.include({ branch: 'feature/greeting', commit: sha('a') });

    const second = await waitPod(ns, 'write-tests');
    expect(podText(second)).to.include('The previous step pushed branch feature/greeting.');
    expect(await phase(ns, 'open-pr')).to.equal('Waiting');
    await completeStage(ns, 'write-tests', sha('b'));

    const third = await waitPod(ns, 'open-pr');
    expect(podText(third)).to.include(`(commit\\n${sha('b')})`);
    await completeStage(ns, 'open-pr', sha('c'));

    // The functions announced each success into the broker (K_SINK = the plane's ingress).
    const published = [...world.stack.plane.brokers.values()].flatMap((b) => b.published);
    for (const name of ['scaffold', 'write-tests', 'open-pr']) {
      expect(
        published.some(
          (e) =>
            e.attributes.type === 'dev.kelos.task.succeeded' &&
            e.attributes.source === `/apis/kelos.dev/v1alpha1/namespaces/${ns}/tasks/${name}`,
        ),
        `dev.kelos.task.succeeded for ${name}`,
      ).to.equal(true);
    }
  });

  it('finishes the pipeline when the event plane restarts mid-way and the Pod finished while it was down', async () => {
    const ns = await world.newNamespace('recovery');
    await world.apply(ns, PIPELINE);
    await waitPod(ns, 'scaffold');
    await runPod(world.kubectl, ns, 'scaffold', AGENT);
    await waitPhase(ns, 'scaffold', 'Running');

    const plane = await world.stack.restartPlane(async () => {
      // Let requests already inside a function finish, so only the resync tick can notice what follows.
      await new Promise((r) => setTimeout(r, 500));
      await finishPod(world.kubectl, ns, 'scaffold', AGENT, {
        outputs: { branch: 'feature/greeting', commit: sha('d') },
      });
    });
    await waitPhase(ns, 'scaffold', 'Succeeded', 15_000);
    // The new plane never saw the Pod change (a list emits nothing): the resync tick did it.
    const published = [...plane.brokers.values()].flatMap((b) => b.published);
    expect(published.some((e) => e.attributes.kind === 'Pod' && e.attributes.name === 'scaffold')).to.equal(
      false,
    );
    expect(published.some((e) => e.attributes.type === 'dev.knative.sources.ping')).to.equal(true);

    await completeStage(ns, 'write-tests', sha('e'));
    await completeStage(ns, 'open-pr', sha('f'));
    for (const name of ['scaffold', 'write-tests', 'open-pr'])
      expect(await phase(ns, name)).to.equal('Succeeded');
  });
});
