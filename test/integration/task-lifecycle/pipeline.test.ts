/**
 * The three Task functions together on the three-stage pipeline of
 * examples/07-task-pipeline (applied unchanged, in a fresh namespace): the
 * test plays the event plane and the kubelet. Checks the end state, the
 * upstream branch reaching the downstream prompts, that the stages never
 * overlap on their branch, the failure cascade, and that duplicated,
 * reordered or dropped events change none of it.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { parseAllDocuments } from 'yaml';
import type { KubeObject, Stored } from '../../../functions/core/api/kube-types.js';
import type { TaskObject } from '../../../functions/core/task/objects.js';
import type { Pod, PodStatus } from '../../../functions/core/task/pod-types.js';
import { REPO_ROOT } from '../../support/cluster.js';
import { eventDriver, type Policy } from './event-driver.js';
import {
  listPods,
  listTasks,
  startLifecycle,
  terminatedStatus,
  type Lifecycle,
} from './lifecycle-harness.js';

const EXAMPLE = join(REPO_ROOT, 'examples/07-task-pipeline');
const STAGES = ['scaffold', 'write-tests', 'open-pr'];

function exampleObjects(namespace: string): KubeObject[] {
  return readdirSync(EXAMPLE)
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) =>
      parseAllDocuments(readFileSync(join(EXAMPLE, f), 'utf8')).map((d) => d.toJSON() as KubeObject | null),
    )
    .filter((o): o is KubeObject => !!o)
    .map((o) => ({ ...o, metadata: { ...o.metadata, namespace } }));
}

/** Applies Secrets and the Workspace first, Tasks last in file order (as `kubectl apply -f dir` would, roughly). */
async function applyExample(lc: Lifecycle, namespace: string): Promise<void> {
  const objects = exampleObjects(namespace);
  for (const o of [
    ...objects.filter((x) => x.kind !== 'Task'),
    ...objects.filter((x) => x.kind === 'Task'),
  ]) {
    await lc.kube.create<KubeObject>(o);
  }
}

interface Run {
  tasks: Map<string, TaskObject>;
  pods: Map<string, Pod>;
  /** Distinct Pod uids seen per Task name. */
  podUids: Map<string, Set<string>>;
  overlaps: string[];
}

/** A kubelet that runs each agent Pod (Running, then terminated with outputs), checking no two run at once. */
async function runPipeline(
  lc: Lifecycle,
  namespace: string,
  policy: Policy,
  failStage?: string,
  apply: (lc: Lifecycle, namespace: string) => Promise<void> = applyExample,
): Promise<Run> {
  const podUids = new Map<string, Set<string>>();
  const overlaps: string[] = [];
  const active = new Set<string>();
  const kubelet = (pod: Stored<Pod>): PodStatus | undefined => {
    const name = pod.metadata.name;
    const uids = podUids.get(name) ?? new Set<string>();
    uids.add(pod.metadata.uid!);
    podUids.set(name, uids);
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') {
      active.delete(name);
      return undefined;
    }
    if (phase !== 'Running') {
      if (active.size > 0 && !active.has(name))
        overlaps.push(`${name} started while ${[...active].join(',')} ran`);
      active.add(name);
      const now = new Date().toISOString();
      return {
        phase: 'Running',
        startTime: now,
        containerStatuses: [
          {
            name: 'claude-code',
            ready: true,
            restartCount: 0,
            image: 'x',
            imageID: '',
            state: { running: { startedAt: now } },
          },
        ],
      };
    }
    active.delete(name);
    const exitCode = name === failStage ? 1 : 0;
    return terminatedStatus(
      'claude-code',
      exitCode,
      exitCode ? [] : ['branch: feature/greeting', `commit: sha-${name}`],
    );
  };
  await apply(lc, namespace);
  await eventDriver(lc, namespace, policy, kubelet).settle();
  const tasks = new Map((await listTasks(lc.kube, namespace)).map((t) => [t.metadata.name, t]));
  const pods = new Map((await listPods(lc.kube, namespace)).map((p) => [p.metadata.name, p]));
  return { tasks, pods, podUids, overlaps };
}

