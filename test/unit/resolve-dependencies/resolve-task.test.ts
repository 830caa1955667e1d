import { expect } from 'chai';
import type { KubeObject } from '../../../functions/core/api/kube-types.js';
import type { Task } from '../../../functions/core/api/types.js';
import { acquireBranchLease } from '../../../functions/core/branch-lock/branch-lease.js';
import type { HandlerDeps, Logger, OutgoingEvent } from '../../../functions/core/runtime/contract.js';
import { ConflictError } from '../../../functions/core/runtime/errors.js';
import type { ResolveConfig } from '../../../functions/resolve-dependencies/config.js';
import { handle } from '../../../functions/resolve-dependencies/handler.js';
import { resolveTask } from '../../../functions/resolve-dependencies/resolve-task.js';
import { makeTask } from './fixtures.js';
import { memoryKube, type MemoryKube } from './memory-kube.js';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };
const secret: KubeObject = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'creds', namespace: 'ns' },
  data: { ANTHROPIC_API_KEY: Buffer.from('k').toString('base64') },
};

function setup(tasks: Task[]): {
  kube: MemoryKube;
  deps: HandlerDeps<ResolveConfig>;
  events: OutgoingEvent[];
} {
  const kube = memoryKube([secret, ...(tasks as unknown as KubeObject[])]);
  const events: OutgoingEvent[] = [];
  const deps: HandlerDeps<ResolveConfig> = {
    kube,
    log: silent,
    now: () => new Date('2026-11-25T12:00:00Z'),
    config: { watchNamespace: undefined, sweepMinAgeMs: 0 },
    emit: async (e) => void events.push(e),
  };
  return { kube, deps, events };
}

const statusOf = async (kube: MemoryKube, name: string) =>
  (
    await kube.get<Task & KubeObject>({
      apiVersion: 'kelos.dev/v1alpha1',
      kind: 'Task',
      namespace: 'ns',
      name,
    })
  )?.status;

describe('resolveTask (executor)', () => {
  it('writes Waiting once, emits dev.kelos.task.waiting once, and does not rewrite an identical status', async () => {
    const { kube, deps, events } = setup([makeTask('b', { dependsOn: ['a'] })]);
    expect((await resolveTask(deps, 'ns', 'b')).result).to.equal('waiting');
    expect((await resolveTask(deps, 'ns', 'b')).result).to.equal('unchanged');
    expect(kube.writes).to.equal(1);
    expect(events.map((e) => [e.type, e.subject, e.source])).to.deep.equal([
      ['dev.kelos.task.waiting', 'b', '/apis/kelos.dev/v1alpha1/namespaces/ns/tasks/b'],
    ]);
    expect(events[0]!.data).to.include({
      phase: 'Waiting',
      message: 'Waiting for dependency "a" to be created',
    });
  });

  it('recomputes after a Conflict and succeeds', async () => {
    const { kube, deps } = setup([makeTask('t', { branch: 'f' })]);
    kube.conflictNext(2);
    expect((await resolveTask(deps, 'ns', 't')).result).to.equal('admitted');
    expect((await statusOf(kube, 't'))?.conditions?.find((c) => c.type === 'Admitted')?.status).to.equal(
      'True',
    );
    // The Lease taken before the first attempt is reused, not duplicated.
    expect((await kube.list('coordination.k8s.io/v1', 'Lease', 'ns')).items).to.have.length(1);
  });

  it('gives up with ConflictError (409) when every attempt conflicts', async () => {
    const { kube, deps } = setup([makeTask('t')]);
    kube.conflictNext(100);
    let error: unknown;
    await resolveTask(deps, 'ns', 't').catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(ConflictError);
  });

  it('fails a Task whose dependency failed, emits dev.kelos.task.failed, and leaves it alone afterwards', async () => {
    const { kube, deps, events } = setup([
      makeTask('a', {}, { phase: 'Failed' }),
      makeTask('b', { dependsOn: ['a'] }),
    ]);
    expect((await resolveTask(deps, 'ns', 'b')).result).to.equal('failed');
    expect(await statusOf(kube, 'b')).to.include({
      phase: 'Failed',
      message: 'Dependency "a" failed',
      completionTime: '2026-11-25T12:00:00.000Z',
    });
    expect(events.map((e) => e.type)).to.deep.equal(['dev.kelos.task.failed']);
    expect((await resolveTask(deps, 'ns', 'b')).result).to.equal('skipped');
  });

  it('answers "gone" for a Task that does not exist, writing nothing', async () => {
    const { kube, deps } = setup([]);
    expect((await resolveTask(deps, 'ns', 'ghost')).result).to.equal('gone');
    expect(kube.writes).to.equal(0);
  });
});