const summary = (run: Run) =>
  STAGES.map((s) => {
    const st = run.tasks.get(s)?.status;
    return {
      name: s,
      phase: st?.phase,
      message: st?.message,
      results: st?.results,
      pods: run.podUids.get(s)?.size ?? 0,
    };
  });

describe('Task lifecycle: the three-stage pipeline of examples/07 (integration)', function () {
  this.timeout(120_000);
  let lc: Lifecycle;
  let baseline: Run;

  before(async function () {
    this.timeout(180_000);
    lc = await startLifecycle();
    baseline = await runPipeline(lc, await lc.cluster.newNamespace('pipeline'), 'once');
  });
  after(async () => {
    await lc?.stop();
  });

  it('runs all three stages to Succeeded with their results', () => {
    for (const stage of STAGES) {
      const status = baseline.tasks.get(stage)?.status;
      expect(status?.phase, stage).to.equal('Succeeded');
      expect(status?.results).to.deep.equal({ branch: 'feature/greeting', commit: `sha-${stage}` });
    }
  });

  it('passes the upstream branch (and commit) into the downstream prompts', () => {
    const args = (name: string) => baseline.pods.get(name)?.spec?.containers[0]?.args?.[0] ?? '';
    expect(args('write-tests')).to.contain('The previous step pushed branch feature/greeting.');
    expect(args('open-pr')).to.contain('Open a pull request from branch feature/greeting');
    expect(args('open-pr')).to.contain('(commit\nsha-write-tests)');
  });

  it('never runs two stages on the branch at the same time, and creates exactly one Pod per Task', () => {
    expect(baseline.overlaps).to.deep.equal([]);
    expect([...baseline.pods.keys()].sort()).to.deep.equal([...STAGES].sort());
    for (const stage of STAGES) expect(baseline.podUids.get(stage)?.size, stage).to.equal(1);
  });

  it('a failure in stage 1 fails stages 2 and 3 with the original messages, without Pods', async () => {
    const run = await runPipeline(lc, await lc.cluster.newNamespace('pipeline-fail'), 'once', 'scaffold');
    expect(run.tasks.get('scaffold')?.status?.phase).to.equal('Failed');
    expect(run.tasks.get('write-tests')?.status).to.include({
      phase: 'Failed',
      message: 'Dependency "scaffold" failed',
    });
    expect(run.tasks.get('open-pr')?.status).to.include({
      phase: 'Failed',
      message: 'Dependency "write-tests" failed',
    });
    expect([...run.pods.keys()]).to.deep.equal(['scaffold']);
  });

  for (const policy of ['twice', 'reverse', 'drop-half'] as const) {
    it(`delivering events ${policy === 'drop-half' ? 'with half dropped (resync ticks recover)' : policy === 'twice' ? 'twice' : 'in reverse order'} ends the same, one Pod per Task`, async () => {
      const run = await runPipeline(lc, await lc.cluster.newNamespace(`pipeline-${policy}`), policy);
      expect(summary(run)).to.deep.equal(summary(baseline));
      expect(run.overlaps).to.deep.equal([]);
    });
  }

  for (const policy of ['once', 'twice', 'reverse'] as const) {
    it(`independent Tasks on one branch run one at a time (events ${policy})`, async () => {
      const names = ['lock-e', 'lock-d', 'lock-c', 'lock-b', 'lock-a'];
      const apply = async (l: Lifecycle, namespace: string) => {
        for (const o of exampleObjects(namespace).filter((x) => x.kind !== 'Task'))
          await l.kube.create<KubeObject>(o);
        const template = exampleObjects(namespace).find(
          (x) => x.kind === 'Task' && x.metadata.name === 'scaffold',
        )!;
        for (const name of names)
          await l.kube.create<KubeObject>({ ...template, metadata: { name, namespace } });
      };
      const run = await runPipeline(
        lc,
        await lc.cluster.newNamespace(`branch-${policy}`),
        policy,
        undefined,
        apply,
      );
      expect(run.overlaps).to.deep.equal([]);
      for (const name of names) {
        expect(run.tasks.get(name)?.status?.phase, name).to.equal('Succeeded');
        expect(run.podUids.get(name)?.size, name).to.equal(1);
      }
    });
  }
});