describe('handler', () => {
  const event = (name: string) =>
    ({
      type: 'object',
      eventId: '1',
      eventType: 'dev.knative.apiserver.ref.update',
      apiVersion: 'kelos.dev/v1alpha1',
      kind: 'Task',
      namespace: 'ns',
      name,
    }) as const;

  it('ignores other kinds and handles a resync sweep', async () => {
    const { deps } = setup([makeTask('t')]);
    expect(await handle({ ...event('t'), kind: 'Pod', apiVersion: 'v1' }, deps)).to.equal('ignored');
    expect(
      await handle({ type: 'resync', eventId: '2', eventType: 'dev.knative.sources.ping', time: '' }, deps),
    ).to.equal('handled');
  });

  it('when a Task finished, re-checks its dependents and the Tasks waiting for its branch', async () => {
    const { kube, deps } = setup([
      makeTask('a', { branch: 'f' }, { phase: 'Succeeded' }),
      makeTask('b', { dependsOn: ['a'] }, { phase: 'Waiting', message: 'Waiting for dependency "a"' }),
      makeTask('c', { branch: 'f' }, { phase: 'Waiting', message: 'Waiting for branch "f" (locked by a)' }),
    ]);
    expect(await handle(event('a'), deps)).to.equal('handled');
    for (const name of ['b', 'c']) {
      expect(
        (await statusOf(kube, name))?.conditions?.find((x) => x.type === 'Admitted')?.status,
        name,
      ).to.equal('True');
    }
  });
});

describe('resolveTask: a Lease left by an attempt whose status write never landed', () => {
  it('is released when the Task turns out not to be ready', async () => {
    const { kube, deps } = setup([
      makeTask('t', { branch: 'f', credentials: { type: 'oauth', secretRef: { name: 'creds' } } }),
    ]);
    const task = await kube.get<Task & KubeObject>({
      apiVersion: 'kelos.dev/v1alpha1',
      kind: 'Task',
      namespace: 'ns',
      name: 't',
    });
    expect(await acquireBranchLease(kube, task!, new Date())).to.deep.equal({ acquired: true });
    expect((await resolveTask(deps, 'ns', 't')).result).to.equal('waiting');
    expect((await statusOf(kube, 't'))?.message).to.equal(
      'Waiting for Secret "creds" to have key "CLAUDE_CODE_OAUTH_TOKEN"',
    );
    expect((await kube.list('coordination.k8s.io/v1', 'Lease', 'ns')).items).to.have.length(0);
  });
});

describe('resolveTask: a stale read must not release the Lease of a Task another replica admitted', () => {
  it('keeps the Lease when the Task was admitted between this replica reading it and writing', async () => {
    const waiting = { phase: 'Waiting' as const, message: 'Waiting for branch "f" (locked by x)' };
    const { kube, deps } = setup([
      makeTask('a', {}, { phase: 'Succeeded' }),
      makeTask('t', { branch: 'f', dependsOn: ['a'] }, waiting),
    ]);
    // Replica B: its sweep listed the namespace long ago, when `a` still ran.
    const stale = (await kube.list<Task & KubeObject>('kelos.dev/v1alpha1', 'Task', 'ns')).items.map((t) =>
      t.metadata.name === 'a' ? { ...t, status: { phase: 'Running' as const } } : t,
    );
    // Replica A admits `t` right after B read it.
    let interleaved = false;
    const kubeB: typeof kube = {
      ...kube,
      get: async <T extends KubeObject>(ref: Parameters<typeof kube.get>[0]) => {
        const got = await kube.get<T>(ref);
        if (ref.kind === 'Task' && ref.name === 't' && !interleaved) {
          interleaved = true;
          expect((await resolveTask(deps, 'ns', 't')).result).to.equal('admitted');
        }
        return got;
      },
    };
    const b = await resolveTask({ ...deps, kube: kubeB }, 'ns', 't', { namespaceTasks: stale });
    expect(interleaved).to.equal(true);
    expect(b.result).to.equal('skipped');
    expect((await statusOf(kube, 't'))?.conditions?.find((c) => c.type === 'Admitted')?.status).to.equal(
      'True',
    );
    const leases = (
      await kube.list<KubeObject & { spec?: { holderIdentity?: string } }>(
        'coordination.k8s.io/v1',
        'Lease',
        'ns',
      )
    ).items;
    expect(leases.map((l) => l.spec?.holderIdentity)).to.deep.equal(['t']);
  });
});
